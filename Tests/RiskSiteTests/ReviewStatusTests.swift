import Foundation
import RiskModel
import RiskSite
import Testing

/// Tests/Fixtures/Review (its README lists what each register holds), built as of 2026-11-25.
@Suite("状态 (withdrawn risk points) and 复核 (the review cycle)")
struct ReviewStatusTests {
    static let content = ExampleSite.repository.appending(path: "Tests/Fixtures/Review/Content")
    static let day = Day(year: 2026, month: 11, day: 25)

    struct Site {
        let output: URL
        let report: BuildReport

        func page(_ path: String) -> String {
            (try? String(contentsOf: output.appending(path: path), encoding: .utf8)) ?? ""
        }

        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: output.appending(path: path).path) }

        /// The risk pages a page links to, by id.
        func riskLinks(_ path: String) -> Set<String> {
            Set(
                attributeValues("href", in: page(path)).compactMap { href -> String? in
                    guard let range = href.range(of: "risks/"), href.hasSuffix(".html") else { return nil }
                    return String(href[range.upperBound...].dropLast(".html".count))
                })
        }
    }

    static func build(on day: Day = day, profile: Profile = .internal) -> Site {
        let output = ExampleSite.temporaryFolder("Output")
        let report = SiteBuilder.build(BuildOptions(content: content, templates: nil, output: output, profile: profile, today: day))
        return Site(output: output, report: report)
    }

    static let built = build()

    @Test("a withdrawn point keeps its page, marked 已撤销, and is in no list, count, table, flow, document or search entry")
    func withdrawnLeavesEveryList() throws {
        let site = Self.built
        try #require(site.report.succeeded)
        let page = site.page("risks/t1-3.html")
        #expect(page.contains("class=\"tag-withdrawn\">已撤销</span>"))
        #expect(page.contains("此风险点已撤销"))
        #expect(page.contains("<title>风险点 t1-3：（已撤销）"))
        #expect(site.exists("risks/t2-2.html"), "a point withdrawn in a CSV register (撤销) keeps its page too")

        let withdrawn: Set = ["t1-3", "t2-2", "t3-3"]
        for path in [
            "index.html", "units/bgs.html", "units/cwk.html", "units/ju.html", "tables/t1.html", "tables/t2.html", "tables/t3.html",
            "levels/s--gao.html", "levels/s--di.html", "flows/f.html", "documents/d.html", "manual/index.html", "dashboard/index.html",
            "reviews/index.html",
        ] {
            #expect(site.riskLinks(path).isDisjoint(with: withdrawn), "\(path) links a withdrawn point")
        }
        #expect(site.riskLinks("units/bgs.html") == ["t1-1", "t1-2", "t1-4", "t3-1", "t3-2"])
        // The counts are of the points in use: 7 of 10.
        #expect(site.report.riskCount == 7)
        #expect(site.page("index.html").contains("<dt>风险点</dt><dd>7</dd>"))
        #expect(site.page("dashboard/index.html").contains("共 7 个风险点"))
        #expect(site.page("manual/index.html").contains("已撤销的会议费报销风险") == false)
        let search = ExampleSite.files(in: site.output.appending(path: "search")).map { site.page("search/" + $0) }.joined()
        #expect(!search.contains("已撤销的会议费报销风险") && !search.contains("已撤销的票据管理风险"))
        // The 公示 of the whole body posts the points in use only.
        let notice = site.page("disclosures/g.html")
        #expect(notice.contains("公文收发登记不全") && !notice.contains("已撤销的会议费报销风险") && !notice.contains("已撤销的票据管理风险"))
        // The flow still draws t1-1, and names no badge for t1-3.
        #expect(site.page("flows/f.html").contains("data-risk=\"t1-1\""))
        #expect(!site.page("flows/f.html").contains("data-risk=\"t1-3\""))
    }

    @Test("the exports keep withdrawn points with their status, so an export read back keeps it")
    func exportsKeepTheStatus() throws {
        let site = Self.built
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: site.output.appending(path: "exports/register.json")))
                as? [String: Any])
        let risks = try #require(json["risks"] as? [[String: Any]])
        #expect(json["version"] as? Int == 1)
        let byID = Dictionary(uniqueKeysWithValues: risks.map { ($0["id"] as? String ?? "", $0) })
        #expect(byID.count == 10)
        #expect(byID["t1-3"]?["status"] as? String == "withdrawn")
        #expect(byID["t2-2"]?["status"] as? String == "withdrawn")
        #expect(byID["t1-1"]?["status"] as? String == "active")
        // 复核日期: the point's own, else its register's, else null (present either way).
        #expect(byID["t1-1"]?["reviewed"] as? String == "2025-03-01")
        #expect(byID["t1-2"]?["reviewed"] as? String == "2026-06-01")
        #expect(byID["t3-2"]?["reviewed"] is NSNull)

        let csv = site.page("exports/register.csv")
        let header = try #require(csv.split(separator: "\r\n").first)
        #expect(header.hasSuffix("公开,备注,状态,复核日期,复核周期"))
        let row = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix("t1-3,") })
        #expect(row.hasSuffix(",已撤销,2025-03-01,"))
        let t2 = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix("t2-1,") })
        #expect(t2.hasSuffix(",在用,2026-04-01,每半年"))

        // Read back as a register of its own, the export has the same points withdrawn and the same dates.
        let copy = ExampleSite.temporaryFolder("Content")
        try FileManager.default.createDirectory(at: copy.appending(path: "registers"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.content.appending(path: "site.yaml"), to: copy.appending(path: "site.yaml"))
        try FileManager.default.copyItem(at: Self.content.appending(path: "units"), to: copy.appending(path: "units"))
        try Data(csv.utf8).write(to: copy.appending(path: "registers/export.csv"))
        let again = ExampleSite.temporaryFolder("Output")
        let report = SiteBuilder.build(BuildOptions(content: copy, templates: nil, output: again, today: Self.day))
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(report.riskCount == 7)
        let reread = try String(contentsOf: again.appending(path: "exports/register.csv"), encoding: .utf8)
        let rows = { (text: String) in text.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).suffix(3) } }
        #expect(rows(reread) == rows(csv))
    }

    @Test("check warns at a flow step and a risks block that name a withdrawn point, where they name it")
    func referencesToWithdrawnPoints() throws {
        let report = SiteBuilder.check(BuildOptions(content: Self.content, templates: nil, output: Self.built.output, today: Self.day))
        #expect(!report.diagnostics.hasErrors)
        let withdrawn = report.diagnostics.filter { $0.message.contains("withdrawn (已撤销)") }
        #expect(withdrawn.map(\.location.description).sorted() == ["documents/d.md:9:5", "flows/f.yaml:8:11"])
        #expect(withdrawn.allSatisfy { $0.severity == .warning && $0.value == "t1-3" && $0.hint?.contains("registers/t1.yaml") == true })
    }

    @Test("overdue points are one warning per date as written: a register's date once for all its points, a row's at its cell")
    func overdueWarnings() throws {
        let report = SiteBuilder.check(BuildOptions(content: Self.content, templates: nil, output: Self.built.output, today: Self.day))
        let overdue = report.diagnostics.filter { $0.message.contains("overdue for review") }
        try #require(overdue.count == 2)
        let table = try #require(overdue.first { $0.location.file == "registers/t1.yaml" })
        #expect(table.location.line == 4 && table.field == "复核日期" && table.value == "2025-03-01")
        #expect(table.message.hasPrefix("2 risk points are overdue") && table.message.contains("due 2026-03-01"))
        #expect(table.hint?.contains("t1-1, t1-4") == true)
        let row = try #require(overdue.first { $0.location.file == "registers/t2.csv" })
        #expect(row.location.line == 2 && row.location.column == 6)
        #expect(row.message.contains("每半年") && row.message.contains("due 2026-10-01"))
        // A date after the build day is a warning at it; not-yet-due and unrecorded points are not warned of.
        let future = try #require(report.diagnostics.first { $0.message.contains("after the build day") })
        #expect(future.location.description == "registers/t3.yaml:8:11" && future.severity == .warning)
        #expect(report.diagnostics.count == 5)
        // On the day a review falls due it is not yet overdue.
        let onDue = SiteBuilder.check(
            BuildOptions(content: Self.content, templates: nil, output: Self.built.output, today: Day(year: 2026, month: 3, day: 1)))
        #expect(onDue.diagnostics.filter { $0.message.contains("overdue") }.isEmpty)
    }

    @Test("待复核 lists exactly the overdue points as of --date, by unit, and the registers without a review date")
    func reviewsPage() throws {
        let site = Self.built
        let page = site.page("reviews/index.html")
        #expect(site.riskLinks("reviews/index.html") == ["t1-1", "t1-4", "t2-1"])
        #expect(page.contains("截至2026年11月25日，有 3 个风险点逾期未复核"))
        let office = try #require(page.range(of: ">复核测试局 · 办公室</a>"))
        let finance = try #require(page.range(of: ">复核测试局 · 财务科</a>"))
        let t21 = try #require(page.range(of: "risks/t2-1.html"))
        #expect(office.upperBound < finance.lowerBound && finance.upperBound < t21.lowerBound)
        #expect(page.contains("2025年3月1日复核，每年，应于2026年3月1日前复核"))
        // No review recorded: counted by register, never overdue.
        let unrecorded = try #require(page.range(of: "<h2>未记录复核</h2>"))
        let tail = String(page[unrecorded.upperBound...])
        #expect(attributeValues("href", in: tail).filter { $0.contains("tables/") } == ["../tables/t2.html", "../tables/t3.html"])
        #expect(tail.contains("共有 2 个风险点没有复核日期"))
        // Linked from the navigation and the home page; the dashboard counts the same points.
        #expect(site.page("index.html").contains("<a href=\"reviews/index.html\">待复核</a>"))
        #expect(site.page("index.html").contains("<dt>待复核</dt><dd><a href=\"reviews/index.html\">3</a></dd>"))
        #expect(site.page("dashboard/index.html").contains("逾期未复核 <a href=\"../reviews/index.html\">3 个</a>"))
        // A risk page says where it stands.
        #expect(site.page("risks/t1-1.html").contains("逾期未复核"))
        #expect(site.page("risks/t1-2.html").contains("2026年6月1日复核（每年），应于2027年6月1日前再次复核"))
        #expect(site.page("risks/t3-2.html").contains("未记录复核日期"))

        // A year earlier nothing is overdue.
        let earlier = Self.build(on: Day(year: 2025, month: 11, day: 25))
        #expect(earlier.riskLinks("reviews/index.html").isEmpty)
        #expect(earlier.page("reviews/index.html").contains("没有逾期未复核的风险点"))
    }

    @Test("the manual prints each register's 复核日期 under its title")
    func manualShowsTheDate() {
        let manual = Self.built.page("manual/index.html")
        #expect(manual.contains("<caption>表1 办公室风险<span class=\"review-note\">复核日期：2025年3月1日（每年复核）</span></caption>"))
        #expect(manual.contains("<caption>表2 财务科风险<span class=\"review-note\">复核日期：2026年4月1日（每半年复核）；1个风险点未记录</span>"))
    }

    @Test("a public build keeps the page of a withdrawn public point, marked, and nothing of an internal one")
    func publicBuild() throws {
        let site = Self.build(profile: .public)
        try #require(site.report.succeeded)
        #expect(site.page("risks/t1-3.html").contains("此风险点已撤销"))
        #expect(!site.exists("risks/t3-3.html"))
        for file in ExampleSite.files(in: site.output) {
            let data = try Data(contentsOf: site.output.appending(path: file))
            #expect(data.range(of: Data("内部撤销事项甲乙丙".utf8)) == nil, "\(file) holds the internal point")
        }
    }
}
