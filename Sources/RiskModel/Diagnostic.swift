/// A problem found in the Content, reported with where it is and what to do about it.
///
/// Diagnostics are values: every phase collects them and the build reports all of
/// them at once. Errors stop a build; warnings do not.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case error, warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity
    public var location: SourceLocation
    /// The field concerned, as the user wrote it (e.g. `风险等级`), if any.
    public var field: String?
    /// The offending value, if any.
    public var value: String?
    public var message: String
    public var hint: String?

    public init(
        _ severity: Severity, at location: SourceLocation, field: String? = nil, value: String? = nil,
        _ message: String, hint: String? = nil
    ) {
        self.severity = severity
        self.location = location
        self.field = field
        self.value = value
        self.message = message
        self.hint = hint
    }

    public static func error(
        at location: SourceLocation, field: String? = nil, value: String? = nil, _ message: String,
        hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, at: location, field: field, value: value, message, hint: hint)
    }

    public static func warning(
        at location: SourceLocation, field: String? = nil, value: String? = nil, _ message: String,
        hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, at: location, field: field, value: value, message, hint: hint)
    }

    /// `file:line:column: error: message [field: value]` then the hint on its own line.
    ///
    /// Every part is printed with its control characters escaped (`\n`, `\u{0}`): a value quoted
    /// from a file must not break the line, ring the terminal or reorder the text around it.
    public var description: String {
        var text = "\(Self.escaped(location.description)): \(severity.rawValue): \(Self.escaped(message))"
        if let field {
            text += " [\(Self.escaped(field))"
            if let value { text += ": \"\(Self.escaped(value))\"" }
            text += "]"
        } else if let value {
            text += " [\"\(Self.escaped(value))\"]"
        }
        if let hint { text += "\n    hint: \(Self.escaped(hint))" }
        return text
    }

    /// `text` with control characters (C0, DEL, C1), line and paragraph separators and the
    /// bidirectional overrides written as escapes, so quoted text prints as one visible line.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where needsEscape(scalar): result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { filter { $0.severity == .warning } }

    /// In file order, errors before warnings at the same place.
    public func sortedForReport() -> [Diagnostic] {
        sorted { ($0.location, $0.severity) < ($1.location, $1.severity) }
    }
}
