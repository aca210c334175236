import CSV
import Foundation
import RiskModel
import RiskSite
import Testing

@testable import RiskContent

@Suite("The example Content builds into a complete site")
struct ExampleSiteTests {
    let built = ExampleSite.built
    var register: Register {
        ContentLoader(fileSystem: .directory(ExampleSite.content)).load().register!
    }

    @Test("check on the example is clean: no errors, no warnings")
    func checkIsClean() {
        let report = SiteBuilder.check(BuildOptions(content: ExampleSite.content, templates: nil, output: URL(fileURLWithPath: "/nonexistent")))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(built.report.succeeded)
    }

    @Test("every risk point of every source file has its page and appears in each of its units' lists")
    func everyRiskHasItsPage() {
        let register = register
        #expect(register.risks.count > 150)
        for table in register.tables.values {
            #expect(!table.riskIDs.isEmpty, "\(table.location.file) has risk points")
        }
        for risk in register.risks.values {
            let page = ExampleSite.page("risks/\(risk.id).html")
            #expect(page.contains(risk.measures.first ?? "—"), "risks/\(risk.id).html shows its measures")
            #expect(!risk.unitIDs.isEmpty, "\(risk.id) has a 责任主体")
            for unit in risk.unitIDs {
                #expect(
                    ExampleSite.page("units/\(unit).html").contains("href=\"../risks/\(risk.id).html\""),
                    "units/\(unit).html lists \(risk.id)")
            }
        }
    }

    @Test("table 1 of the finance bureau's rules: five rows with their levels and 责任主体, as in the seed")
    func financeTableOne() {
        let page = ExampleSite.page("tables/czj-t01.html")
        let rows = tableRows(page)
        let header = tableHeader(page)
        let (textColumn, levelColumn, unitColumn) = (
            header.firstIndex(of: "风险点") ?? 0, header.firstIndex(of: "风险等级") ?? 0, header.firstIndex(of: "责任主体") ?? 0
        )
        let expected: [(String, String, String)] = [
            ("收文登记要素不全面", "较大", "办公室"),
            ("分办不及时、不准确", "一般", "办公室"),
            ("不按批转意见承办", "较大", "承办科室单位"),
            ("对批转有异议", "较大", "承办科室单位"),
            ("承接新业务或职责范围调整未及时告知办公室", "一般", "承办科室单位"),
        ]
        #expect(rows.count == expected.count)
        for (row, (text, level, unit)) in zip(rows, expected) {
            #expect(row[textColumn].contains(text))
            #expect(row[levelColumn] == level)
            #expect(row[unitColumn] == unit)
        }
    }

    @Test("a chapter embeds its table where the text refers to it, with the seed's own columns")
    func chapterEmbedsTable() {
        let page = ExampleSite.page("documents/czj-ch02.html")
        let caption = page.range(of: "表1 收文登记、批转、承办风险事件情况表")
        let table = page.range(of: "<table class=\"risk-table\">")
        let measures = page.range(of: "（二）防控措施：")
        #expect(caption != nil && table != nil && measures != nil)
        if let caption, let table, let measures {
            #expect(caption.upperBound <= table.lowerBound && table.upperBound <= measures.lowerBound)
        }
        let chapter = String(page[(table?.lowerBound ?? page.startIndex)...])
        #expect(tableHeader(chapter) == ["序号", "责任主体", "风险点", "风险等级"])
        #expect(tableRows(chapter).count == 5)
    }

    @Test("a CSV row whose 防控措施 cell has several lines becomes a list of that many items")
    func multiLineMeasures() throws {
        // The same rows as the example's workbook, in their CSV form.
        let csvURL = ExampleSite.csvRegister
        var text = try String(contentsOf: csvURL, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        var checked = 0
        while let row = reader.next() {
            let header = reader.headerRow!
            let cell = row[header.firstIndex(of: "防控措施")!]
            let lines = cell.split(whereSeparator: \.isNewline).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            guard lines.count > 1 else { continue }
            let number = row[header.firstIndex(of: "序号")!]
            let page = ExampleSite.page("risks/qwb-qingdan-\(number).html")
            let measures = page.components(separatedBy: "<ol class=\"items measures\">").last?
                .components(separatedBy: "</ol>").first ?? ""
            #expect(measures.components(separatedBy: "<li>").count - 1 == lines.count, "row \(number)")
            checked += 1
        }
        #expect(checked >= 5)
    }

    @Test("a GB18030 copy of the CSV builds the same model as the UTF-8 one")
    func gb18030Copy() throws {
        let bytes = try Data(contentsOf: ExampleSite.csvRegister)
        let withoutBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        let gb = try #require(TextDecoding.convert(Array(withoutBOM), from: "UTF-8", to: "GB18030"))
        let utf8Copy = ExampleSite.temporaryFolder("Content")
        try ExampleSite.copyWithCSVRegister(to: utf8Copy)
        let fromUTF8 = ContentLoader(fileSystem: .directory(utf8Copy)).load()
        let copy = ExampleSite.temporaryFolder("Content")
        try ExampleSite.copyWithCSVRegister(to: copy)
        try Data(gb).write(to: copy.appending(path: "registers/qwb/zerenqingdan.csv"))
        let fromGB = ContentLoader(fileSystem: .directory(copy)).load()
        #expect(!fromGB.diagnostics.hasErrors)
        let register = try #require(fromUTF8.register)
        let utf8Risks = register.tables["qwb-qingdan"]!.riskIDs.map { register.risks[$0]! }
        let gbRegister = try #require(fromGB.register)
        let gbRisks = gbRegister.tables["qwb-qingdan"]!.riskIDs.map { gbRegister.risks[$0]! }
        #expect(gbRisks == utf8Risks)
    }

    @Test("every link is relative and leads to a file of the site; nothing is fetched from elsewhere")
    func linksStayInside() throws {
        let files = ExampleSite.files(in: built.output)
        let existing = Set(files)
        var checked = 0
        for file in files where file.hasSuffix(".html") {
            let html = ExampleSite.page(file)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.contains("<html lang=\"zh-CN\">"), "\(file)")
            let directory = (file as NSString).deletingLastPathComponent
            for link in attributeValues("href", in: html) + attributeValues("src", in: html) {
                #expect(!link.hasPrefix("/") && !link.contains("://"), "\(file) links to \(link)")
                let target = link.components(separatedBy: "#")[0]
                guard !target.isEmpty else { continue }
                let resolved = (directory.isEmpty ? target : directory + "/" + target)
                let normalised = URL(fileURLWithPath: "/" + resolved).standardizedFileURL.path.dropFirst()
                let found = existing.contains(String(normalised))
                #expect(found, "\(file) → \(link)")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }

    @Test("levels are shown with their text, not colour alone; a blank level shows 未定级")
    func levelsAsText() {
        let page = ExampleSite.page("tables/qwb-qingdan.html")
        #expect(page.contains(">未定级</a>"))
        let finance = ExampleSite.page("levels/sanji--zhongda.html")
        #expect(finance.contains("<span class=\"level-mark\" aria-hidden=\"true\"></span>重大</a>"))
    }
}
