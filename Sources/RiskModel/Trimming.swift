/// Trimming blanks from the ends of text, in Swift alone.
///
/// Foundation's `trimmingCharacters(in:)` goes through `NSString` on Linux: the text is
/// bridged to UTF-16 and the result copied back, which made it the largest single cost of
/// loading a province's Content (every cell and every YAML value is trimmed). These work on
/// Unicode scalars with the same sets as Foundation's:
/// - `.whitespaces`: spaces of category Zs (U+0020, U+00A0, U+3000 …) and the tab;
/// - `.whitespacesAndNewlines`: every scalar with the Unicode White_Space property, which is
///   those plus U+000A–U+000D, U+0085, U+2028 and U+2029.
/// Both also hold the zero-width space U+200B, as Foundation's do (it was a space in older
/// Unicode, and web copies of registers are full of it).
public enum Blank: Sendable {
    case whitespaces
    case whitespacesAndNewlines

    @inlinable
    public func contains(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            switch scalar.value {
            case 0x20, 0x09: return true
            case 0x0A...0x0D: return self == .whitespacesAndNewlines
            default: return false
            }
        }
        if scalar.value == 0x200B { return true }
        guard scalar.properties.isWhitespace else { return false }
        switch scalar.value {
        case 0x85, 0x2028, 0x2029: return self == .whitespacesAndNewlines
        default: return true
        }
    }
}

extension StringProtocol {
    /// The text without the blanks at either end (`.whitespacesAndNewlines` by default).
    /// Text with nothing to trim is returned without being copied scalar by scalar.
    public func trimmed(_ blank: Blank = .whitespacesAndNewlines) -> String {
        let text = Substring(self)
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !blank.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !blank.contains($0) })!
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex {
            return String(text)
        }
        return String(Substring(scalars[first...last]))
    }
}
