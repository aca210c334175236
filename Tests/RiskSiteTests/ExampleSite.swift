import Foundation
import RiskModel
import RiskSite

/// The repository's example Content, built once into a temporary folder for all tests.
enum ExampleSite {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let content = repository.appending(path: "Content")

    /// The example's 责任清单 in its CSV form and its settings; Content keeps it as an .xlsx workbook.
    static let csvRegister = repository.appending(path: "Tests/Fixtures/Office/zerenqingdan.csv")

    /// Copies the example Content to `folder` with the 责任清单 as CSV in place of the workbook,
    /// for tests that edit it as text.
    static func copyWithCSVRegister(to folder: URL) throws {
        let fileManager = FileManager.default
        try fileManager.copyItem(at: content, to: folder)
        let registers = folder.appending(path: "registers/qwb")
        try fileManager.removeItem(at: registers.appending(path: "zerenqingdan.xlsx"))
        try fileManager.removeItem(at: registers.appending(path: "zerenqingdan.xlsx.yaml"))
        try fileManager.copyItem(at: csvRegister, to: registers.appending(path: "zerenqingdan.csv"))
        try fileManager.copyItem(
            at: csvRegister.appendingPathExtension("yaml"), to: registers.appending(path: "zerenqingdan.csv.yaml"))
    }

    static func temporaryFolder(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "riskpress-tests-\(UUID().uuidString)/\(name)")
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }

    struct Built: Sendable {
        let output: URL
        let report: BuildReport
    }

    static let built: Built = {
        let output = temporaryFolder("Output")
        let report = SiteBuilder.build(BuildOptions(content: content, templates: nil, output: output))
        return Built(output: output, report: report)
    }()

    static func page(_ path: String) -> String {
        (try? String(contentsOf: built.output.appending(path: path), encoding: .utf8)) ?? ""
    }

    /// Every file of a folder, relative paths.
    static func files(in root: URL) -> [String] {
        let prefix = root.standardizedFileURL.path + "/"
        return (FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { item -> String? in
            guard let url = item as? URL, !url.hasDirectoryPath else { return nil }
            let path = url.standardizedFileURL.path
            return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
        } ?? []).sorted()
    }
}

/// Values of an attribute in HTML, e.g. every href.
func attributeValues(_ name: String, in html: String) -> [String] {
    var values: [String] = []
    var rest = html[...]
    let marker = " \(name)=\""
    while let start = rest.range(of: marker) {
        let tail = rest[start.upperBound...]
        guard let end = tail.firstIndex(of: "\"") else { break }
        values.append(String(tail[..<end]))
        rest = tail[end...]
    }
    return values
}

/// The rows of the first <tbody> in `html`, each row's cells as plain text.
func tableRows(_ html: String) -> [[String]] {
    guard let body = html.range(of: "<tbody>"), let end = html.range(of: "</tbody>", range: body.upperBound..<html.endIndex)
    else { return [] }
    let tbody = html[body.upperBound..<end.lowerBound]
    return tbody.components(separatedBy: "<tr").dropFirst().map { row in
        row.components(separatedBy: "<td").dropFirst().map { cell in
            let inner = cell.drop(while: { $0 != ">" }).dropFirst()
            let text = inner.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            return text.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
                .trimmingCharacters(in: .whitespaces)
        }
    }
}

/// The header cells of the first table's <thead>.
func tableHeader(_ html: String) -> [String] {
    guard let head = html.range(of: "<thead>"), let end = html.range(of: "</thead>", range: head.upperBound..<html.endIndex)
    else { return [] }
    return html[head.upperBound..<end.lowerBound].components(separatedBy: "<th").dropFirst().map { cell in
        String(cell.drop(while: { $0 != ">" }).dropFirst().prefix(while: { $0 != "<" }))
    }
}
