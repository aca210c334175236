import RiskModel

/// Ids make permalinks, so they are checked and, where derived, made stable and safe.
enum Identifiers {
    /// The longest id, in characters. riskpress joins up to three ids into one file name (a
    /// workbook's register id, its sheet's and a row's 序号: `risks/<id>-<sheet>-<序号>.html`), and a
    /// file name may have at most 255 bytes.
    static let maxLength = 64

    /// ASCII letters, digits, `-`, `_`, `.`; starts with a letter or digit; no `..`; at most
    /// `maxLength` characters.
    static func isValid(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, isAlphanumeric(first), !id.contains(".."), id.utf8.count <= maxLength
        else { return false }
        return id.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// An id made from a file name or path: kept if it is already a valid id, otherwise
    /// `prefix` and a short stable hash of the text (Chinese names must not collapse
    /// into empty or clashing slugs).
    static func derived(from text: String, prefix: String) -> String {
        isValid(text) ? text : "\(prefix)-\(shortHash(text))"
    }

    /// 64-bit FNV-1a of the UTF-8 bytes, as 8 hex digits (the upper half folded in).
    static func shortHash(_ text: String) -> String {
        let hash = stableHash(text)
        let folded = UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
        let hex = String(folded, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
