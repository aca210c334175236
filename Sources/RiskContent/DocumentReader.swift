import Foundation
import RiskMarkdown
import RiskModel
import Yams

/// Reads a Markdown document: YAML front matter, then CommonMark rendered by cmark
/// with each ```risks block lifted out as a filter.
enum DocumentReader {
    static func read(_ text: String, file: String, allowsRawHTML: Bool, diagnostics: inout [Diagnostic]) -> DocumentDraft? {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        let (frontMatter, body, bodyLine) = splitFrontMatter(normalised, file: file, diagnostics: &diagnostics)
        let location = SourceLocation(file: file, line: 1, column: 1)
        var title = ""
        var id: Located<String>?
        var unit: Located<String>?
        var domain: Located<String>?
        var order: Int?
        var isPublic = true
        if let frontMatter,
            let root = YAMLReading.parse(frontMatter, file: file, lineOffset: 1, diagnostics: &diagnostics),
            let header = MappingReader(
                root, file: file, lineOffset: 1, names: DocumentField.names, what: "front matter", diagnostics: &diagnostics)
        {
            header.warnUnknownKeys(known: "title 标题, id 编号, unit 单位, domain 领域, order 顺序, public 公开", diagnostics: &diagnostics)
            title = header.string(.title)?.value ?? ""
            if let given = header.string(.id) {
                id = requireID(given, at: header.location, what: "document", example: "banfa", diagnostics: &diagnostics)
            }
            unit = header.string(.unit)
            domain = header.string(.domain)
            order = header.int(.order, diagnostics: &diagnostics)
            isPublic = header.bool(.isPublic, diagnostics: &diagnostics) ?? true
        }
        if title.isEmpty {
            diagnostics.append(
                .error(at: location, field: "title", "the document has no title", hint: "start the file with front matter:\n---\n标题: …\n---"))
        }

        let relative = file.hasPrefix("documents/") ? String(file.dropFirst("documents/".count)) : file
        let stem = (relative as NSString).deletingPathExtension.replacingOccurrences(of: "/", with: "-")
        let derivedID = Identifiers.derived(from: stem, prefix: "doc")
        let documentID = id?.value ?? derivedID
        var flowCount = 0
        var parts: [DocumentDraft.Part] = []
        for part in Markdown.render(body, options: .init(allowsRawHTML: allowsRawHTML, embedKinds: ["risks", "flow"])) {
            switch part {
            case .html(let html):
                parts.append(.html(html))
            case .embed(let embed):
                // The block's body starts on the line after its opening fence.
                let offset = bodyLine - 1 + embed.line
                let place = SourceLocation(file: file, line: bodyLine - 1 + embed.line, column: embed.column)
                if embed.kind == "flow" {
                    flowCount += 1
                    let flowID = "\(documentID)-flow\(flowCount)"
                    parts.append(.flow(FlowReader.read(
                        embed.body, file: file, lineOffset: offset, derivedID: flowID, documentID: documentID,
                        diagnostics: &diagnostics)))
                } else {
                    parts.append(.riskTable(readFilter(embed.body, file: file, lineOffset: offset, at: place, diagnostics: &diagnostics)))
                }
            }
        }
        return DocumentDraft(
            id: id, derivedID: derivedID, title: title, unit: unit, domain: domain,
            order: order, isPublic: isPublic, parts: parts, links: documentLinks(in: body, file: file, firstLine: bodyLine),
            location: location)
    }

    /// The links to other documents' pages in the Markdown (`](czj-ch02.html)`, also `./…` and
    /// with a `#part`), each at the line and column of its target.
    static func documentLinks(in body: String, file: String, firstLine: Int) -> [Document.Link] {
        guard body.contains(".html") else { return [] }
        var links: [Document.Link] = []
        for (index, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains("](") {
            var rest = line[...]
            while let open = rest.range(of: "](") {
                let target = rest[open.upperBound...].prefix { $0 != ")" && $0 != " " && $0 != "#" && $0 != "\"" }
                rest = rest[open.upperBound...]
                let page = target.hasPrefix("./") ? target.dropFirst(2) : target
                guard page.hasSuffix(".html"), !page.contains("/"), !page.contains(":"), page.count > 5 else { continue }
                let column = line.distance(from: line.startIndex, to: target.startIndex) + 1
                links.append(Document.Link(
                    documentID: String(page.dropLast(5)),
                    location: SourceLocation(file: file, line: firstLine + index, column: column)))
            }
        }
        return links
    }

    /// Front matter is the text between a first line `---` and the next `---` line.
    /// Returns it, the Markdown body, and the 1-based line where the body starts.
    private static func splitFrontMatter(
        _ text: String, file: String, diagnostics: inout [Diagnostic]
    ) -> (String?, String, Int) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0] = lines[0].dropFirst() }
        guard lines.first?.trimmed(.whitespaces) == "---" else { return (nil, text, 1) }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmed(.whitespaces) == "---" }) else {
            diagnostics.append(
                .error(
                    at: SourceLocation(file: file, line: 1, column: 1), "the front matter is not closed",
                    hint: "end it with a line of three dashes: ---"))
            return (nil, lines.dropFirst().joined(separator: "\n"), 2)
        }
        let frontMatter = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        return (frontMatter, body, end + 2)
    }

    /// A ```risks block's body: a YAML mapping of filter keys.
    private static func readFilter(
        _ text: String, file: String, lineOffset: Int, at place: SourceLocation, diagnostics: inout [Diagnostic]
    ) -> FilterDraft? {
        guard !text.trimmed().isEmpty else {
            diagnostics.append(
                .error(at: place, "the risks block selects nothing", hint: "write a filter, e.g. `register: czj-t01` or `unit: 办公室`"))
            return nil
        }
        guard let root = YAMLReading.parse(text, file: file, lineOffset: lineOffset, diagnostics: &diagnostics) else { return nil }
        return filter(root, file: file, lineOffset: lineOffset, at: place, diagnostics: &diagnostics)
    }

    /// A filter given as a YAML mapping (a ```risks block, a disclosure's 范围).
    static func filter(
        _ root: Node, file: String, lineOffset: Int = 0, at place: SourceLocation, diagnostics: inout [Diagnostic]
    ) -> FilterDraft? {
        guard
            let mapping = MappingReader(
                root, file: file, lineOffset: lineOffset, names: FilterField.names, what: "a risk filter", diagnostics: &diagnostics)
        else { return nil }
        for (key, node, _) in mapping.unknown {
            diagnostics.append(
                .error(
                    at: mapping.place(node), field: key, "unknown filter key",
                    hint: "keys: table/register 清单, ids 编号, unit 单位, domain 领域, post 岗位, power 权力, level 等级, columns 列"))
        }
        var filter = FilterDraft(location: place)
        for field in [FilterField.table, .ids, .unit, .domain, .post, .power, .level, .columns] {
            guard let node = mapping.node(field) else { continue }
            filter.fields[field] = Located(value: YAMLTableReader.rawValue(node.value), location: node.location, key: node.key)
        }
        return filter
    }
}
