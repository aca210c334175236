import Foundation
import RiskModel
import RiskSite
import Testing

/// Runs a command and returns what it printed.
func run(_ command: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: commandPath(command) ?? command)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite("Disclosures (公示) never carry what is internal")
struct DisclosureTests {
    /// The example Content plus entries, fields and a document marked internal, each
    /// carrying a unique marker.
    static func contentWithCanaries() throws -> URL {
        let content = ExampleSite.temporaryFolder("Content")
        try FileManager.default.copyItem(at: ExampleSite.content, to: content)
        func write(_ path: String, _ text: String) throws {
            let url = content.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        var site = try String(contentsOf: content.appending(path: "site.yaml"), encoding: .utf8)
        site = site.replacingOccurrences(of: "  责任人: 公开", with: "  责任人: 内部")
        try write("site.yaml", site)
        try write(
            "registers/czj/canary.yaml",
            """
            范围: czj
            风险清单:
              - 风险点: 内部条目 CANARY-ENTRY-TEXT
                风险等级: 较大
                责任主体: 办公室
                防控措施: [CANARY-ENTRY-MEASURE]
                公开: 否
              - 风险点: 公开条目
                风险等级: 一般
                责任主体: 办公室
                防控措施: [公开的措施]
                责任人: CANARY-PERSON
                备注: CANARY-NOTE
                内部意见: CANARY-EXTRA
            """)
        try write("registers/czj/canary-rows.csv.yaml", "范围: czj\n")
        try write(
            "registers/czj/canary-rows.csv",
            "风险点,风险等级,责任主体,防控措施,公开,核查记录\r\n内部行 CANARY-CSV-ROW,较大,办公室,CANARY-CSV-MEASURE,否,\r\n公开行,一般,办公室,措施,是,CANARY-CSV-EXTRA\r\n")
        try write(
            "documents/czj/internal.md",
            "---\n标题: 内部说明 CANARY-DOC-TITLE\n单位: czj\n公开: 否\n---\n\nCANARY-DOC-BODY\n")
        return content
    }

    static func everyFile(_ root: URL) -> [(String, Data)] {
        ExampleSite.files(in: root).map { ($0, (try? Data(contentsOf: root.appending(path: $0))) ?? Data()) }
    }

    @Test("no marker of an internal entry, field or document reaches any byte of a public build or of any disclosure")
    func canaries() throws {
        let content = try Self.contentWithCanaries()
        let today = Day(year: 2026, month: 11, day: 25)
        let publicOutput = content.deletingLastPathComponent().appending(path: "Public")
        let publicBuild = SiteBuilder.build(
            BuildOptions(content: content, templates: nil, output: publicOutput, profile: .public, today: today))
        #expect(publicBuild.succeeded, "\(publicBuild.diagnostics)")
        let marker = Data("CANARY".utf8)
        let publicFiles = Self.everyFile(publicOutput)
        #expect(publicFiles.count > 200)
        for (path, data) in publicFiles {
            #expect(data.range(of: marker) == nil, "\(path) carries an internal marker")
        }
        // The public entries themselves are there, in the pages, the disclosure and the exports.
        let disclosure = String(decoding: try Data(contentsOf: publicOutput.appending(path: "disclosures/czj-gongshi.html")), as: UTF8.self)
        #expect(disclosure.contains("公开条目") && disclosure.contains("公开行"))
        let csv = String(decoding: try Data(contentsOf: publicOutput.appending(path: "exports/register.csv")), as: UTF8.self)
        #expect(csv.contains("公开条目"))

        // The intranet build has the markers — the test would see a leak — but its disclosures do not.
        let internalOutput = content.deletingLastPathComponent().appending(path: "Internal")
        let internalBuild = SiteBuilder.build(
            BuildOptions(content: content, templates: nil, output: internalOutput, profile: .internal, today: today))
        #expect(internalBuild.succeeded)
        let internalFiles = Self.everyFile(internalOutput)
        for canary in ["CANARY-ENTRY-TEXT", "CANARY-PERSON", "CANARY-NOTE", "CANARY-EXTRA", "CANARY-CSV-ROW", "CANARY-DOC-BODY"] {
            #expect(internalFiles.contains { $0.1.range(of: Data(canary.utf8)) != nil }, "the intranet shows \(canary)")
        }
        for (path, data) in internalFiles where path.hasPrefix("disclosures/") && path != "disclosures/index.html" {
            #expect(data.range(of: marker) == nil, "\(path) carries an internal marker")
        }

        // The search index: its entry blocks and its postings hold the intranet's internal entries and
        // fields and none of the public build's. Postings hold grams in lower case: "-e" (of the internal
        // entry's CANARY-ENTRY-…) and "-p" (of the internal field's CANARY-PERSON), found nowhere else in
        // the example, stand for them.
        func searchFiles(_ files: [(String, Data)], _ prefix: String) -> [Data] {
            files.filter { $0.0.hasPrefix("search/" + prefix) }.map(\.1)
        }
        #expect(searchFiles(internalFiles, "d-").contains { $0.range(of: Data("CANARY-ENTRY-TEXT".utf8)) != nil })
        for gram in ["-e", "-p"] {
            let printed = Data("\"\(gram)\":".utf8)
            #expect(searchFiles(internalFiles, "p-").contains { $0.range(of: printed) != nil }, "\(gram)")
            #expect(!searchFiles(publicFiles, "p-").contains { $0.range(of: printed) != nil }, "an internal gram in the public postings: \(gram)")
        }
        #expect(searchFiles(publicFiles, "d-").contains { $0.range(of: Data("公开条目".utf8)) != nil })
        #expect(searchFiles(publicFiles, "manifest").count == 1)
    }

    @Test("the notice is one file: inline CSS, no script, nothing fetched, no link out")
    func selfContained() throws {
        let page = ExampleSite.page("disclosures/czj-gongshi.html")
        #expect(page.contains("<style>"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("<link"))
        #expect(attributeValues("href", in: page).isEmpty)
        #expect(attributeValues("src", in: page).isEmpty)
        #expect(!page.contains("url("))
        #expect(page.contains("公示期：2026年11月23日至2026年11月29日"))
        #expect(page.contains("<p class=\"issuer\">益阳市财政局</p>"))
        #expect(page.contains("<p class=\"date\">2026年11月23日</p>"))
        let tables = page.components(separatedBy: "<table").dropFirst().map { "<table" + $0 }
        #expect(tables.count == 27, "one table per register of the finance bureau")
        #expect(tables.map { tableRows($0).count }.reduce(0, +) == 160)
        #expect(page.contains("<h2>表1 收文登记、批转、承办风险事件情况表</h2>"))
    }

    @Test("the index shows each disclosure's period and its status on the build day")
    func statusOnTheBuildDay() throws {
        let content = ExampleSite.content
        for (day, status) in [(22, "未开始"), (25, "公示中"), (30, "已结束")] {
            let output = ExampleSite.temporaryFolder("Output")
            let report = SiteBuilder.build(
                BuildOptions(content: content, templates: nil, output: output, today: Day(year: 2026, month: 11, day: day)))
            #expect(report.succeeded)
            let index = try String(contentsOf: output.appending(path: "disclosures/index.html"), encoding: .utf8)
            let row = index.components(separatedBy: "<tr>").first { $0.contains("czj-gongshi.html") } ?? ""
            #expect(row.contains(status), "on 2026-11-\(day)")
        }
    }

    /// scripts/setup.sh installs Chromium from Debian.
    @Test(
        "the notice renders completely in headless Chromium with the network cut off",
        .enabled(if: commandPath("chromium") != nil))
    func rendersOffline() throws {
        let html = ExampleSite.built.output.appending(path: "disclosures/qwb-mishu2-gongshi.html")
        // Every request through a proxy that does not exist: anything fetched would fail.
        let result = try run(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--proxy-server=http://127.0.0.1:9",
                "--proxy-bypass-list=<-loopback>", "--dump-dom", html.absoluteString,
            ])
        #expect(result.status == 0)
        #expect(result.output.contains("公示期：2026年11月23日至2026年11月29日"))
        #expect(tableRows(result.output).count == 7, "rows 4–10 of the list name 秘书二科")
        #expect(result.output.contains("区委办（区政府办、直属机关工委）</p>"))
    }

    /// scripts/setup.sh installs WeasyPrint from PyPI and poppler-utils from Debian.
    @Test(
        "printed with WeasyPrint: header row on every page, page numbers agree, period and contacts on the last page",
        .enabled(if: commandPath("weasyprint") != nil && commandPath("pdftotext") != nil))
    func printedWithWeasyPrint() throws {
        // The district office's 秘书二科: rows whose measures differ, one table over several pages.
        let (pages, texts) = try printed("disclosures/qwb-mishu2-gongshi.html")
        #expect(pages >= 3, "seven rows with long measures in A4 portrait take several pages")
        for (page, text) in texts.enumerated() {
            #expect(text.contains("风险点") && text.contains("防控措施") && text.contains("风险等级"), "page \(page + 1) repeats the header")
        }
        // The finance bureau: 160 rows in 27 tables, measures once per table.
        let (bureauPages, bureauTexts) = try printed("disclosures/czj-gongshi.html")
        #expect(bureauPages >= 10)
        for (page, text) in bureauTexts.enumerated() {
            #expect(text.contains("第 \(page + 1) 页 共 \(bureauPages) 页"), "page \(page + 1) is numbered")
        }
        let last = bureauTexts.last ?? ""
        #expect(last.contains("公示期：2026年11月23日至2026年11月29日"))
        #expect(last.contains("0737-0000000"))
        #expect(last.contains("益阳市财政局"))
        #expect(bureauTexts.joined().contains("表27 公务用车风险事件情况表"))
    }

    /// Prints a page of the example site with WeasyPrint; returns the page count and each page's text.
    private func printed(_ path: String) throws -> (Int, [String]) {
        let html = ExampleSite.built.output.appending(path: path)
        let pdf = ExampleSite.temporaryFolder("notice.pdf")
        let result = try run("weasyprint", [html.path, pdf.path])
        #expect(result.status == 0, "\(result.output)")
        let info = try run("pdfinfo", [pdf.path]).output
        let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "0") ?? 0
        let texts = try (0..<pages).map { page in
            try run("pdftotext", ["-f", "\(page + 1)", "-l", "\(page + 1)", "-layout", pdf.path, "-"]).output
        }
        return (pages, texts)
    }
}
