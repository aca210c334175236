import Foundation

/// Cells that are really lists: "1.…;2.…;", "1、…", "（1）…（2）…", or one item per line,
/// as registers kept in Excel and Word hold them.
///
/// Every mark these look for (digits, brackets, separators, line breaks) is one Unicode scalar,
/// so the text is read scalar by scalar: reading it by characters (grapheme clusters) cost a
/// tenth of loading a province's Content.
enum CellList {
    /// The items of a cell. A cell without numbering or line breaks is one item.
    static func items(_ cell: String) -> [String] {
        let lines = cell.unicodeScalars.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { Substring($0).trimmed(.whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return [] }
        var items: [String] = []
        if lines.count > 1 {
            // One item per line; a line without a number continues a numbered item above it.
            let numbered = marker(at: lines[0][...]) != nil
            for line in lines {
                if numbered, !items.isEmpty, marker(at: line[...]) == nil {
                    items[items.count - 1] += line
                } else {
                    items.append(line)
                }
            }
            // A line may go on with the list of the lines above it ("1.…；2.…" then "3.…；4.…").
            var next = 1
            items = items.flatMap { splitNumbered($0, next: &next) }
        } else {
            var next = 1
            items = splitNumbered(lines[0], next: &next)
        }
        return clean(items)
    }

    /// Items given as a list (YAML) may still carry their numbers: drop them.
    static func clean(_ items: [String]) -> [String] {
        items.map { item in
            var text = Substring(item.trimmed())
            if let found = marker(at: text) { text = text[found.end...] }
            var trimmed = text.trimmed(.whitespaces)
            while let last = trimmed.unicodeScalars.last, isTrailingMark(last) {
                trimmed.unicodeScalars.removeLast()
                trimmed = trimmed.trimmed(.whitespaces)  // "加强监督 ；"
            }
            return trimmed
        }.filter { !$0.isEmpty }
    }

    /// Splits "1.a;2.b;3.c" into "1.a;", "2.b;", "3.c" — only at numbers that count up
    /// from 1, or from `next` (the number after the last item of the lines above), and stand at
    /// the start or after a separator, so "1-2个工作日" and "2.5万元" stay whole. A line that
    /// splits sets `next` to the number after its last item.
    private static func splitNumbered(_ line: String, next: inout Int) -> [String] {
        let text = Substring(line)
        guard let first = marker(at: text), first.number == 1 || first.number == next else { return [line] }
        let scalars = text.unicodeScalars
        var pieces: [String] = []
        var start = scalars.startIndex
        var expected = first.number + 1
        defer { next = expected }
        var index = first.end
        while index < scalars.endIndex {
            if isSeparator(scalars[scalars.index(before: index)]), let found = marker(at: text[index...]), found.number == expected {
                pieces.append(String(text[start..<index]))
                start = index
                expected += 1
                index = found.end
                continue
            }
            index = scalars.index(after: index)
        }
        pieces.append(String(text[start...]))
        return pieces
    }

    /// A list number at the start of `text`: `1.` `1．` `1、` `1)` `1）` `(1)` `（1）`.
    /// Returns the number and where the item's text begins.
    static func marker(at text: Substring) -> (number: Int, end: String.Index)? {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        var open = false
        if index < scalars.endIndex, scalars[index] == "(" || scalars[index] == "（" {
            open = true
            index = scalars.index(after: index)
        }
        var number = 0
        var digits = 0
        while index < scalars.endIndex, let digit = digit(scalars[index]) {
            // Only one or two digits make an item number; a long run of digits is text, and
            // must not overflow on the way (found by Fuzz/).
            if digits < 3 { number = number * 10 + digit }
            digits += 1
            index = scalars.index(after: index)
        }
        guard (1...2).contains(digits), index < scalars.endIndex else { return nil }
        let closer = scalars[index]
        if open {
            guard closer == ")" || closer == "）" else { return nil }
        } else {
            guard closer == "." || closer == "．" || closer == "、" || closer == ")" || closer == "）" else { return nil }
        }
        let end = scalars.index(after: index)
        // "2.5" is a number, not an item.
        if closer == ".", end < scalars.endIndex, digit(scalars[end]) != nil { return nil }
        return (number, end)
    }

    /// Unit names in one cell: split on new lines, 、 ， ； and commas outside brackets,
    /// so 区委办（区政府办、直属机关工委） stays one name.
    static func names(_ cell: String) -> [String] {
        var names: [String] = []
        var current = String.UnicodeScalarView()
        var depth = 0
        for scalar in cell.unicodeScalars {
            switch scalar {
            case "(", "（", "[", "【": depth += 1
            case ")", "）", "]", "】": depth = max(0, depth - 1)
            default: break
            }
            if depth == 0, isNameSeparator(scalar) {
                names.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        names.append(String(current))
        return names.map { $0.trimmed(.whitespaces) }.filter { !$0.isEmpty }
    }

    private static func digit(_ scalar: Unicode.Scalar) -> Int? {
        (0x30...0x39).contains(scalar.value) ? Int(scalar.value - 0x30) : nil
    }

    /// What may stand before the next item's number: `；` `;` `。` `，` `,`, a space, a full-width
    /// space or a tab.
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "；", ";", "。", " ", "\u{3000}", "\t", "，", ",": return true
        default: return false
        }
    }

    /// What an item's end loses: `;` `；` `,` `，`.
    private static func isTrailingMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ";", "；", ",", "，": return true
        default: return false
        }
    }

    private static func isNameSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\n", "\r", "、", "，", ",", "；", ";", "/": return true
        default: return false
        }
    }
}
