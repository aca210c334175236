import Foundation
import RiskModel
import Testing

@testable import RiskSite

@Suite("A public document's link to an internal one")
struct PublicLinkTests {
    static let files = [
        "site.yaml": BuildTests.site,
        "units/u.yaml": "- {编号: u, 名称: 办公室}\n",
        "documents/gongkai.md": "---\n标题: 公开办法\n---\n\n第一条 见[内部细则](neibu.html#di-er-tiao)和[公开附件](fujian.html)。\n",
        "documents/neibu.md": "---\n标题: 内部细则\n公开: 否\n---\n\n内部的内容。\n",
        "documents/fujian.md": "---\n标题: 公开附件\n---\n\n附件。\n",
    ]

    static func content() throws -> URL {
        let content = ExampleSite.temporaryFolder("Content")
        for (path, text) in files {
            let url = content.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return content
    }

    @Test("is a warning at the link, and the public page shows its text with no link; the intranet keeps it")
    func unlinkedInPublic() throws {
        let content = try Self.content()
        let output = content.deletingLastPathComponent().appending(path: "Public")
        let report = SiteBuilder.build(BuildOptions(content: content, templates: nil, output: output, profile: .public))
        #expect(report.succeeded)
        let warning = try #require(report.diagnostics.first { $0.message.contains("links an internal one") })
        #expect(warning.location == SourceLocation(file: "documents/gongkai.md", line: 5, column: 13))
        #expect(report.diagnostics.filter { $0.message.contains("links an internal one") }.count == 1)

        let page = try String(contentsOf: output.appending(path: "documents/gongkai.html"), encoding: .utf8)
        #expect(page.contains("见内部细则和"))
        #expect(!page.contains("neibu.html"))
        #expect(page.contains("href=\"fujian.html\""))
        #expect(!FileManager.default.fileExists(atPath: output.appending(path: "documents/neibu.html").path))

        let intranet = content.deletingLastPathComponent().appending(path: "Intranet")
        #expect(SiteBuilder.build(BuildOptions(content: content, templates: nil, output: intranet)).succeeded)
        let full = try String(contentsOf: intranet.appending(path: "documents/gongkai.html"), encoding: .utf8)
        #expect(full.contains("href=\"neibu.html#di-er-tiao\""))
    }
}
