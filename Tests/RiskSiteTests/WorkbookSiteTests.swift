import Foundation
import RiskModel
import RiskSite
import Testing

/// The example's 责任清单 as the office keeps it: an Excel workbook made by LibreOffice from the
/// example's CSV, with a title row, 责任主体 merged down and cells of several lines
/// (Tests/Fixtures/Office, see its README).
@Suite("A register kept as an Excel workbook")
struct WorkbookSiteTests {
    static let workbook = ExampleSite.repository.appending(path: "Tests/Fixtures/Office/qingdan.xlsx")

    @Test("the workbook builds the same register as its CSV form: the exports are the same, byte for byte")
    func sameAsCSV() throws {
        let copy = ExampleSite.temporaryFolder("Content")
        try FileManager.default.copyItem(at: ExampleSite.content, to: copy)
        let folder = copy.appending(path: "registers/qwb")
        try FileManager.default.removeItem(at: folder.appending(path: "zerenqingdan.csv"))
        try FileManager.default.moveItem(
            at: folder.appending(path: "zerenqingdan.csv.yaml"), to: folder.appending(path: "zerenqingdan.xlsx.yaml"))
        try FileManager.default.copyItem(at: Self.workbook, to: folder.appending(path: "zerenqingdan.xlsx"))

        let output = ExampleSite.temporaryFolder("Output")
        let report = SiteBuilder.build(BuildOptions(content: copy, templates: nil, output: output))
        #expect(!report.diagnostics.hasErrors, "\(report.diagnostics.errors)")
        #expect(report.diagnostics.filter { $0.location.file.hasSuffix(".xlsx") }.isEmpty)
        for export in ["exports/register.json", "exports/register.csv"] {
            let fromWorkbook = try Data(contentsOf: output.appending(path: export))
            let fromCSV = try Data(contentsOf: ExampleSite.built.output.appending(path: export))
            #expect(fromWorkbook == fromCSV, "\(export)")
        }
        // The row under the merged 秘书一科 cell, whose 防控措施 cell has three lines.
        let page = try String(contentsOf: output.appending(path: "risks/qwb-qingdan-2.html"), encoding: .utf8)
        #expect(page.contains("秘书一科"))
        let measures = page.components(separatedBy: "<ol class=\"items measures\">").last?.components(separatedBy: "</ol>").first ?? ""
        #expect(measures.components(separatedBy: "<li>").count - 1 == 3)
    }
}
