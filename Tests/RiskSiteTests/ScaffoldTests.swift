import Foundation
import RiskModel
import RiskSite
import Testing

@Suite("riskpress new: the starter Content builds cleanly")
struct ScaffoldTests {
    /// The risk ids the starter register gets (its 编号 and the position of each entry).
    static let riskIDs = ["lianzheng-1", "lianzheng-2", "lianzheng-3", "lianzheng-4"]
    /// The entry marked 公开: 否, and a 备注 (internal by default).
    static let internalText = "涉密文件保管不当，存在失泄密隐患（内部条目示例）。"
    static let internalNote = "示例备注：备注默认只在内部网站显示。"

    func scaffold() throws -> URL {
        let content = ExampleSite.temporaryFolder("Content")
        let written = try Scaffold.write(to: content)
        #expect(written == Scaffold.files.map(\.path))
        #expect(ExampleSite.files(in: content) == written.sorted())
        return content
    }

    func report(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { "\($0)" }.joined(separator: "\n")
    }

    @Test("the starter Content is checked with no error and no warning")
    func checksClean() throws {
        let content = try scaffold()
        let check = SiteBuilder.check(
            BuildOptions(content: content, templates: nil, output: content.deletingLastPathComponent().appending(path: "Output")))
        #expect(check.diagnostics.isEmpty, "\(report(check.diagnostics))")
        #expect(check.riskCount == Self.riskIDs.count)
    }

    @Test("it builds with no diagnostics: a page for every risk point, the flow and the disclosure")
    func buildsClean() throws {
        let content = try scaffold()
        let output = content.deletingLastPathComponent().appending(path: "Output")
        let built = SiteBuilder.build(
            BuildOptions(content: content, templates: nil, output: output, today: Day(year: 2026, month: 1, day: 6)))
        #expect(built.succeeded)
        #expect(built.diagnostics.isEmpty, "\(report(built.diagnostics))")
        #expect(built.riskCount == Self.riskIDs.count)
        let files = Set(ExampleSite.files(in: output))
        for id in Self.riskIDs {
            #expect(files.contains("risks/\(id).html"), "no page for \(id)")
        }
        #expect(files.contains("flows/yongyin.html"))
        #expect(files.contains("disclosures/gongshi.html"))
        let gongshi = try String(contentsOf: output.appending(path: "disclosures/gongshi.html"), encoding: .utf8)
        #expect(gongshi.contains("用印审核把关不严"))
        #expect(gongshi.contains("示例电话"))
        #expect(!gongshi.contains(Self.internalText))
        let risk = try String(contentsOf: output.appending(path: "risks/lianzheng-1.html"), encoding: .utf8)
        #expect(risk.contains("yongyin"), "the risk on the flow's step links to the flow")
        // The internal build does show the internal entry.
        #expect(files.contains { path in
            (try? String(contentsOf: output.appending(path: path), encoding: .utf8))?.contains(Self.internalText) == true
        })
    }

    @Test("the public build has the internal entry and the internal note in no file at all")
    func publicBuildHasNoInternalText() throws {
        let content = try scaffold()
        let output = content.deletingLastPathComponent().appending(path: "Public")
        let built = SiteBuilder.build(BuildOptions(content: content, templates: nil, output: output, profile: .public))
        #expect(built.succeeded)
        #expect(built.diagnostics.isEmpty, "\(report(built.diagnostics))")
        let files = ExampleSite.files(in: output)
        #expect(files.contains("risks/lianzheng-1.html"))
        #expect(!files.contains("risks/lianzheng-4.html"))
        for needle in [Self.internalText, Self.internalNote] {
            let bytes = Data(needle.utf8)
            for path in files {
                let data = try Data(contentsOf: output.appending(path: path))
                #expect(data.range(of: bytes) == nil, "\(path) contains 「\(needle)」")
            }
        }
    }

    @Test("a folder that is not empty is refused with a reason, and nothing is written into it")
    func refusesNonEmptyFolder() throws {
        let content = ExampleSite.temporaryFolder("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: content.appending(path: "notes.txt"))
        let before = ExampleSite.files(in: content)
        #expect {
            try Scaffold.write(to: content)
        } throws: { error in
            "\(error)".contains("not empty") && error.localizedDescription.contains("not empty")
        }
        #expect(ExampleSite.files(in: content) == before)
        #expect(try String(contentsOf: content.appending(path: "notes.txt"), encoding: .utf8) == "mine")

        // An empty folder is fine.
        let empty = ExampleSite.temporaryFolder("Empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(try Scaffold.write(to: empty).count == Scaffold.files.count)
    }
}
