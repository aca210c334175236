import PropertyBased

/// One piece of text, drawn by weight: a random common Chinese character (U+4E00–U+9FA5), or
/// one of the listed texts of a kind.
public func piece(hanzi: Int = 0, _ kinds: (weight: Int, texts: [String])...) -> Generator<String, Shrink.None<String>> {
    let total = hanzi + kinds.reduce(0) { $0 + $1.weight }
    return Generator { rng in
        var roll = Int.random(in: 0..<total, using: &rng)
        if roll < hanzi {
            return String(Character(Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FA5, using: &rng))!))
        }
        roll -= hanzi
        for kind in kinds {
            if roll < kind.weight { return kind.texts.randomElement(using: &rng)! }
            roll -= kind.weight
        }
        preconditionFailure("weights add up to \(total)")
    }
}
