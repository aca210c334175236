import Foundation
import RiskModel
import Yams

/// A value read from YAML, with where it was and the key the user wrote for it.
struct Located<Value> {
    var value: Value
    var location: SourceLocation
    /// The key as written (e.g. 风险等级), for diagnostics.
    var key: String
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

extension Located: Sendable where Value: Sendable {}

enum YAMLReading {
    /// Parses YAML text into a node tree that keeps line and column. A syntax error
    /// becomes a diagnostic at its place; `lineOffset` shifts lines for YAML embedded
    /// in another file (front matter, ```risks blocks).
    ///
    /// Every plain scalar stays text (Yams's `.basic` resolver): riskpress reads each value as
    /// text and decides itself what a number or a yes/no is. The default resolver matched every
    /// scalar against six regular expressions, a fifth of loading at province scale.
    /// The encoding is given: Yams's default reads the whole process environment for every parser
    /// (it looks for `YAMS_DEFAULT_ENCODING`), some 90 ms at province scale.
    /// Whether a file holds no YAML at all: blank lines, comments and document markers only.
    static func isEmpty(_ text: String) -> Bool {
        text.split(whereSeparator: \.isNewline).allSatisfy { line in
            let trimmed = line.trimmed()
            // By scalar: a combining mark after "#" makes one `Character` that is not "#", yet
            // libyaml reads a comment.
            return trimmed.isEmpty || trimmed.unicodeScalars.first == "#" || trimmed == "---" || trimmed == "..."
        }
    }

    static func parse(_ text: String, file: String, lineOffset: Int = 0, diagnostics: inout [Diagnostic]) -> Node? {
        do {
            let node = try Yams.compose(yaml: text, .basic, .default, .utf8)
            // libyaml places an empty document ("---" and nothing else) in a text with no final line
            // break on the line after the last one, which the person cannot see: it is told at 1:1.
            if case .scalar(var scalar) = node, let mark = scalar.mark, mark.line > 1, mark.line > lineLengths(text).count {
                scalar.mark = nil
                return .scalar(scalar)
            }
            return node
        } catch let error as YamlError {
            diagnostics.append(syntaxDiagnostic(error, file: file, lineOffset: lineOffset))
            return nil
        } catch {
            diagnostics.append(
                .error(at: SourceLocation(file: file, line: lineOffset + 1, column: 1), "YAML could not be read: \(error)"))
            return nil
        }
    }

    /// The root of a file that must hold a value: nil, with an error at 1:1 saying `empty`, when it
    /// holds none (blank, comments, a directive or marker only) — or with the syntax error.
    static func parseRequired(
        _ text: String, file: String, empty: String, hint: String, diagnostics: inout [Diagnostic]
    ) -> Node? {
        let before = diagnostics.count
        if let root = parse(text, file: file, diagnostics: &diagnostics) { return root }
        if diagnostics.count == before {
            diagnostics.append(.error(at: SourceLocation(file: file, line: 1, column: 1), empty, hint: hint))
        }
        return nil
    }

    private static func syntaxDiagnostic(_ error: YamlError, file: String, lineOffset: Int) -> Diagnostic {
        let hint = "check the indentation and quote values that contain \": \" or start with a special character"
        func at(_ mark: Mark, in yaml: String? = nil) -> SourceLocation {
            var place = SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
            // libyaml marks an error found at the end of the text on the line after the last one;
            // it is told at the end of the last line, which the person can see.
            if let yaml {
                let lines = lineLengths(yaml)
                if mark.line > lines.count, let last = lines.last {
                    place.line = lines.count + lineOffset
                    place.column = last + 1
                }
            }
            return place
        }
        switch error {
        case .scanner(let context, let problem, let mark, let yaml), .parser(let context, let problem, let mark, let yaml),
            .composer(let context, let problem, let mark, let yaml):
            let message = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return .error(at: at(mark, in: yaml), "YAML syntax error: \(message)", hint: hint)
        case .reader(let problem, let offset, let value, let yaml):
            // libyaml stops at a character YAML cannot hold (a NUL, a control character, bad UTF-8);
            // `offset` counts characters from the start of the text.
            var place = SourceLocation(file: file, line: lineOffset + 1, column: 1)
            if let offset {
                let before = yaml.prefix(offset)
                let lineStart = before.lastIndex(where: \.isNewline).map(before.index(after:)) ?? before.startIndex
                place.line = lineOffset + 1 + before.reduce(0) { $0 + ($1.isNewline ? 1 : 0) }
                place.column = before.distance(from: lineStart, to: before.endIndex) + 1
            }
            let character = value >= 0 ? String(format: " U+%04X", Int(value)) : ""
            return .error(
                at: place, "YAML cannot hold this character\(character): \(problem)",
                hint: "delete the invisible character here; it usually comes from copying out of another program")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(
                at: at(context.mark), value: duplicates.joined(separator: ", "), "a key is given twice",
                hint: "keep one of them")
        default:
            return .error(at: SourceLocation(file: file, line: lineOffset + 1, column: 1), "YAML error: \(error)")
        }
    }

    /// The length of each line in characters (Unicode scalars, as libyaml counts columns), with
    /// lines broken where libyaml breaks them: CR LF, CR, LF, NEL, LS, PS. Splitting a Swift string
    /// on "\n" would miss every CR LF, which Swift keeps as one `Character`.
    static func lineLengths(_ text: String) -> [Int] {
        var lengths = [0]
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n" && afterCR { continue }
            switch scalar {
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": lengths.append(0)
            default: lengths[lengths.count - 1] += 1
            }
        }
        return lengths
    }

    static func location(of node: Node, file: String, lineOffset: Int = 0) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: lineOffset + 1, column: 1) }
        return SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
    }
}

/// Reads a YAML mapping whose keys may be Chinese or English: known keys by field,
/// unknown keys reported as warnings (they are usually typos) or kept as extras.
struct MappingReader<Field: Hashable & Sendable> {
    let file: String
    let lineOffset: Int
    let location: SourceLocation
    private(set) var entries: [Field: (key: String, node: Node)] = [:]
    /// Keys that name no field, in order.
    private(set) var unknown: [(key: String, node: Node, keyPlace: SourceLocation)] = []

    /// Returns nil (and reports) when `node` is not a mapping.
    init?(
        _ node: Node, file: String, lineOffset: Int = 0, names: FieldNames<Field>, what: String,
        diagnostics: inout [Diagnostic]
    ) {
        self.file = file
        self.lineOffset = lineOffset
        location = YAMLReading.location(of: node, file: file, lineOffset: lineOffset)
        guard case .mapping(let mapping) = node else {
            diagnostics.append(.error(at: location, "expected \(what) (a mapping of keys to values)", hint: nil))
            return nil
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if let field = names.field(for: key) {
                if entries[field] != nil {
                    diagnostics.append(
                        .warning(
                            at: YAMLReading.location(of: keyNode, file: file, lineOffset: lineOffset), field: key,
                            "this field is given twice; the first one is used", hint: "remove one of them"))
                    continue
                }
                entries[field] = (key, value)
            } else {
                unknown.append((key, value, YAMLReading.location(of: keyNode, file: file, lineOffset: lineOffset)))
            }
        }
    }

    /// Reports every unknown key as a warning.
    func warnUnknownKeys(known: String, diagnostics: inout [Diagnostic]) {
        // At the key: an empty value has no place of its own (libyaml puts it after the text).
        for (key, _, place) in unknown {
            diagnostics.append(
                .warning(
                    at: place, field: key,
                    "unknown key, ignored", hint: "known keys: \(known)"))
        }
    }

    func has(_ field: Field) -> Bool { entries[field] != nil }

    func node(_ field: Field) -> Located<Node>? {
        entries[field].map { Located(value: $0.node, location: place($0.node), key: $0.key) }
    }

    /// A scalar as text; a list is joined by new lines. Blank gives "".
    func string(_ field: Field) -> Located<String>? {
        guard let (key, node) = entries[field] else { return nil }
        return Located(value: Self.text(of: node), location: place(node), key: key)
    }

    /// A list: YAML sequence items, or a scalar's numbered items / lines.
    func list(_ field: Field) -> Located<[String]>? {
        guard let (key, node) = entries[field] else { return nil }
        return Located(value: Self.items(of: node), location: place(node), key: key)
    }

    func bool(_ field: Field, diagnostics: inout [Diagnostic]) -> Bool? {
        guard let value = string(field) else { return nil }
        guard let result = Self.parseBool(value.value) else {
            diagnostics.append(
                .error(
                    at: value.location, field: value.key, value: value.value, "not a yes/no value",
                    hint: "write true or false (是 / 否)"))
            return nil
        }
        return result
    }

    func int(_ field: Field, diagnostics: inout [Diagnostic]) -> Int? {
        guard let value = string(field) else { return nil }
        guard let result = Int(value.value.trimmed(.whitespaces)) else {
            diagnostics.append(
                .error(at: value.location, field: value.key, value: value.value, "not a whole number", hint: "e.g. 3"))
            return nil
        }
        return result
    }

    func place(_ node: Node) -> SourceLocation { YAMLReading.location(of: node, file: file, lineOffset: lineOffset) }

    static func text(of node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string.trimmed()
        case .sequence(let sequence): return sequence.map { text(of: $0) }.joined(separator: "\n")
        case .mapping: return ""
        case .alias: return ""
        }
    }

    static func items(of node: Node) -> [String] {
        switch node {
        case .sequence(let sequence): return CellList.clean(sequence.map { text(of: $0) })
        case .scalar(let scalar): return CellList.items(scalar.string)
        default: return []
        }
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.trimmed(.whitespaces).lowercased() {
        case "true", "yes", "y", "1", "是", "公开", "对": return true
        case "false", "no", "n", "0", "否", "不公开", "内部": return false
        default: return nil
        }
    }
}

extension String {
    /// Nil for a blank value, so an empty YAML field reads as absent.
    var nonEmpty: String? { isEmpty ? nil : self }
}
