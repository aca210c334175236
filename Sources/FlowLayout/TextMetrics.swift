/// Text widths and Chinese line breaking (禁则, kinsoku) for SVG `<text>` set in a CJK font stack
/// (Noto Sans CJK SC / Source Han Sans / Microsoft YaHei / PingFang SC / sans-serif), without a font file.
///
/// Widths are estimates that err wide, so text measured here does not overflow its box in real fonts:
/// - CJK ideographs, kana, Hangul, CJK punctuation (U+3000–303F), full-width forms (U+FF01–FF60,
///   U+FFE0–FFE6), emoji, and the symbols CJK fonts draw full-width (quotes ‘’“”, —, …, ·, ×, °, arrows,
///   circled numbers…): 1 em;
/// - ASCII: a per-character table of sans-serif advances (digits 0.56 em, i/j/l 0.25, m 0.85, space 0.28…);
/// - half-width katakana and Hangul (U+FF61–FFDC): 0.5 em;
/// - combining marks, zero-width and format characters, variation selectors: 0;
/// - anything else (Latin-1 letters, other scripts): 0.6 em.
///
/// Widths are kept internally in thousandths of an em, so sums are exact and wrapping is deterministic.
public struct TextMetrics: Sendable, Hashable {
    /// The font size, in px.
    public var fontSize: Double
    /// The distance between baselines, in px.
    public var lineHeight: Double

    /// `lineHeight` defaults to `fontSize * 1.4`.
    public init(fontSize: Double, lineHeight: Double? = nil) {
        self.fontSize = fontSize
        self.lineHeight = lineHeight ?? fontSize * 1.4
    }

    /// Advance width of one character, in px. A grapheme cluster (a base with combining marks, an emoji
    /// sequence) is as wide as its widest scalar.
    public func width(of character: Character) -> Double {
        pixels(Self.units(of: character))
    }

    /// Advance width of `text` set on one line, in px (line breaks count as zero).
    public func width(of text: String) -> Double {
        var total = 0
        for character in text { total += Self.units(of: character) }
        return pixels(total)
    }

    /// Breaks `text` into lines no wider than `maxWidth` (px), by the Chinese line-breaking rules:
    ///
    /// - a break may fall between any two CJK characters, at spaces, and between CJK and Latin;
    ///   not inside a Latin word or number (a run of Latin letters, digits and ASCII punctuation other
    ///   than opening brackets: `2014`, `1-2`, `3.5%`), nor next to a non-breaking space or word joiner;
    /// - no line starts with closing punctuation or a small mark (。，、；：？！）」』》〉】〕’”…‥·—％%,.;:?!)]}
    ///   ー ゝ 々 and their full-width / half-width variants), and no line ends with opening punctuation
    ///   (（「『《〈【〔‘“([{ …): such a break moves earlier, carrying the character to the next line
    ///   with its neighbour;
    /// - **no widow**: when a paragraph's last line would hold one character (punctuation aside: 「查」,
    ///   「报》」), or two that take a quarter of `maxWidth` or less, the paragraph (its last ten lines, in
    ///   a long one) is set again in as many lines, as near equal in width as the allowed breaks let them,
    ///   none wider than `maxWidth`; a paragraph that needed a forced break (below) is left as filled;
    /// - "\n" (any newline) forces a break and is dropped; whitespace at a break, including trailing
    ///   whitespace before a newline or at the end of the text, is dropped. A paragraph's leading
    ///   whitespace is kept, unless it alone is wider than the line.
    ///
    /// When no allowed break fits (a stretch with no allowed break is wider than the line):
    /// 1. **hanging punctuation**: a line may end with one closing punctuation character that sticks out
    ///    past `maxWidth` (the line without it fits), rather than that character starting the next line;
    /// 2. otherwise the stretch is broken by characters, still keeping the punctuation rules and
    ///    words that fit on a line whole where it can; a rule is broken only when nothing else fits,
    ///    and then the offending line consists of brackets / closing marks only (e.g. a run of 」」」
    ///    longer than the line), or ends with opening marks that a no-break space or word joiner
    ///    glues to the text before them (the glue is kept, as a word that fits is).
    ///
    /// A line holds at least one character, so a single character wider than `maxWidth` overflows.
    /// Joining the lines gives back `text` except for the dropped newlines and whitespace.
    /// Empty text gives no lines; an empty paragraph ("a\n\nb") gives an empty line. Linear in the length
    /// (a widow's paragraph is set again over its last ten lines only).
    public func wrap(_ text: String, maxWidth: Double) -> [String] {
        let breaker = LineBreaker(text, maxUnits: maxUnits(maxWidth))
        return breaker.lines.map { String(breaker.characters[$0.range]) }
    }

    /// The size of `text` wrapped at `maxWidth`: (widest line, number of lines × lineHeight).
    /// Empty text is (0, 0).
    public func size(of text: String, maxWidth: Double) -> Size {
        let breaker = LineBreaker(text, maxUnits: maxUnits(maxWidth))
        let widest = breaker.lines.map(\.units).max() ?? 0
        return Size(width: pixels(widest), height: Double(breaker.lines.count) * lineHeight)
    }

    // MARK: - Units (1/1000 em)

    private func pixels(_ units: Int) -> Double {
        Double(units) * fontSize / 1000
    }

    /// `maxWidth` in units, rounded down (a hair of tolerance for px values that are whole ems).
    private func maxUnits(_ maxWidth: Double) -> Int {
        guard fontSize > 0, !maxWidth.isNaN else { return .max }
        let units = maxWidth / fontSize * 1000
        if units >= 1e15 { return .max }
        if units <= 0 { return 0 }
        return Int((units + 1e-6).rounded(.down))
    }

    static func units(of character: Character) -> Int {
        if let ascii = character.asciiValue { return asciiUnits[Int(ascii)] }
        var widest = 0
        for scalar in character.unicodeScalars { widest = max(widest, units(of: scalar)) }
        return widest
    }

    /// Advances of ASCII 0x00–0x7F in a sans-serif at 1000 units per em, rounded up a little.
    private static let asciiUnits: [Int] = {
        var table = [Int](repeating: 0, count: 128)  // controls: 0
        table[0x09] = 280  // tab, drawn as a space in SVG
        let printable: [Int] = [
            280, 280, 360, 560, 560, 890, 670, 200, 340, 340, 390, 590, 280, 340, 280, 280,  //  !"#$%&'()*+,-./
            560, 560, 560, 560, 560, 560, 560, 560, 560, 560,  // 0–9
            280, 280, 590, 590, 590, 560, 1020,  // :;<=>?@
            670, 670, 720, 720, 670, 620, 780, 720, 280, 500, 670, 560, 850,  // A–M
            720, 780, 670, 780, 720, 670, 620, 720, 670, 950, 670, 670, 620,  // N–Z
            280, 280, 280, 470, 560, 340,  // [\]^_`
            560, 560, 500, 560, 560, 290, 560, 560, 250, 250, 500, 250, 850,  // a–m
            560, 560, 560, 560, 340, 500, 290, 560, 500, 780, 500, 500, 500,  // n–z
            340, 270, 340, 590,  // {|}~
        ]
        for (offset, units) in printable.enumerated() { table[0x20 + offset] = units }
        return table
    }()

    static func units(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x80 { return asciiUnits[Int(v)] }
        switch v {
        case 0x80..<0xA0, 0xAD: return 0  // C1 controls, soft hyphen
        case 0xA7, 0xA8, 0xB0, 0xB1, 0xB4, 0xB6, 0xB7, 0xD7, 0xF7: return 1000  // §¨°±´¶·×÷: full-width in CJK fonts
        case 0x1100...0x115F: return 1000  // Hangul leading jamo
        case 0x1160...0x11FF: return 0  // Hangul vowel and final jamo (combine)
        case 0x2000, 0x2002: return 500  // en quad, en space
        case 0x2001, 0x2003: return 1000  // em quad, em space
        case 0x2004: return 340
        case 0x2005: return 250
        case 0x2006: return 170
        case 0x2007: return 560  // figure space
        case 0x2008: return 280
        case 0x2009: return 200
        case 0x200A: return 100
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F: return 0  // zero-width, separators, bidi, joiners
        case 0x2010...0x2013: return 600  // hyphens, figure dash, en dash
        case 0x202F: return 200  // narrow no-break space
        case 0x205F: return 230
        case 0x2014...0x205E: return 1000  // — ‖ ‘’“” † • ‥ … ‰ ′ ※: full-width in CJK fonts
        case 0x2100...0x27BF: return 1000  // ℃ № Ⅻ arrows math ①–⑳ box drawing ■□▲○● ☆ ✓
        case 0x2E3A: return 2000  // two-em dash
        case 0x2E3B: return 3000  // three-em dash
        case 0x302A...0x302D, 0x3099, 0x309A: return 0  // combining tone and voicing marks
        case 0x2E80...0x303F: return 1000  // radicals, ideographic description, CJK punctuation
        case 0x3040...0x9FFF: return 1000  // kana, bopomofo, Hangul compatibility jamo, CJK, ext. A, URO
        case 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3: return 1000  // Yi, Hangul
        case 0xD7B0...0xD7FF: return 0  // Hangul jamo extended-B (combine)
        case 0xF900...0xFAFF, 0xFE10...0xFE19: return 1000  // compatibility ideographs, vertical forms
        case 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFEFF: return 0  // variation selectors, half marks, BOM
        case 0xFE30...0xFE6F: return 1000  // CJK compatibility and small forms
        case 0xFF01...0xFF60, 0xFFE0...0xFFE6: return 1000  // full-width forms
        case 0xFF61...0xFFDC, 0xFFE8...0xFFEE: return 500  // half-width katakana, Hangul, forms
        case 0x1B000...0x1B2FF, 0x1F000...0x1FAFF, 0x20000...0x3FFFD: return 1000  // kana ext., emoji, CJK ext.
        case 0xE0000...0xE0FFF: return 0  // tags, variation selectors supplement
        default:
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator:
                return 0
            default:
                return 600
            }
        }
    }
}

// MARK: - Line breaking

/// What the line breaker needs to know of one character.
struct Glyph {
    enum Kind: UInt8 {
        /// Breaks allowed on both sides (CJK, full-width, emoji, zero-width space).
        case wide
        /// Latin and other narrow characters: no break between two of them (but see `isWordPart`).
        case narrow
        /// Breakable whitespace, dropped at a break.
        case space
        /// No break on either side: no-break spaces, word joiner.
        case glue
        case newline
    }

    var units: Int
    var kind: Kind
    /// May not start a line.
    var isCloser: Bool
    /// May not end a line.
    var isOpener: Bool

    /// Part of a Latin word or number: no break between two such characters.
    var isWordPart: Bool { kind == .narrow && !isOpener }

    init(_ character: Character) {
        units = TextMetrics.units(of: character)
        guard !character.isNewline, let first = character.unicodeScalars.first else {
            kind = .newline
            isCloser = false
            isOpener = false
            return
        }
        let v = first.value
        switch v {
        case 0x20, 0x09, 0x1680, 0x2000...0x2006, 0x2008...0x200A, 0x205F, 0x3000: kind = .space
        case 0xA0, 0x2007, 0x2011, 0x202F, 0x2060, 0xFEFF: kind = .glue
        case 0x200B, 0xFF61...0xFFDC: kind = .wide
        default: kind = units >= 1000 ? .wide : .narrow
        }
        isCloser = Self.isCloser(v)
        isOpener = Self.isOpener(v)
    }

    /// 。，、；：？！）」』》〉】〕’”…‥·—％%,.;:?!)]} ー ゝ 々 and variants.
    static func isCloser(_ v: UInt32) -> Bool {
        switch v {
        case 0x21, 0x25, 0x29, 0x2C, 0x2E, 0x3A, 0x3B, 0x3F, 0x5D, 0x7D: return true  // ! % ) , . : ; ? ] }
        case 0xB7, 0x2014, 0x2015, 0x2019, 0x201D, 0x2025, 0x2026, 0x22EF, 0x2E3A, 0x2E3B: return true
        case 0x3001, 0x3002, 0x3005, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B,
             0x301E, 0x301F, 0x303B: return true
        case 0x309D, 0x309E, 0x30FB, 0x30FC, 0x30FD, 0x30FE: return true  // ゝゞ・ーヽヾ
        case 0xFF01, 0xFF05, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF60,
             0xFF61, 0xFF63, 0xFF64, 0xFF65, 0xFF70: return true
        default: return false
        }
    }

    /// （「『《〈【〔‘“([{ and variants.
    static func isOpener(_ v: UInt32) -> Bool {
        switch v {
        case 0x28, 0x5B, 0x7B, 0x2018, 0x201C, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0x3016, 0x3018,
             0x301A, 0x301D, 0xFF08, 0xFF3B, 0xFF5B, 0xFF5F, 0xFF62: return true
        default: return false
        }
    }
}

/// Greedy line filling over precomputed arrays; every step is O(1) amortised, so wrapping is linear.
/// A paragraph that ends in a widow is set again over its last lines (`balanceEnd`), a bounded search.
///
/// Positions are indices into `characters`; "a break at j" means the next line starts at j.
struct LineBreaker {
    let characters: [Character]
    private let glyphs: [Glyph]
    /// prefix[i]: width of characters[0..<i].
    private let prefix: [Int]
    /// trimEnd[j]: the end of the last non-space character before j (the end of a line broken at j).
    private let trimEnd: [Int]
    /// bonded[j]: characters j-1 and j are in one word (or glued), so no break between them.
    private let bonded: [Bool]
    /// The word (bonded run) each character is in.
    private let runStart: [Int]
    private let runEnd: [Int]
    private let maxUnits: Int
    private(set) var lines: [(range: Range<Int>, units: Int)] = []
    /// Set when a paragraph needed a forced break (or lost indentation wider than the line).
    private var forced = false

    init(_ text: String, maxUnits: Int) {
        let characters = Array(text)
        let glyphs = characters.map(Glyph.init)
        let n = glyphs.count
        var prefix = [Int](repeating: 0, count: n + 1)
        var trimEnd = [Int](repeating: 0, count: n + 1)
        var bonded = [Bool](repeating: false, count: n + 1)
        var runStart = [Int](repeating: 0, count: n)
        var runEnd = [Int](repeating: 0, count: n)
        for i in 0..<n {
            prefix[i + 1] = prefix[i] + glyphs[i].units
            trimEnd[i + 1] = glyphs[i].kind == .space ? trimEnd[i] : i + 1
            if i > 0 { bonded[i] = Self.bonds(glyphs[i - 1], glyphs[i]) }
            runStart[i] = bonded[i] ? runStart[i - 1] : i
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            runEnd[i] = i + 1 < n && bonded[i + 1] ? runEnd[i + 1] : i + 1
        }
        self.characters = characters
        self.glyphs = glyphs
        self.prefix = prefix
        self.trimEnd = trimEnd
        self.bonded = bonded
        self.runStart = runStart
        self.runEnd = runEnd
        self.maxUnits = maxUnits
        guard n > 0 else { return }
        var start = 0
        while true {
            var end = start
            while end < n && glyphs[end].kind != .newline { end += 1 }
            let firstLine = lines.count
            forced = false
            wrapParagraph(start, end)
            balanceEnd(firstLine: firstLine, paragraphEnd: end)
            if end == n { break }
            start = end + 1
        }
    }

    private static func bonds(_ x: Glyph, _ y: Glyph) -> Bool {
        switch (x.kind, y.kind) {
        case (.space, _), (_, .space), (.newline, _), (_, .newline): return false
        case (.glue, _), (_, .glue): return true
        default: return x.isWordPart && y.isWordPart
        }
    }

    private func width(_ from: Int, _ to: Int) -> Int { prefix[to] - prefix[from] }

    private mutating func emit(_ from: Int, _ to: Int) {
        lines.append((from..<to, width(from, to)))
    }

    private func skipSpaces(_ j: Int, _ end: Int) -> Int {
        var j = j
        while j < end && glyphs[j].kind == .space { j += 1 }
        return j
    }

    /// Breaking at j keeps the punctuation rules: j is no closer, the last visible character before it no opener.
    private func keepsKinsoku(_ j: Int) -> Bool {
        !glyphs[j].isCloser && !glyphs[trimEnd[j] - 1].isOpener
    }

    /// Breaking at j would split a word that fits on a line by itself.
    private func splitsFittingWord(_ j: Int) -> Bool {
        trimEnd[j] == j && bonded[j] && width(runStart[j], runEnd[j]) <= maxUnits
    }

    /// The largest k in s+1...limit with characters s..<k fitting (at least s+1).
    private func lastFitting(from s: Int, upTo limit: Int) -> Int {
        var k = s + 1
        while k < limit && width(s, k + 1) <= maxUnits { k += 1 }
        return k
    }

    /// The allowed breaks after `from` (a visible character) up to b, then b, the paragraph's end.
    private func allowedBreaks(after from: Int, to b: Int) -> [Int] {
        var breaks: [Int] = []
        if from + 1 < b {
            for j in (from + 1)..<b where glyphs[j].kind != .space {
                if keepsKinsoku(j) && !(trimEnd[j] == j && bonded[j]) { breaks.append(j) }
            }
        }
        breaks.append(b)
        return breaks
    }

    /// Lines of characters a..<b, a paragraph without newlines.
    private mutating func wrapParagraph(_ a: Int, _ b: Int) {
        let first = skipSpaces(a, b)  // the first visible character
        if first == b { return emit(a, a) }  // empty, or whitespace only
        let breaks = allowedBreaks(after: first, to: b)

        var s = a  // the current line's start; s < b
        var p = 0  // breaks[p] is the first break after s
        while true {
            while breaks[p] <= s { p += 1 }
            if s > first && glyphs[s].isCloser {
                // An earlier forced break left closers at the line start: keep them to a line of their own.
                var k = s + 1
                while k < b && (glyphs[k].isCloser || glyphs[k].kind == .space) && width(s, k + 1) <= maxUnits {
                    k += 1
                }
                emit(s, trimEnd[k])
                s = skipSpaces(k, b)
                if s == b { return }
                continue
            }
            // The last allowed break that fits.
            var best = -1
            var q = p
            while q < breaks.count && width(s, trimEnd[breaks[q]]) <= maxUnits {
                best = q
                q += 1
            }
            if best >= 0 {
                emit(s, trimEnd[breaks[best]])
                if breaks[best] == b { return }
                s = breaks[best]
                continue
            }
            forced = true
            if glyphs[s].kind == .space {  // indentation wider than the line: drop it
                s = first
                continue
            }
            let next = forcedBreak(s, unitEnd: breaks[p], paragraphEnd: b)
            emit(s, next.lineEnd)
            if next.start == b { return }
            s = next.start
        }
    }

    /// The most lines at a paragraph's end that are set again to balance it, as browsers balance
    /// (`text-wrap: balance`) only short paragraphs.
    static let balancedLines = 10
    /// Above this many allowed breaks in those lines (only text of zero-width characters has so many),
    /// the paragraph is left as filled.
    static let balancedBreaks = 1_000

    /// A paragraph whose last line is a widow — one character (punctuation and spaces aside), 「查」 or
    /// 「报》」 alone, or two that take a quarter of `maxUnits` or less — has its last lines (all of them,
    /// up to `balancedLines`) set again in as many lines, as near equal as the allowed breaks let them:
    /// the breaks are those greedy filling may take, each line still fits `maxUnits`, and the sum of the
    /// squared line widths is least (of equal sums, the one with the fuller lines first). A paragraph
    /// that needed a forced break is left as it is.
    private mutating func balanceEnd(firstLine: Int, paragraphEnd b: Int) {
        let count = lines.count - firstLine
        guard count > 1, !forced, let last = lines.last else { return }
        let visible = last.range.filter { i in
            glyphs[i].kind != .space && !glyphs[i].isCloser && !glyphs[i].isOpener
        }
        guard visible.count <= 1 || (visible.count == 2 && 4 * last.units <= maxUnits) else { return }
        let k = min(count, Self.balancedLines)
        let start = lines[lines.count - k].range.lowerBound
        // The positions lines may start at: the first line's start, then every allowed break; b ends.
        let ends = allowedBreaks(after: skipSpaces(start, b), to: b)
        guard ends.count <= Self.balancedBreaks else { return }
        let stops = [start] + ends
        let m = stops.count - 1  // index of b
        func width(_ i: Int, _ j: Int) -> Int { self.width(stops[i], trimEnd[stops[j]]) }
        // cost[r][i]: least sum of squares setting stops[i]..<b in r lines; next[r][i]: where the first ends.
        let none = Double.infinity
        var cost = Array(repeating: Array(repeating: none, count: m + 1), count: k + 1)
        var next = Array(repeating: Array(repeating: -1, count: m + 1), count: k + 1)
        cost[0][m] = 0
        for r in 1...k {
            for i in 0..<m {
                var j = i + 1
                while j <= m, width(i, j) <= maxUnits {
                    let w = Double(width(i, j))
                    let total = w * w + cost[r - 1][j]
                    if total < none && total <= cost[r][i] {  // `<=`: of equal sums, the later break (a fuller line)
                        cost[r][i] = total
                        next[r][i] = j
                    }
                    j += 1
                }
            }
        }
        guard cost[k][0] < none else { return }
        lines.removeLast(k)
        var i = 0
        for r in stride(from: k, to: 0, by: -1) {
            let j = next[r][i]
            emit(stops[i], trimEnd[stops[j]])
            i = j
        }
    }

    /// A break for the line starting at s (visible) when even characters s..<trimEnd[unitEnd], up to the
    /// first allowed break, are wider than the line. In order of preference, the last break that
    /// (A) keeps the punctuation rules and splits no word that fits a line, with one closer allowed to hang;
    /// (B) splits no word that fits a line; (C) fits at all, by characters.
    private func forcedBreak(_ s: Int, unitEnd: Int, paragraphEnd b: Int) -> (lineEnd: Int, start: Int) {
        var bestA = -1
        var bestB = -1
        var j = s + 1
        while j <= unitEnd {
            if j < unitEnd && glyphs[j].kind == .space {
                j += 1
                continue
            }
            let end = trimEnd[j]
            if width(s, end - 1) > maxUnits { break }  // neither this break nor a later one can fit
            let fits = width(s, end) <= maxUnits
            let hangs = !fits && glyphs[end - 1].isCloser
            if fits || hangs {
                let wordOK = j == unitEnd || !splitsFittingWord(j)
                if wordOK && (j == unitEnd || keepsKinsoku(j)) {
                    bestA = j
                } else if wordOK && fits {
                    bestB = j
                }
            }
            j += 1
        }
        if bestA >= 0 { return (trimEnd[bestA], bestA) }
        if bestB >= 0 { return (trimEnd[bestB], bestB) }
        let k = lastFitting(from: s, upTo: trimEnd[unitEnd])
        return (trimEnd[k], skipSpaces(k, b))
    }
}
