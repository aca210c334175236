import Foundation
import RiskContent
import RiskModel
import RiskSite
import Testing

/// `riskpress import` on the offices' own files: seed 000's 办法 as a Word document made by
/// LibreOffice from the example (Tests/Fixtures/Office/Word), and the 责任清单 workbook.
@Suite("Importing a Word 办法 and an Excel 清单")
struct ImportTests {
    static let office = ExampleSite.repository.appending(path: "Tests/Fixtures/Office")

    /// The example without the finance bureau's documents and registers.
    static let example = ContentLoader(fileSystem: .directory(ExampleSite.content)).load().register!

    static func contentWithoutCZJ() throws -> URL {
        let copy = ExampleSite.temporaryFolder("Content")
        try FileManager.default.copyItem(at: ExampleSite.content, to: copy)
        try FileManager.default.removeItem(at: copy.appending(path: "registers/czj"))
        try FileManager.default.removeItem(at: copy.appending(path: "documents/czj"))
        return copy
    }

    static func load(_ content: URL) throws -> Register {
        let result = ContentLoader(fileSystem: .directory(content)).load()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.errors.prefix(5))")
        return try #require(result.register)
    }

    @Test("the 办法 as .docx imports to the same 160 risk points as the example: level, units and measures, table by table")
    func wordRoundTrip() throws {
        let content = try Self.contentWithoutCZJ()
        let result = try ContentImport.run(
            file: Self.office.appending(path: "Word/banfa.docx"), into: content,
            options: OfficeImport.Options(id: "czj", scope: "czj"), force: false)
        #expect(result.registers == 27)
        #expect(result.riskPoints == 160)
        let imported = try Self.load(content)
        let example = Self.example
        var compared = 0
        for number in 1...27 {
            let id = String(format: "czj-t%02d", number)
            let mine = try #require(imported.tables[id]).riskIDs.map { imported.risks[$0]! }
            let theirs = try #require(example.tables[id]).riskIDs.map { example.risks[$0]! }
            #expect(mine.count == theirs.count, "\(id)")
            for (a, b) in zip(mine, theirs) {
                #expect(a.text == b.text, "\(id)")
                #expect(a.level == b.level, "\(id) \(a.text)")
                #expect(a.unitIDs == b.unitIDs, "\(id) \(a.text)")
                #expect(a.measures == b.measures, "\(id) \(a.text)")
                compared += 1
            }
        }
        #expect(compared == 160)
    }

    @Test("the imported document keeps each table in its chapter, as a live ```risks block")
    func tablesInTheirChapters() throws {
        let content = try Self.contentWithoutCZJ()
        _ = try ContentImport.run(
            file: Self.office.appending(path: "Word/banfa.docx"), into: content,
            options: OfficeImport.Options(id: "czj", scope: "czj"), force: false)
        let markdown = try String(contentsOf: content.appending(path: "documents/czj.md"), encoding: .utf8)
        // Each example chapter's tables, found under that chapter's heading in the import.
        let chapters = markdown.components(separatedBy: "\n## ").dropFirst()
        var found = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: ExampleSite.content.appending(path: "documents/czj").path).sorted() {
            let text = try String(contentsOf: ExampleSite.content.appending(path: "documents/czj/\(file)"), encoding: .utf8)
            guard let title = text.components(separatedBy: "标题: ").dropFirst().first?.components(separatedBy: "\n").first else { continue }
            let registers = text.components(separatedBy: "register: ").dropFirst().map { String($0.prefix(7)) }
            guard !registers.isEmpty else { continue }
            let chapter = try #require(chapters.first { $0.hasPrefix(title) }, "\(title)")
            let imported = chapter.components(separatedBy: "register: ").dropFirst().map { String($0.prefix(7)) }
            #expect(imported == registers, "\(title)")
            found += registers.count
        }
        #expect(found == 27)
    }

    @Test("the 清单 workbook imported as CSV builds the same register as the example's CSV, byte for byte in the exports")
    func workbookAsCSV() throws {
        let content = ExampleSite.temporaryFolder("Content")
        try FileManager.default.copyItem(at: ExampleSite.content, to: content)
        try FileManager.default.removeItem(at: content.appending(path: "registers/qwb"))
        let result = try ContentImport.run(
            file: Self.office.appending(path: "qingdan.xlsx"), into: content,
            options: OfficeImport.Options(id: "qwb-qingdan", scope: "qwb", format: .csv), force: false)
        #expect(result.files.map(\.path) == ["registers/qwb-qingdan.csv", "registers/qwb-qingdan.csv.yaml"])
        let output = ExampleSite.temporaryFolder("Output")
        let report = SiteBuilder.build(BuildOptions(content: content, templates: nil, output: output))
        #expect(!report.diagnostics.hasErrors, "\(report.diagnostics.errors.prefix(5))")
        let mine = try Data(contentsOf: output.appending(path: "exports/register.json"))
        let theirs = try Data(contentsOf: ExampleSite.built.output.appending(path: "exports/register.json"))
        #expect(mine == theirs)
    }

    @Test("an import never overwrites: a second run writes nothing and says which file exists, unless forced")
    func neverOverwrites() throws {
        let content = try Self.contentWithoutCZJ()
        let file = Self.office.appending(path: "qingdan.xlsx")
        let options = OfficeImport.Options(id: "qd", scope: "qwb")
        _ = try ContentImport.run(file: file, into: content, options: options, force: false)
        let written = content.appending(path: "registers/qd.yaml")
        try Data("# 已人工修改\n".utf8).write(to: written)
        #expect(throws: ContentImport.Refusal.self) {
            try ContentImport.run(file: file, into: content, options: options, force: false)
        }
        #expect(try String(contentsOf: written, encoding: .utf8) == "# 已人工修改\n")
        _ = try ContentImport.run(file: file, into: content, options: options, force: true)
        #expect(try String(contentsOf: written, encoding: .utf8).contains("风险清单"))
    }

    @Test("a file that is not a Word document and a password-protected workbook are refused with what to do")
    func badFiles() throws {
        let content = try Self.contentWithoutCZJ()
        let notZip = ExampleSite.temporaryFolder("办法.docx")
        try Data("第一条 这不是Word文件".utf8).write(to: notZip)
        for (file, words) in [(notZip, "not a zip"), (Self.office.appending(path: "encrypted.xlsx"), "password")] {
            do {
                _ = try ContentImport.run(file: file, into: content, options: .init(), force: false)
                Issue.record("\(file.lastPathComponent) was imported")
            } catch let refusal as ContentImport.Refusal {
                #expect(refusal.description.contains(words))
                #expect(refusal.description.contains("hint:"))
            }
        }
    }
}
