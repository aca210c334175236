import Foundation
import RiskModel
import Testing

@testable import RiskContent

@Suite("Markdown documents through cmark")
struct DocumentTests {
    static let register = """
        编号: t1
        范围: ju
        风险清单:
          - {风险点: 甲, 风险等级: 较大, 责任主体: 办公室, 防控措施: [一]}
          - {风险点: 乙, 风险等级: 一般, 责任主体: 财务科, 防控措施: [二]}
        """

    static func html(_ document: Document) -> String {
        document.parts.compactMap { if case .html(let html) = $0 { html } else { nil } }.joined()
    }

    @Test("a ```risks block becomes the table it selects, in place; other code blocks stay code")
    func riskBlocks() throws {
        let result = Fixture.load([
            "registers/t1.yaml": Self.register,
            "documents/ch2.md": "---\n标题: 第二章\n---\n\n第一段。\n\n```risks\nregister: t1\nlevel: 较大\n```\n\n```yaml\nregister: t1\n```\n",
        ])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let document = try #require(result.register?.documents["ch2"])
        #expect(document.parts.count == 3)
        guard case .riskTable(let ids, _, _) = document.parts[1] else {
            Issue.record("the second part should be the risk table")
            return
        }
        #expect(ids == ["t1-1"])
        #expect(Self.html(document).contains("<code class=\"language-yaml\">register: t1"))
    }

    @Test("a filter naming something that does not exist is an error at its line")
    func badFilter() throws {
        let result = Fixture.load([
            "registers/t1.yaml": Self.register,
            "documents/a.md": "---\n标题: 甲\n---\n\ntext\n\n```risks\nregister: t1\nunit: 纪检组\n```\n",
        ])
        let error = try #require(result.diagnostics.first(containing: "no unit has this id or name"))
        #expect(error.location == SourceLocation(file: "documents/a.md", line: 9, column: 7))
    }

    @Test("raw HTML is removed unless the site turns it on")
    func rawHTML() throws {
        let markdown = "---\n标题: 甲\n---\n\n<script>alert(1)</script>\n\n<b>粗</b>\n"
        let safe = Fixture.load(["documents/a.md": markdown])
        let safeHTML = Self.html(try #require(safe.register?.documents["a"]))
        #expect(!safeHTML.contains("<script>"))
        #expect(!safeHTML.contains("<b>"))
        let unsafe = ContentLoader(
            fileSystem: .memory(text: [
                "site.yaml": Fixture.site + "\nmarkdown:\n  unsafeHTML: true\n", "documents/a.md": markdown,
            ])
        ).load()
        #expect(Self.html(try #require(unsafe.register?.documents["a"])).contains("<b>粗</b>"))
    }

    @Test("a document without front matter title is reported")
    func noTitle() {
        let result = Fixture.load(["documents/a.md": "# 标题\n"])
        #expect(result.diagnostics.first(containing: "no title")?.location.file == "documents/a.md")
    }
}
