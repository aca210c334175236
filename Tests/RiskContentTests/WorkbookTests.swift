import Foundation
import RiskModel
import Testing

@testable import RiskContent

/// Workbooks made with LibreOffice and openpyxl from the example's 责任清单
/// (Tests/Fixtures/Office/make-fixtures.sh; what each holds is in its README and cells.md).
@Suite("Excel workbooks as registers")
struct WorkbookTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures/Office")

    static func fixture(_ name: String) throws -> Data { try Data(contentsOf: folder.appending(path: name)) }

    /// The example's units, enough for its 责任主体 names.
    static let units = """
        - 编号: qwb
          名称: 区委办
          下设:
            - {编号: ms1, 名称: 秘书一科}
            - {编号: ms2, 名称: 秘书二科}
            - {编号: bw, 名称: 办文科}
            - {编号: zh1, 名称: 综合一科}
            - {编号: zh2, 名称: 综合二科}
            - {编号: xx, 名称: 新闻信息科}
            - {编号: ws, 名称: 外事科}
            - {编号: zx, 名称: 组宣科}
            - {编号: bm, 名称: 保密局}
            - {编号: xxzx, 名称: 信息中心}
            - {编号: zwgk, 名称: 政务公开科}
            - {编号: zwj, 名称: 政务局}
            - {编号: dc, 名称: 督查室}
        """

    static func load(_ files: [String: Data]) -> ContentLoader.Result {
        var all = files
        all["units/qwb.yaml"] = Data(units.utf8)
        return Fixture.loadBytes(all)
    }

    @Test("the header is found under the title row; every data row is a risk point, 序号 as shown")
    func titleRowAndNumbers() throws {
        let result = Self.load(["registers/清单.xlsx": try Self.fixture("qingdan.xlsx")])
        let register = try #require(result.register)
        let table = try #require(register.tables.values.first { $0.location.file == "registers/清单.xlsx" })
        #expect(table.riskIDs.count == 25)
        let risks = table.riskIDs.map { register.risks[$0]! }
        #expect(risks.map(\.sequence) == (1...25).map { Optional(String($0)) })
    }

    @Test("a 责任主体 merged down over rows applies to each row it covers")
    func mergedUnits() throws {
        let result = Self.load(["registers/清单.xlsx": try Self.fixture("qingdan.xlsx")])
        let register = try #require(result.register)
        let table = try #require(register.tables.values.first)
        let risks = table.riskIDs.map { register.risks[$0]! }
        // B3:B5 秘书一科 covers rows 1–3; B6:B7 秘书二科 rows 4–5.
        #expect(risks[0..<3].allSatisfy { $0.unitIDs == ["ms1"] })
        #expect(risks[3..<5].allSatisfy { $0.unitIDs == ["ms2"] })
    }

    @Test("a cell of several lines (Alt+Enter) keeps its lines: the 防控措施 of row 2 are three measures")
    func lineBreaks() throws {
        let result = Self.load(["registers/清单.xlsx": try Self.fixture("qingdan.xlsx")])
        let register = try #require(result.register)
        let table = try #require(register.tables.values.first)
        let second = register.risks[table.riskIDs[1]]!
        #expect(second.measures.count == 3)
        #expect(second.manifestations.count == 3)
    }

    @Test("rich text runs are joined, and a number stored as 4.0 reads as the 4 Excel shows")
    func richTextAndNumbers() throws {
        let result = Self.load(["registers/清单.xlsx": try Self.fixture("qingdan-shared-inline.xlsx")])
        let register = try #require(result.register)
        let table = try #require(register.tables.values.first)
        let risks = table.riskIDs.map { register.risks[$0]! }
        #expect(risks.count == 5)
        #expect(risks[0].text == "不按相关规定、程序、规格安排会议、公务。")
        #expect(risks.map(\.sequence) == ["1", "2", "3", "4", "5"].map(Optional.init))
        #expect(!risks.map(\.id).contains { $0.contains(".") })
    }

    @Test("each visible sheet with a 风险点 header is a register; a notes sheet and a hidden sheet are left out, with a word")
    func severalSheets() throws {
        let result = Self.load(["registers/清单.xlsx": try Self.fixture("qingdan-sheets.xlsx")])
        let register = try #require(result.register)
        let tables = register.tables.values.filter { $0.location.file == "registers/清单.xlsx" }
        #expect(tables.map(\.title) == ["秘书科", "其他科室"])
        #expect(tables.map { $0.riskIDs.count } == [10, 15])
        #expect(Set(tables.map(\.id)).count == 2)
        let notes = result.diagnostics.first { $0.location.cell == "说明!A1" }
        #expect(notes?.severity == .warning)
        let hidden = result.diagnostics.first { $0.location.cell == "旧版!A1" }
        #expect(hidden?.message.contains("hidden") == true)
        #expect(!result.diagnostics.hasErrors)
    }

    @Test("riskpress import refuses an --id that is no id, and joins a long one with a sheet's into an id still")
    func importIDs() throws {
        // Found by IdentifierProperties: --id ../x wrote registers/../x-….yaml and 编号: ../x.
        let workbook = try Self.fixture("qingdan-sheets.xlsx")
        for id in ["../x", "a/b", "风险", "a\n编号: b", String(repeating: "a", count: 65)] {
            #expect(throws: OfficeImport.Failure.self, "\(id)") {
                try OfficeImport.workbook(workbook, fileName: "清单.xlsx", options: .init(id: id))
            }
        }
        let long = String(repeating: "a", count: 64)
        let result = try OfficeImport.workbook(workbook, fileName: "清单.xlsx", options: .init(id: long))
        let ids = result.files.map { ($0.path as NSString).lastPathComponent.split(separator: ".")[0] }
        #expect(ids.count == 2 && Set(ids).count == 2)
        #expect(ids.allSatisfy { Identifiers.isValid(String($0)) }, "\(ids)")
    }

    @Test("a settings file beside the workbook names the sheets to read; an unknown name is an error that lists the sheets")
    func chosenSheets() throws {
        let result = Self.load([
            "registers/清单.xlsx": try Self.fixture("qingdan-sheets.xlsx"),
            "registers/清单.xlsx.yaml": Data("编号: qd\n标题: 责任清单\n工作表: [其他科室, 旧版, 第三季度]\n".utf8),
        ])
        let register = try #require(result.register)
        let tables = register.tables.values.filter { $0.location.file == "registers/清单.xlsx" }
        #expect(tables.map(\.riskIDs.count) == [15, 3])
        #expect(tables.allSatisfy { $0.id.hasPrefix("qd-") })
        let unknown = try #require(result.diagnostics.first { $0.value == "第三季度" })
        #expect(unknown.severity == .error)
        #expect(unknown.location.file == "registers/清单.xlsx.yaml")
        #expect(unknown.hint?.contains("秘书科") == true)
    }

    @Test("a problem is placed at the cell as Excel names it: an unknown 责任主体 merged down is reported at the merged cell")
    func cellPlaces() throws {
        var units = Self.units
        units = units.replacingOccurrences(of: "{编号: ms2, 名称: 秘书二科}", with: "{编号: ms2, 名称: 秘书处}")
        var files = Fixture.siteFiles
        files["units/qwb.yaml"] = Data(units.utf8)
        files["registers/清单.xlsx"] = try Self.fixture("qingdan.xlsx")
        let result = ContentLoader(fileSystem: .memory(files)).load()
        let errors = result.diagnostics.errors.filter { $0.value == "秘书二科" }
        // One error per cell that holds the name, naming the rows that inherit it.
        #expect(errors.map(\.location.description) == ["B6", "B8", "B11", "B12"].map { "registers/清单.xlsx:责任清单!\($0)" })
        #expect(errors[0].hint?.contains("row 7 below it") == true)
        #expect(errors[1].hint?.contains("rows 9, 10 below it") == true)
        #expect(errors[2].hint?.contains("below it") == false)
        #expect(!result.diagnostics.contains { $0.message.contains("names no responsible unit") })
    }

    @Test("in a CSV, a blank 责任主体 under an unknown name gives one error at the line that holds the name")
    func inheritedInCSV() throws {
        let csv = "序号,责任主体,风险点,风险等级,防控措施\n1,纪检组,甲,一般,m\n2,,乙,一般,m\n3,,丙,一般,m\n4,办公室,丁,一般,m\n"
        let result = Fixture.load(["registers/qd.csv": csv])
        let errors = result.diagnostics.errors
        #expect(errors.count == 1)
        #expect(errors.first?.location == SourceLocation(file: "registers/qd.csv", line: 2, column: 2))
        #expect(errors.first?.hint?.contains("lines 3, 4 below it") == true)
        #expect(!result.diagnostics.contains { $0.message.contains("names no responsible unit") })
    }

    @Test("a file that is not a workbook, a password-protected workbook and a zip bomb each give one clear error")
    func badFiles() throws {
        let cases: [(String, String)] = [
            ("not-a-zip.xlsx", "not a zip"),
            ("encrypted.xlsx", "password"),
            ("bomb.xlsx", "zip bomb"),
        ]
        for (name, words) in cases {
            let result = Self.load(["registers/\(name)": try Self.fixture(name)])
            let errors = result.diagnostics.errors.filter { $0.location.file == "registers/\(name)" }
            #expect(errors.count == 1, "\(name)")
            #expect(errors.first?.message.contains(words) == true, "\(name): \(errors)")
            #expect(errors.first?.hint?.isEmpty == false)
        }
    }

    @Test("Excel's column names and cell references")
    func references() {
        #expect(WorkbookReader.columnName(0) == "A")
        #expect(WorkbookReader.columnName(25) == "Z")
        #expect(WorkbookReader.columnName(26) == "AA")
        #expect(WorkbookReader.columnName(16_383) == "XFD")
        #expect(WorkbookReader.cellReference("D17")! == (17, 3))
        #expect(WorkbookReader.cellReference("$AA$3")! == (3, 26))
        #expect(WorkbookReader.cellReference("17D") == nil)
        #expect(WorkbookReader.cellReference("A0") == nil)
    }
}

@Suite("Cells as Excel shows them")
struct CellTextTests {
    @Test("whole numbers without .0; fractions to 15 significant digits, as a General cell")
    func numbers() {
        #expect(CellText.number(3) == "3")
        #expect(CellText.number(3.0) == "3")
        #expect(CellText.number(-12) == "-12")
        #expect(CellText.number(0.1) == "0.1")
        #expect(CellText.number(0.1 + 0.2) == "0.3")
        #expect(CellText.number(5000.5) == "5000.5")
    }

    @Test("day numbers as dates, in both date systems, Excel's 1900-02-29 included in the count")
    func dates() {
        #expect(CellText.date(1, date1904: false) == "1900-01-01")
        #expect(CellText.date(59, date1904: false) == "1900-02-28")
        #expect(CellText.date(61, date1904: false) == "1900-03-01")
        #expect(CellText.date(46_357, date1904: false) == "2026-12-01")
        #expect(CellText.date(46_357.5, date1904: false) == "2026-12-01 12:00")
        #expect(CellText.date(0, date1904: true) == "1904-01-01")
        #expect(CellText.date(-1, date1904: false) == nil)
    }
}
