import Foundation
import RiskSite
import Testing

@Suite("Lists by 风险类别")
struct CategoryTests {
    @Test("each category has its page, named by a stable hash of its Chinese name, listing its risk points; risks link to it")
    func categoryPages() throws {
        let content = ExampleSite.temporaryFolder("Content")
        let output = content.deletingLastPathComponent().appending(path: "Output")
        let files = [
            "site.yaml": "标题: 测试\n等级方案:\n  - {编号: s, 等级: [{编号: a, 名称: 高}, {编号: b, 名称: 低}]}\n",
            "units/u.yaml": "- {编号: u, 名称: 办公室}\n",
            "registers/r.yaml": """
                范围: u
                风险清单:
                  - {风险点: 甲, 风险等级: 高, 风险类别: 廉政风险, 防控措施: [一]}
                  - {风险点: 乙, 风险等级: 低, 风险类别: 履职风险, 防控措施: [二]}
                  - {风险点: 丙, 风险等级: 低, 风险类别: 廉政风险, 防控措施: [三]}
                  - {风险点: 丁, 风险等级: 低, 防控措施: [四]}
                """,
        ]
        for (path, text) in files {
            let url = content.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        #expect(SiteBuilder.build(BuildOptions(content: content, templates: nil, output: output)).succeeded)
        func page(_ path: String) -> String { (try? String(contentsOf: output.appending(path: path), encoding: .utf8)) ?? "" }

        let index = page("categories/index.html")
        let links = attributeValues("href", in: index).filter { $0.hasPrefix("../categories/c-") }
            .map { String($0.dropFirst("../categories/".count)) }
        try #require(links.count == 2, "one page per category")
        #expect(Set(links).count == 2, "two Chinese names, two different file names")
        #expect(links.allSatisfy { $0.count == "c-".count + 12 + ".html".count })
        let clean = page("categories/" + links[0])
        #expect(clean.contains("<h1>廉政风险</h1>"))
        #expect(tableRows(clean).count == 2)
        #expect(tableRows(page("categories/" + links[1])).count == 1)
        // The risk page names its category and links to it; the navigation offers the lists.
        let risk = page("risks/r-1.html")
        #expect(risk.contains("<dd><a href=\"../categories/\(links[0])\">廉政风险</a></dd>"))
        #expect(page("index.html").contains(">风险类别</a>"))
        // The same names give the same files on the next build.
        #expect(SiteBuilder.build(BuildOptions(content: content, templates: nil, output: output)).succeeded)
        #expect(attributeValues("href", in: page("categories/index.html")).filter { $0.hasPrefix("../categories/c-") }
            .map { String($0.dropFirst("../categories/".count)) } == links)
    }

    @Test("the example, whose registers have no 风险类别, says so and shows no category entry in the navigation")
    func exampleHasNone() {
        #expect(ExampleSite.page("categories/index.html").contains("都没有填写风险类别"))
        #expect(!ExampleSite.page("index.html").contains(">风险类别</a>"))
    }
}
