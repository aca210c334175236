import Foundation
import RiskModel

/// Large finished pieces of HTML kept out of a page's template, and put into the page's bytes after
/// the template has run.
///
/// A template copies a value each time the value passes through one of its sections, and the page's
/// text grows by copying as well: the manual at province scale (50 MB, mostly risk tables kept from
/// the last build) was copied several times over, each copy into new memory. Instead, the view holds
/// a short marker where a piece goes, the template renders a small page, and `assemble` lists the
/// page's text between the markers and the pieces, which the writer writes to the file in turn: no
/// piece is copied after it is made.
///
/// A marker is U+E000, a tag drawn at random for this page, a full stop, the piece's number and
/// U+E001. Text that looks like a marker but has another tag or an unknown number is copied as it
/// is, so no content can name a piece. A marker printed with `{{html}}` instead of `{{{html}}}` is
/// replaced all the same (the characters of a marker are not escaped): these fields hold HTML.
///
/// One page's pieces, made and used by the one job that renders the page.
final class HTMLPieces {
    /// Pieces shorter than this stay in the text: a marker saves little on them.
    static let smallest = 256

    /// Drawn when the first piece is held (most pages hold none).
    private lazy var tag: [UInt8] = Array(String(UInt64.random(in: 1...UInt64.max), radix: 36).utf8)
    /// Each piece as the texts it is made of, in order.
    private var pieces: [[String]] = []

    init() {}

    /// Whether no piece is held: the page is all in its template's text.
    var isEmpty: Bool { pieces.isEmpty }

    /// The text to put in the view where `html` goes: a marker, or `html` itself when it is small.
    func marker(for html: String) -> String {
        guard html.utf8.count >= Self.smallest else { return html }
        return hold([html])
    }

    /// The text to put in the view where `parts`, one after another, go: a marker, or the parts
    /// joined when they are small. The parts are not joined into one text.
    func marker(for parts: [String]) -> String {
        let size = parts.reduce(0) { $0 + $1.utf8.count }
        guard size >= Self.smallest else { return parts.joined() }
        return hold(parts)
    }

    private func hold(_ parts: [String]) -> String {
        pieces.append(parts)
        return "\u{E000}\(String(decoding: tag, as: UTF8.self)).\(pieces.count - 1)\u{E001}"
    }

    /// The page's bytes, in parts: `page` with every marker replaced by its piece. The parts refer to
    /// the page's text and the pieces; nothing is copied.
    func assemble(_ page: String) -> [RenderedFile.Part] {
        let whole = RenderedFile.Part.whole(page)
        guard !pieces.isEmpty else { return [whole] }
        let found = page.utf8.withContiguousStorageIfAvailable { text -> [RenderedFile.Part] in
            var parts: [RenderedFile.Part] = []
            var copied = 0
            var i = 0
            while i + 2 < text.count {
                guard text[i] == 0xEE, text[i + 1] == 0x80, text[i + 2] == 0x80,
                    let (number, end) = piece(in: text, at: i + 3), number < pieces.count
                else {
                    i += 1
                    continue
                }
                if copied < i { parts.append(.text(page, copied..<i)) }
                for piece in pieces[number] where !piece.isEmpty { parts.append(.whole(piece)) }
                i = end
                copied = end
            }
            if copied < text.count { parts.append(.text(page, copied..<text.count)) }
            return parts
        }
        if let found { return found }
        var native = page
        native.makeContiguousUTF8()
        return assemble(native)
    }

    /// The number of the marker whose tag starts at `start`, and where the marker ends; nil when the
    /// bytes there are not a marker of this page.
    private func piece(in text: UnsafeBufferPointer<UInt8>, at start: Int) -> (Int, Int)? {
        var i = start
        for byte in tag {
            guard i < text.count, text[i] == byte else { return nil }
            i += 1
        }
        guard i < text.count, text[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        var number = 0
        let digits = i
        while i < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[i]), i - digits < 12 {
            number = number * 10 + Int(text[i] - UInt8(ascii: "0"))
            i += 1
        }
        guard i > digits, i + 2 < text.count, text[i] == 0xEE, text[i + 1] == 0x80, text[i + 2] == 0x81 else { return nil }
        return (number, i + 3)
    }
}
