import Foundation

/// Cells that are really lists: "1.…;2.…;", "1、…", "（1）…（2）…", or one item per line,
/// as registers kept in Excel and Word hold them.
enum CellList {
    /// The items of a cell. A cell without numbering or line breaks is one item.
    static func items(_ cell: String) -> [String] {
        let lines = cell.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map { $0.trimmed(.whitespaces) }.filter { !$0.isEmpty }
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
            items = items.flatMap(splitNumbered)
        } else {
            items = splitNumbered(lines[0])
        }
        return clean(items)
    }

    /// Items given as a list (YAML) may still carry their numbers: drop them.
    static func clean(_ items: [String]) -> [String] {
        items.map { item in
            var text = Substring(item.trimmed())
            if let found = marker(at: text) { text = text[found.end...] }
            var trimmed = text.trimmed(.whitespaces)
            while let last = trimmed.last, ";；,，".contains(last) { trimmed.removeLast() }
            return trimmed
        }.filter { !$0.isEmpty }
    }

    /// Splits "1.a;2.b;3.c" into "1.a;", "2.b;", "3.c" — only at numbers that count up
    /// from 1 and stand at the start or after a separator, so "1-2个工作日" and "2.5万元"
    /// stay whole.
    private static func splitNumbered(_ line: String) -> [String] {
        let text = Substring(line)
        guard let first = marker(at: text), first.number == 1 else { return [line] }
        var pieces: [String] = []
        var start = text.startIndex
        var expected = 2
        var index = first.end
        while index < text.endIndex {
            let previous = text[text.index(before: index)]
            if "；;。 \t，,".contains(previous), let next = marker(at: text[index...]), next.number == expected {
                pieces.append(String(text[start..<index]))
                start = index
                expected += 1
                index = next.end
                continue
            }
            index = text.index(after: index)
        }
        pieces.append(String(text[start...]))
        return pieces
    }

    /// A list number at the start of `text`: `1.` `1．` `1、` `1)` `1）` `(1)` `（1）`.
    /// Returns the number and where the item's text begins.
    static func marker(at text: Substring) -> (number: Int, end: String.Index)? {
        var index = text.startIndex
        var open = false
        if index < text.endIndex, text[index] == "(" || text[index] == "（" {
            open = true
            index = text.index(after: index)
        }
        let digitsStart = index
        while index < text.endIndex, let ascii = text[index].asciiValue, (48...57).contains(ascii) {
            index = text.index(after: index)
        }
        guard index > digitsStart, text.distance(from: digitsStart, to: index) <= 2,
            let number = Int(text[digitsStart..<index]), index < text.endIndex
        else { return nil }
        let closer = text[index]
        if open {
            guard closer == ")" || closer == "）" else { return nil }
        } else {
            guard ".．、)）".contains(closer) else { return nil }
        }
        let end = text.index(after: index)
        // "2.5" is a number, not an item.
        if closer == ".", end < text.endIndex, text[end].isASCII, text[end].isNumber { return nil }
        return (number, end)
    }

    /// Unit names in one cell: split on new lines, 、 ， ； and commas outside brackets,
    /// so 区委办（区政府办、直属机关工委） stays one name.
    static func names(_ cell: String) -> [String] {
        var names: [String] = []
        var current = ""
        var depth = 0
        for character in cell {
            switch character {
            case "(", "（", "[", "【": depth += 1
            case ")", "）", "]", "】": depth = max(0, depth - 1)
            default: break
            }
            if depth == 0, "\n\r、，,；;/".contains(character) {
                names.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        names.append(current)
        return names.map { $0.trimmed(.whitespaces) }.filter { !$0.isEmpty }
    }
}
