import Foundation
import RiskContent
import RiskModel
import RiskSite
import Testing

/// Editions (版次) recorded into the archive, and what changed between them (变更记录).
@Suite("Editions and change records")
struct EditionTests {
    /// A copy of the example Content with its own archive and output.
    struct Site {
        let root: URL
        var content: URL { root.appending(path: "Content") }
        var archive: URL { root.appending(path: "Archive") }
        var output: URL { root.appending(path: "Output") }

        init() throws {
            root = ExampleSite.temporaryFolder("editions")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: ExampleSite.content, to: root.appending(path: "Content"))
        }

        func options(edition: String? = nil, date: String = "2026-12-01", profile: Profile = .internal) -> BuildOptions {
            var options = BuildOptions(
                content: content, templates: nil, output: output, profile: profile, today: Day(parsing: date)!)
            options.edition = edition.map { BuildOptions.EditionRequest(name: $0, note: "年度复核") }
            return options
        }

        /// Replaces `old` (which must occur once) in a Content file.
        func edit(_ path: String, _ old: String, _ new: String) throws {
            let url = content.appending(path: path)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.components(separatedBy: old).count == 2, "\(path): \(old)")
            try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        }

        func append(_ path: String, _ text: String) throws {
            let url = content.appending(path: path)
            var old = try String(contentsOf: url, encoding: .utf8)
            if !old.hasSuffix("\n") { old += "\n" }
            try (old + text).write(to: url, atomically: true, encoding: .utf8)
        }

        func page(_ path: String) -> String {
            (try? String(contentsOf: output.appending(path: path), encoding: .utf8)) ?? ""
        }
    }

    /// An annual review as an office would make it: 5 added, 3 withdrawn, 4 re-levelled, 6 reworded,
    /// 2 moved to another unit.
    static func review(_ site: Site) throws {
        let r = "registers/czj/"
        for (index, table) in ["t01", "t06", "t08", "t09", "t10"].enumerated() {
            try site.append(r + table + ".yaml", "- 风险点: 年度复核新增风险点\(index + 1)，未按新规定办理。\n  风险等级: 一般\n  责任主体: 办公室\n")
        }
        for (table, text) in [
            ("t02", "办理意见不明确、未按权限签署意见"), ("t03", "未主动与提出不同意见的会签单位沟通，未对主、会办意见不一致的问题做出说明；对未及时会签的单位未催办。"),
            ("t04", "出现错别字、数字错误、单位错误以及引用错误等。"),
        ] {
            try site.edit(r + table + ".yaml", "- 风险点: \(text)\n", "- 风险点: \(text)\n  状态: 已撤销\n")
        }

        try site.edit(r + "t02.yaml", "密件作为普通件处理\n  风险等级: 重大", "密件作为普通件处理\n  风险等级: 较大")
        try site.edit(r + "t04.yaml", "未落实精简文件规定。\n  风险等级: 较大", "未落实精简文件规定。\n  风险等级: 重大")
        try site.edit(r + "t07.yaml", "未按照文件格式、版式要求排版。\n  风险等级: 一般", "未按照文件格式、版式要求排版。\n  风险等级: 较大")
        try site.edit(r + "t06.yaml", "未进行公平竞争审查。\n  风险等级: 较大", "未进行公平竞争审查。\n  风险等级: 重大")

        try site.edit(r + "t01.yaml", "风险点: 分办不及时、不准确。", "风险点: 分办不及时、不准确，延误办理。")
        try site.edit(r + "t02.yaml", "风险点: 未按规定传阅\n", "风险点: 未按规定及时传阅\n")
        try site.edit(r + "t03.yaml", "管理权限征求意见或未公开征求意见。", "管理权限征求意见或未按规定公开征求意见。")
        try site.edit(r + "t04.yaml", "风险点: 随意扩大公文适用范围。", "风险点: 随意扩大或缩小公文适用范围。")
        try site.edit(r + "t05.yaml", "核稿人未尽职审核。", "核稿人未认真审核。")
        try site.edit(r + "t07.yaml", "风险点: 未严格按照时限印制完成", "风险点: 未按时限印制完成")

        try site.edit(
            r + "t01.yaml", "收文登记要素不全面、不准确，丢失公文。\n  风险等级: 较大\n  责任主体: 办公室",
            "收文登记要素不全面、不准确，丢失公文。\n  风险等级: 较大\n  责任主体: 承办科室单位")
        try site.edit(
            r + "t01.yaml", "不按批转意见承办，相互推诿。\n  风险等级: 较大\n  责任主体: 承办科室单位",
            "不按批转意见承办，相互推诿。\n  风险等级: 较大\n  责任主体: 办公室")
    }

    @Test("an annual review recorded as a second edition: the change page and diff list exactly its 20 changes")
    func annualReview() throws {
        let site = try Site()
        let first = SiteBuilder.build(site.options(edition: "2025", date: "2025-12-01"))
        #expect(first.succeeded, "\(first.diagnostics)")
        #expect(first.edition?.hasPrefix("recorded edition 2025") == true)
        try Self.review(site)
        // The office posts the new and changed risk points for comment (公示) before they take effect.
        try """
            编号: czj-2026-tiaozheng
            标题: 益阳市财政局2026年度风险点调整公示
            版次: "2026"
            落款: 益阳市财政局
            公示开始: 2026-12-02
            公示天数: 7
            联系方式:
              监督举报电话: 0737-0000000（示例号码）

            """.write(to: site.content.appending(path: "disclosures/czj-2026.yaml"), atomically: true, encoding: .utf8)
        let second = SiteBuilder.build(site.options(edition: "2026", date: "2026-12-01"))
        #expect(second.succeeded, "\(second.diagnostics)")

        let diff = EditionDiff.changes(site.options(), from: "2025", to: "2026")
        let changes = try #require(diff.changes)
        #expect(changes.changes.count == 20)
        #expect(changes.count(.added) == 5)
        #expect(changes.count(.withdrawn) == 3)
        #expect(changes.count(.relevelled) == 4)
        #expect(changes.count(.reworded) == 6)
        #expect(changes.count(.moved) == 2)
        #expect(changes.changes.allSatisfy { $0.kinds.count == 1 })
        // Nothing changed since the second edition.
        #expect(EditionDiff.changes(site.options(), from: nil, to: EditionDiff.content).changes?.changes.isEmpty == true)

        // The change page: one row per change, linked from the home page and the change list.
        let page = site.page("changes/2026.html")
        #expect(page.components(separatedBy: "<tr><td>").count - 1 == 20)
        #expect(page.contains("新增 5，撤销 3，调整等级 4，调整责任主体 2，修改表述 6"))
        // A withdrawn point's page answers, and its record shows the withdrawal.
        let withdrawn = try #require(changes.changes.first { $0.kinds == [.withdrawn] }?.id)
        let withdrawnPage = site.page("risks/\(withdrawn).html")
        #expect(withdrawnPage.contains("已撤销"))
        #expect(withdrawnPage.contains("<td>撤销</td>"))
        #expect(page.contains("<del>重大</del> → 较大"))
        #expect(page.contains("分办不及时、不准确<ins>，延误办理</ins>。"))
        #expect(site.page("index.html").contains("changes/index.html"))
        #expect(site.page("changes/index.html").contains("2026.html"))
        // A re-levelled point's page shows its level through both editions.
        let risk = site.page("risks/czj-t04-1.html")
        #expect(risk.contains("变更记录"))
        #expect(risk.contains("调整等级"))
        #expect(risk.components(separatedBy: "changes/20").count - 1 == 2)

        // The disclosure posts the 5 new and the 12 changed points, and nothing else.
        let notice = site.page("disclosures/czj-2026-tiaozheng.html")
        #expect(notice.contains("新增风险点") && notice.contains("调整的风险点"))
        #expect(notice.contains("年度复核新增风险点5，未按新规定办理。"))
        #expect(notice.contains("分办不及时、不准确，延误办理。"))
        #expect(!notice.contains("急件作为平件处理"))
        #expect(!notice.contains("办理意见不明确、未按权限签署意见"))
        #expect(notice.components(separatedBy: "<tr").count - 1 == 17 + 1 + 1)

        // The terminal and JSON forms say the same.
        let text = EditionDiff.text(changes)
        #expect(text.hasPrefix("变更记录：2025（2025-12-01） → 2026（2026-12-01）：20 个风险点"))
        #expect(text.contains("风险点: 分办不及时、不准确{+，延误办理+}。"))
        let json = try JSONSerialization.jsonObject(with: EditionDiff.json(changes)) as? [String: Any]
        #expect((json?["changes"] as? [Any])?.count == 20)
        #expect((json?["counts"] as? [String: Int])?["added"] == 5)
    }

    @Test("a disclosure of an edition that is not recorded is an error at its 版次")
    func disclosureOfMissingEdition() throws {
        let site = try Site()
        try "标题: 调整公示\n版次: \"2030\"\n落款: 局\n公示开始: 2026-12-02\n联系方式:\n  电话: 1\n".write(
            to: site.content.appending(path: "disclosures/x.yaml"), atomically: true, encoding: .utf8)
        for report in [SiteBuilder.build(site.options()), SiteBuilder.check(site.options())] {
            let error = try #require(report.diagnostics.errors.first)
            #expect(error.location.file == "disclosures/x.yaml")
            #expect(error.location.line == 2)
            #expect(error.message.contains("no edition"))
        }
    }

    @Test("recording the same Content twice adds nothing; a name recorded with another register is refused")
    func recordOnce() throws {
        let site = try Site()
        #expect(SiteBuilder.build(site.options(edition: "2025")).succeeded)
        let again = SiteBuilder.build(site.options(edition: "2025b"))
        #expect(again.succeeded)
        #expect(again.edition?.contains("the same as edition 2025") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.archive.path) == ["2025"])

        try site.edit("registers/czj/t05.yaml", "核稿人未尽职审核。", "核稿人未认真审核。")
        let before = try Data(contentsOf: site.archive.appending(path: "2025/register.json"))
        let home = try Data(contentsOf: site.output.appending(path: "index.html"))
        let clash = SiteBuilder.build(site.options(edition: "2025"))
        #expect(!clash.succeeded)
        #expect(clash.diagnostics.errors.first?.message.contains("already recorded") == true)
        #expect(try Data(contentsOf: site.archive.appending(path: "2025/register.json")) == before)
        #expect(try Data(contentsOf: site.output.appending(path: "index.html")) == home)
    }

    @Test("a hand-edited, damaged or doubled edition is a located error, and the build writes nothing")
    func damagedArchive() throws {
        let site = try Site()
        #expect(SiteBuilder.build(site.options(edition: "2025")).succeeded)
        let register = site.archive.appending(path: "2025/register.json")
        let original = try String(contentsOf: register, encoding: .utf8)

        // Edited by hand: the checksum no longer matches.
        try original.replacingOccurrences(of: "收文登记要素不全面", with: "收文登记要素不完整").write(
            to: register, atomically: true, encoding: .utf8)
        var report = SiteBuilder.build(site.options())
        var error = try #require(report.diagnostics.errors.first)
        #expect(error.location.file == "Archive/2025/edition.yaml")
        #expect(error.location.line == 5)
        #expect(error.message.contains("changed after the edition was recorded"))
        #expect(SiteBuilder.check(site.options()).diagnostics.errors.count == 1)

        // Damaged JSON: located at its line.
        try (original.prefix(200) + "\n  \"risks\": [ {,\n").write(to: register, atomically: true, encoding: .utf8)
        report = SiteBuilder.build(site.options())
        #expect(report.diagnostics.errors.contains { $0.location.file == "Archive/2025/register.json" && $0.location.line > 1 })

        // Restored, then copied under another folder: the same edition twice.
        try original.write(to: register, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: site.archive.appending(path: "2025"), to: site.archive.appending(path: "copy"))
        report = SiteBuilder.build(site.options())
        error = try #require(report.diagnostics.errors.first)
        #expect(error.message.contains("recorded twice"))
        try FileManager.default.removeItem(at: site.archive.appending(path: "copy"))

        // A date that is no date, and one after the build's day.
        let meta = site.archive.appending(path: "2025/edition.yaml")
        let metaText = try String(contentsOf: meta, encoding: .utf8)
        try metaText.replacingOccurrences(of: "日期: 2026-12-01", with: "日期: 2026-13-45").write(
            to: meta, atomically: true, encoding: .utf8)
        report = SiteBuilder.build(site.options())
        error = try #require(report.diagnostics.errors.first)
        #expect(error.message == "not a date")
        #expect(error.location.line == 3)
        try metaText.write(to: meta, atomically: true, encoding: .utf8)
        report = SiteBuilder.build(site.options(date: "2026-06-01"))
        #expect(report.succeeded)
        #expect(report.diagnostics.warnings.contains { $0.message.contains("dated after today") && $0.location.line == 3 })
    }

    @Test("removing a row renumbers the rows below: reported as renamed ids and one removal, not as rewordings")
    func positionalIDsShift() throws {
        let site = try Site()
        #expect(SiteBuilder.build(site.options(edition: "2025")).succeeded)
        try site.edit("registers/czj/t01.yaml", "- 风险点: 分办不及时、不准确。\n  风险等级: 一般\n  责任主体: 办公室\n", "")
        let changes = try #require(EditionDiff.changes(site.options(), from: nil, to: EditionDiff.content).changes)
        #expect(changes.count(.removed) == 1)
        #expect(changes.changes.first { $0.kinds.contains(.removed) }?.before?.text == "分办不及时、不准确。")
        #expect(changes.count(.renamed) == 3)
        #expect(changes.count(.reworded) == 0)
        #expect(changes.changes.first { $0.id == "czj-t01-2" }?.formerID == "czj-t01-3")
    }

    @Test("a public build's change pages hold public risk points only, even those made internal since")
    func publicHistory() throws {
        let site = try Site()
        #expect(SiteBuilder.build(site.options(edition: "2025")).succeeded)
        try site.append("registers/czj/t01.yaml", "- 风险点: CANARY-HISTORY-INTERNAL\n  风险等级: 一般\n  责任主体: 办公室\n  公开: 否\n")
        try site.edit("registers/czj/t02.yaml", "风险点: 未按规定传阅\n", "风险点: CANARY-HISTORY-MADE-INTERNAL\n  公开: 否\n")
        #expect(SiteBuilder.build(site.options(edition: "2026")).succeeded)
        #expect(site.page("changes/2026.html").contains("CANARY-HISTORY-INTERNAL"))
        #expect(SiteBuilder.build(site.options(profile: .public)).succeeded)
        for path in ExampleSite.files(in: site.output) {
            let data = try Data(contentsOf: site.output.appending(path: path))
            for canary in ["CANARY-HISTORY", "未按规定传阅"] {
                #expect(data.range(of: Data(canary.utf8)) == nil, "\(path) shows \(canary)")
            }
        }
        #expect(!site.page("changes/2026.html").isEmpty)
    }

    @Test("serve's rebuilds keep the archive read, and read it again when a file in it changes")
    func rebuildsSeeArchiveChanges() throws {
        let site = try Site()
        #expect(SiteBuilder.build(site.options(edition: "2025", date: "2025-12-01")).succeeded)
        let rebuilder = Rebuilder(options: site.options())
        #expect(rebuilder.build().succeeded)
        #expect(!FileManager.default.fileExists(atPath: site.output.appending(path: "changes/2026.html").path))
        // Another build records 2026 beside the preview.
        try site.edit("registers/czj/t05.yaml", "核稿人未尽职审核。", "核稿人未认真审核。")
        var other = site.options(edition: "2026")
        other.output = site.root.appending(path: "Other")
        #expect(SiteBuilder.build(other).succeeded)
        #expect(rebuilder.build().succeeded)
        #expect(site.page("changes/2026.html").contains("未<del>尽职</del><ins>认真</ins>审核"))
        // A hand edit of an edition is seen at the next rebuild.
        let register = site.archive.appending(path: "2025/register.json")
        try (try String(contentsOf: register, encoding: .utf8)).replacingOccurrences(of: "分办不及时", with: "分办不及时了")
            .write(to: register, atomically: true, encoding: .utf8)
        let report = rebuilder.build()
        #expect(report.diagnostics.errors.contains { $0.message.contains("changed after the edition was recorded") })
    }

    @Test("an edition recorded before the register format grew still reads")
    func oldEdition() throws {
        let archive = ExampleSite.repository.appending(path: "Tests/Fixtures/Editions/Archive")
        let read = EditionArchive.read(archive, today: Day(parsing: "2026-12-04")!)
        #expect(read.diagnostics.isEmpty, "\(read.diagnostics)")
        let edition = try #require(read.editions.first)
        #expect(edition.info.name == "2025年版")
        #expect(edition.register.risks.count == 4)
        #expect(edition.register.risks.allSatisfy { !$0.withdrawn && $0.level != nil && !$0.unitNames.isEmpty })
    }
}
