import Foundation
import RiskModel
import RiskSite
import Testing

/// The example's 责任清单 as the office keeps it: an Excel workbook made by LibreOffice from the
/// register's CSV form, with a title row, 责任主体 merged down and cells of several lines
/// (Content/registers/qwb/zerenqingdan.xlsx; Tests/Fixtures/Office and its README say how).
@Suite("A register kept as an Excel workbook")
struct WorkbookSiteTests {
    @Test("the workbook builds the same register as its CSV form: the exports are the same, byte for byte")
    func sameAsCSV() throws {
        let copy = ExampleSite.temporaryFolder("Content")
        try ExampleSite.copyWithCSVRegister(to: copy)

        let output = ExampleSite.temporaryFolder("Output")
        let report = SiteBuilder.build(BuildOptions(content: copy, templates: nil, output: output))
        #expect(!report.diagnostics.hasErrors, "\(report.diagnostics.errors)")
        #expect(ExampleSite.built.report.diagnostics.filter { $0.location.file.hasSuffix(".xlsx") }.isEmpty)
        for export in ["exports/register.json", "exports/register.csv"] {
            let fromCSV = try Data(contentsOf: output.appending(path: export))
            let fromWorkbook = try Data(contentsOf: ExampleSite.built.output.appending(path: export))
            #expect(fromWorkbook == fromCSV, "\(export)")
        }
        // The row under the merged 秘书一科 cell, whose 防控措施 cell has three lines.
        let page = ExampleSite.page("risks/qwb-qingdan-2.html")
        #expect(page.contains("秘书一科"))
        let measures = page.components(separatedBy: "<ol class=\"items measures\">").last?.components(separatedBy: "</ol>").first ?? ""
        #expect(measures.components(separatedBy: "<li>").count - 1 == 3)
    }
}
