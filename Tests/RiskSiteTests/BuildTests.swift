import Foundation
import RiskModel
import RiskRender
import Testing

@testable import RiskSite

@Suite("Builds replace the output whole or not at all")
struct BuildTests {
    func write(_ files: [String: String], to root: URL) throws {
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    static let site = "标题: 测试\n等级方案:\n  - {编号: s, 等级: [{编号: a, 名称: 高}, {编号: b, 名称: 低}]}\n"

    @Test("a failed build leaves the previous Output exactly as it was")
    func failedBuildKeepsOutput() throws {
        let content = ExampleSite.temporaryFolder("Content")
        let output = content.deletingLastPathComponent().appending(path: "Output")
        try write(
            [
                "site.yaml": Self.site, "units/u.yaml": "- {编号: u, 名称: 办公室}\n",
                "registers/r.yaml": "范围: u\n风险清单:\n  - {风险点: 甲, 风险等级: 高, 防控措施: [一]}\n",
            ], to: content)
        let options = BuildOptions(content: content, templates: nil, output: output)
        #expect(SiteBuilder.build(options).succeeded)
        try Data("keep".utf8).write(to: output.appending(path: ".gitkeep"))
        let before = ExampleSite.files(in: output)
        let home = try Data(contentsOf: output.appending(path: "index.html"))

        try write(["registers/r.yaml": "范围: u\n风险清单:\n  - {风险点: 甲, 风险等级: 极高, 防控措施: [一]}\n"], to: content)
        let failed = SiteBuilder.build(options)
        #expect(!failed.succeeded)
        #expect(failed.filesWritten == 0)
        #expect(ExampleSite.files(in: output) == before)
        #expect(try Data(contentsOf: output.appending(path: "index.html")) == home)

        try write(["registers/r.yaml": "范围: u\n风险清单:\n  - {风险点: 乙, 风险等级: 低, 防控措施: [二]}\n"], to: content)
        #expect(SiteBuilder.build(options).succeeded)
        #expect(try String(contentsOf: output.appending(path: "risks/r-1.html"), encoding: .utf8).contains("乙"))
        #expect(FileManager.default.fileExists(atPath: output.appending(path: ".gitkeep").path), "hidden files are kept")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)
            .filter { $0.contains("staging") || $0.contains(".old-") }
        #expect(leftovers.isEmpty)
    }

    @Test("building again into the same Output writes only the files whose bytes changed, and equals a fresh build")
    func buildAgainWritesOnlyChanges() throws {
        let content = ExampleSite.temporaryFolder("Content")
        let output = content.deletingLastPathComponent().appending(path: "Output")
        let fresh = content.deletingLastPathComponent().appending(path: "Fresh")
        try FileManager.default.copyItem(at: ExampleSite.content, to: content)
        let options = BuildOptions(content: content, templates: nil, output: output, today: Day(year: 2026, month: 11, day: 23))
        #expect(SiteBuilder.build(options).succeeded)
        func fileNumbers() throws -> [String: Int] {
            var numbers: [String: Int] = [:]
            for path in ExampleSite.files(in: output) {
                numbers[path] = try FileManager.default.attributesOfItem(atPath: output.appending(path: path).path)[.systemFileNumber] as? Int
            }
            return numbers
        }
        let before = try fileNumbers()

        // One risk point's text changes: its page, the pages that list it and the site-wide ones.
        let register = content.appending(path: "registers/czj/t01.yaml")
        let text = try String(contentsOf: register, encoding: .utf8)
        try text.replacingOccurrences(of: "丢失公文。", with: "丢失或者错送公文。").write(to: register, atomically: true, encoding: .utf8)
        #expect(SiteBuilder.build(options).succeeded)
        let after = try fileNumbers()
        #expect(Set(after.keys) == Set(before.keys))
        let rewritten = after.keys.filter { after[$0] != before[$0] }
        #expect(rewritten.contains { $0.hasPrefix("risks/") } && rewritten.contains("manual/index.html"))
        #expect(rewritten.count < before.count / 4, "\(rewritten.count) of \(before.count) files written again")
        #expect(!after.keys.contains { $0.hasPrefix("flows/") && after[$0] != before[$0] }, "flows do not show that text")

        // Byte for byte what a build into an empty folder writes.
        #expect(SiteBuilder.build(BuildOptions(content: content, templates: nil, output: fresh, today: Day(year: 2026, month: 11, day: 23))).succeeded)
        let files = ExampleSite.files(in: output)
        #expect(files == ExampleSite.files(in: fresh))
        for path in files {
            #expect(try Data(contentsOf: output.appending(path: path)) == Data(contentsOf: fresh.appending(path: path)), "\(path)")
        }
    }

    @Test("an output folder that holds the Content is refused")
    func refusesToReplaceContent() {
        let report = SiteBuilder.build(
            BuildOptions(content: ExampleSite.content, templates: nil, output: ExampleSite.repository))
        #expect(!report.succeeded)
        #expect(report.diagnostics.first?.message.contains("building would replace it") == true)
    }

    @Test("a user's template replaces the default of the same name; the others stay")
    func templateOverride() throws {
        let templates = ExampleSite.temporaryFolder("Templates")
        try write(["risk.mustache": "<!DOCTYPE html><html lang=\"zh-CN\"><p>自定义：{{text}}</p></html>\n"], to: templates)
        let output = templates.deletingLastPathComponent().appending(path: "Output")
        let report = SiteBuilder.build(BuildOptions(content: ExampleSite.content, templates: templates, output: output))
        #expect(report.succeeded)
        let risk = try String(contentsOf: output.appending(path: "risks/czj-t01-1.html"), encoding: .utf8)
        #expect(risk.hasPrefix("<!DOCTYPE html><html lang=\"zh-CN\"><p>自定义：收文登记"))
        let home = try String(contentsOf: output.appending(path: "index.html"), encoding: .utf8)
        #expect(home.contains("assets/style.css"))
    }

    @Test(
        "a risk point listed on several pages shows each table's own 序号, escaped, with the default row template and with one that prints the 序号 its own way",
        arguments: [nil, "<tr id=\"risk-{{id}}\"><td class=\"col-no\">{{#number}}第{{.}}条{{/number}}</td>{{{cells}}}</tr>\n"])
    func rowNumbersPerTable(rowTemplate: String?) throws {
        let content = ExampleSite.temporaryFolder("Content")
        try write(
            [
                "site.yaml": Self.site, "units/u.yaml": "- {编号: u, 名称: 办公室}\n",
                "registers/r.yaml": """
                    范围: u
                    风险清单:
                      - {风险点: 甲, 风险等级: 高, 防控措施: [一]}
                      - {风险点: 乙, 风险等级: 低, 防控措施: [二]}
                      - {风险点: 丙, 风险等级: 高, 防控措施: [三]}
                      - {风险点: 丁, 风险等级: 高, 防控措施: [四], 序号: "4<&>"}

                    """,
            ], to: content)
        var templates: URL?
        if let rowTemplate {
            templates = ExampleSite.temporaryFolder("Templates")
            try write(["risk-row.mustache": rowTemplate], to: templates!)
        }
        let output = content.deletingLastPathComponent().appending(path: "Output")
        #expect(SiteBuilder.build(BuildOptions(content: content, templates: templates, output: output)).succeeded)
        func numbers(_ page: String) throws -> [String: String] {
            let html = try String(contentsOf: output.appending(path: page), encoding: .utf8)
            var found: [String: String] = [:]
            for match in html.matches(of: /<tr id="risk-([^"]+)">\s*<td class="col-no">(.*?)<\/td>/) {
                found[String(match.1)] = String(match.2)
            }
            return found
        }
        let shown = { (number: String) in rowTemplate == nil ? number : "第\(number)条" }
        #expect(try numbers("tables/r.html") == ["r-1": shown("1"), "r-2": shown("2"), "r-3": shown("3"), "r-4": shown("4&lt;&amp;&gt;")])
        #expect(try numbers("levels/s--a.html") == ["r-1": shown("1"), "r-3": shown("2"), "r-4": shown("4&lt;&amp;&gt;")])
        #expect(try numbers("levels/s--b.html") == ["r-2": shown("1")])
    }

    @Test("a template that does not parse is reported with its file and line, and nothing is written")
    func brokenTemplate() throws {
        let templates = ExampleSite.temporaryFolder("Templates")
        try write(["unit.mustache": "<p>\n{{#name}}\n</p>\n"], to: templates)
        let output = templates.deletingLastPathComponent().appending(path: "Output")
        let report = SiteBuilder.build(BuildOptions(content: ExampleSite.content, templates: templates, output: output))
        #expect(!report.succeeded)
        #expect(report.diagnostics.contains { $0.location.file.hasSuffix("unit.mustache") })
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("a file made of many parts, small and large, is written, overwritten and compared as its parts in order")
    func partsInOrder() throws {
        // A page's text between its pieces is small and a piece can be large: each kind follows
        // the other, at the start, in the middle and at the end, and one part is empty.
        // Parts are gathered into blocks of 64 KB; one of 40 KB fits beside the small ones, one of
        // 180 KB does not.
        let large = String(repeating: "风险点", count: 4_500), larger = String(repeating: "防控", count: 30_000)
        let parts: [String] = ["<p>", large, "", "<td>", larger, "<td>", large + "末", "</p>", larger, "<p>", large]
        let file = RenderedFile(path: "a.html", parts: parts.map { .text($0, 0..<$0.utf8.count) })
        let expected = Data(parts.joined().utf8)
        #expect(file.count == expected.count)
        #expect(file.data == expected)

        let folder = ExampleSite.temporaryFolder("Parts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appending(path: "a.html").path
        try OutputWriter.writeFile(path, file)
        #expect(try Data(contentsOf: URL(filePath: path)) == expected)
        #expect(OutputWriter.holds(path, file))

        // Written over a longer file in place: the old tail is cut off.
        try Data(repeating: 0x41, count: expected.count + 5000).write(to: URL(filePath: path))
        #expect(!OutputWriter.holds(path, file))
        #expect(try OutputWriter.overwrite(path, file))
        #expect(try Data(contentsOf: URL(filePath: path)) == expected)
        #expect(OutputWriter.holds(path, file))
    }

    @Test("a large file written again after a change in its middle holds the new bytes, and one changed on disk since is written whole")
    func largeFileWrittenFromItsChange() throws {
        let output = ExampleSite.temporaryFolder("Output")
        try FileManager.default.createDirectory(at: output.appending(path: "manual"), withIntermediateDirectories: true)
        let written = OutputWriter.WrittenFiles()
        // Parts of 300 KB: the file is over the size from which its parts are noted.
        let pieces = (0..<8).map { String(repeating: "第\($0)章风险点", count: 20_000) }
        func manual(_ pieces: [String]) -> RenderedFile {
            RenderedFile(path: Paths.manual, parts: pieces.map { .whole($0) })
        }
        func write(_ file: RenderedFile) throws -> Data {
            let rebuild = OutputWriter.InPlace(output, written: written)
            rebuild.write(file)
            try rebuild.commit(removing: [])
            return try Data(contentsOf: output.appending(path: Paths.manual))
        }
        #expect(try write(manual(pieces)) == manual(pieces).data)
        var edited = pieces
        edited[5] = "修订" + edited[5]
        edited[6] = ""
        #expect(try write(manual(edited)) == manual(edited).data)
        var shorter = edited
        shorter.removeLast(2)
        #expect(try write(manual(shorter)) == manual(shorter).data, "the old tail is cut off")

        // Changed by something else: the parts noted are not trusted, though the new ones equal them.
        let path = output.appending(path: Paths.manual).path
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data("被改动".utf8))
        try handle.close()
        #expect(try write(manual(shorter)) == manual(shorter).data)
    }

    @Test("a rebuild hands WeasyPrint the manual as it will be: its new page beside the output's print stylesheet, which only a full build renders")
    func rebuildManualFolder() throws {
        let output = ExampleSite.temporaryFolder("Output")
        try FileManager.default.createDirectory(at: output.appending(path: "manual"), withIntermediateDirectories: true)
        try Data("@page { size: A5 }".utf8).write(to: output.appending(path: Paths.manualPrintCSS))
        try Data("<p>旧手册</p>".utf8).write(to: output.appending(path: Paths.manual))
        try Data("%PDF old".utf8).write(to: output.appending(path: Paths.manualPDF))
        let rebuild = OutputWriter.InPlace(output)
        rebuild.write(RenderedFile(path: Paths.manual, data: Data("<p>新手册</p>".utf8)))
        let folder = rebuild.manualFolder()
        defer { rebuild.discard() }
        #expect(try String(contentsOf: folder.appending(path: Paths.manual), encoding: .utf8) == "<p>新手册</p>")
        #expect(try String(contentsOf: folder.appending(path: Paths.manualPrintCSS), encoding: .utf8) == "@page { size: A5 }")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: Paths.manualPDF).path), "the old PDF is not its input")
    }
}
