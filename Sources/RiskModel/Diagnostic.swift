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
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let field {
            text += " [\(field)"
            if let value { text += ": \"\(value)\"" }
            text += "]"
        } else if let value {
            text += " [\"\(value)\"]"
        }
        if let hint { text += "\n    hint: \(hint)" }
        return text
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
