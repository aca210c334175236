import Foundation
import Mustache
import RiskModel

/// The templates and assets pages are made with: the default theme compiled into
/// riskpress (from the repository's Templates/), with a user's own Templates folder
/// laid over it — a user file replaces the default of the same name.
public struct Theme: Sendable {
    public let library: MustacheLibrary
    /// Files copied into the output, path relative to the theme (`assets/style.css`) → bytes.
    public let assets: [String: Data]
    /// Template names available (for checks and tests).
    public let templateNames: Set<String>
    /// Every file the theme was made from, path → bytes: two themes with equal sources render alike.
    public let sources: [String: Data]
    /// Whether `risk-row` prints the row's 序号 only as `{{number}}` (see `printsPlainly`): then a
    /// row is rendered once for all the 序号 it is listed under, and each table puts its own in.
    let rowNumberIsPlain: Bool
    /// The row templates whose rows the theme prints (see `rows(_:template:)`).
    let printedRows: Set<String>
    /// Pages rendered once per shape (nil when a template does what that cannot follow).
    private(set) var shapes: TemplateShapes?

    init(library: MustacheLibrary, assets: [String: Data], templateNames: Set<String>, sources: [String: Data]) {
        self.library = library
        self.assets = assets
        self.templateNames = templateNames
        self.sources = sources
        rowNumberIsPlain = sources["risk-row.mustache"].flatMap { String(data: $0, encoding: .utf8) }
            .map { Self.printsPlainly("number", in: $0) } ?? false
        // A row template, the template that prints its rows, and the field it prints them as.
        let rowTemplates = [
            ("manual-risk-row", "manual-risk-table", "rowsHTML"), ("flow-step", "flow-body", "stepsHTML"),
            ("manual-flow-step", "manual-flow", "stepsHTML"),
        ]
        printedRows = Set(
            rowTemplates.filter { row, table, field in
                templateNames.contains(row)
                    && sources[table + ".mustache"].map { String(decoding: $0, as: UTF8.self).contains(field) } == true
            }.map(\.0))
        var templates: [String: String] = [:]
        for (path, data) in sources where path.hasSuffix(".mustache") {
            templates[String(path.dropLast(".mustache".count))] = String(decoding: data, as: UTF8.self)
        }
        shapes = TemplateShapes.allowed(sources: Array(templates.values)) ? TemplateShapes(templates: templates) : nil
    }

    /// Loads the default theme, then the files of `overrides` (if given) on top.
    /// Problems (a template that does not parse) are diagnostics; the theme is nil then.
    /// `previous`: a theme loaded before, taken as it is when made from the same files (`serve`
    /// reads the templates on every rebuild, but parses them only when one changed).
    public static func load(overrides: URL?, reusing previous: Theme? = nil) -> (theme: Theme?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files: [String: (text: Data, origin: String)] = [:]
        for (path, text) in DefaultTheme.files { files[path] = (Data(text.utf8), "default theme: \(path)") }
        if let overrides {
            for (path, data) in readDirectory(overrides) {
                files[path] = (data, overrides.appending(path: path).path)
            }
        }
        if let previous, previous.sources.count == files.count,
            files.allSatisfy({ previous.sources[$0.key] == $0.value.text })
        {
            return (previous, [])
        }
        var library = MustacheLibrary()
        var assets: [String: Data] = [:]
        var names: Set<String> = []
        for path in files.keys.sorted() {
            let (data, origin) = files[path]!
            if path.hasSuffix(".mustache") {
                let name = String(path.dropLast(".mustache".count))
                guard let text = String(data: data, encoding: .utf8) else {
                    diagnostics.append(.error(at: SourceLocation(file: origin), "the template is not UTF-8 text", hint: nil))
                    continue
                }
                do {
                    try library.register(Self.escaping + text, named: name)
                    names.insert(name)
                } catch let error as MustacheTemplate.ParserError {
                    diagnostics.append(
                        .error(
                            at: SourceLocation(file: origin, line: error.context.lineNumber - 1, column: error.context.columnNumber),
                            value: error.context.line.trimmingCharacters(in: .whitespaces),
                            "the template does not parse (\(error.error))", hint: "check that every {{#section}} is closed by {{/section}}"))
                } catch {
                    diagnostics.append(.error(at: SourceLocation(file: origin), "the template does not parse (\(error))", hint: nil))
                }
            } else if path.hasPrefix("assets/") {
                assets[path] = data
            }
        }
        if diagnostics.hasErrors { return (nil, diagnostics) }
        return (Theme(library: library, assets: assets, templateNames: names, sources: files.mapValues(\.text)), diagnostics)
    }

    /// Put before every template: `{{x}}` is escaped by `HTMLEscaping`. The line is standalone, so
    /// Mustache drops it with its line break; parse errors are a line later and are moved back. A
    /// template's own `CONTENT_TYPE` pragma still applies from where it stands.
    private static let escaping: String = {
        MustacheContentTypes.register(HTMLEscaping(), named: HTMLEscaping.name)
        return "{{% CONTENT_TYPE: \(HTMLEscaping.name)}}\n"
    }()

    private static func readDirectory(_ root: URL) -> [(String, Data)] {
        let root = root.standardizedFileURL
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var result: [(String, Data)] = []
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                url.standardizedFileURL.path.hasPrefix(prefix), let data = try? Data(contentsOf: url)
            else { continue }
            result.append((String(url.standardizedFileURL.path.dropFirst(prefix.count)), data))
        }
        return result
    }

    /// Whether `template` prints the field `name` only as `{{name}}`: escaped by the theme's own
    /// escaping, neither transformed, nor opened as a section, nor printed raw, and the template
    /// changes no delimiters or content type and calls no partial that could do any of that. Then
    /// what it renders with a stand-in for the field's value, the escaped stand-in replaced by the
    /// escaped value, is what it renders with the value. Sure or false: a tag it cannot read makes
    /// it false.
    static func printsPlainly(_ name: String, in template: String) -> Bool {
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            // `{{{x}}}` is read as the tag `{x` up to `}}}`.
            guard let close = rest.range(of: rest.first == "{" ? "}}}" : "}}") else { return false }
            var tag = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            switch tag.first {
            case "!": continue
            case "=", "%", ">", "<", "$": return false
            case "{", "&", "#", "^", "/": tag.removeFirst()
            default: if tag == name { continue }
            }
            // Any other mention: the name looked up (`number`, `number.x`) or passed to a transform.
            let words = tag.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") })
            if words.contains(where: { $0 == name || $0.hasPrefix(name + ".") || $0.hasPrefix("." + name) }) {
                return false
            }
        }
        return true
    }

    /// Each of `items` rendered by the row template `template`, joined; "" when the template that
    /// holds the rows prints them itself (a theme made before it had a row template), so none
    /// is rendered for nothing. Rendered one by one, rows of one shape render as one
    /// (`TemplateShapes`), where a list inside one template makes every table a shape of its own.
    func rows(_ items: [some ShapedView], template: String) -> String {
        guard printedRows.contains(template) else { return "" }
        var html = ""
        for item in items { html += render(item, template: template) ?? "" }
        return html
    }

    /// The same theme rendering every page in full (to compare with).
    func withoutShapes() -> Theme {
        var theme = self
        theme.shapes = nil
        return theme
    }

    /// Renders a view model with a named template.
    func render(_ view: Any, template: String) -> String? {
        if let shapes, let view = view as? ShapedView {
            return shapes.render(view, template: template) { library.render($0, withTemplate: template) }
        }
        return library.render(view, withTemplate: template)
    }
}

/// HTML escaping of `{{x}}` values: the same five characters as Mustache's own (`< > & " '`), found by
/// scanning bytes, and the text returned as it is when it has none — as almost all Chinese text has.
/// Mustache's own escaper looks each character up in a dictionary, which took a sixth of a build.
struct HTMLEscaping: MustacheContentType {
    static let name = "RISKPRESS_HTML"

    func escapeText(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else {
                return nil
            }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case 0x3C: out += Array("&lt;".utf8)
                case 0x3E: out += Array("&gt;".utf8)
                case 0x26: out += Array("&amp;".utf8)
                case 0x22: out += Array("&quot;".utf8)
                case 0x27: out += Array("&#39;".utf8)
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }
}
