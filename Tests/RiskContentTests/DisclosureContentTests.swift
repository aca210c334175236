import RiskModel
import Testing

@testable import RiskContent

@Suite("Disclosures in Content: periods, defaults, problems")
struct DisclosureContentTests {
    static let register = "范围: ju\n风险清单:\n  - {风险点: 甲, 风险等级: 较大, 责任主体: 办公室, 防控措施: [一]}\n  - {风险点: 乙, 责任主体: 财务科, 防控措施: [二], 公开: 否}\n"

    @Test("the period is the start plus the days; contacts come from the site's defaults; only public entries are chosen")
    func period() throws {
        let result = Fixture.load([
            "site.yaml": Fixture.site + "\n公示:\n  落款: 某局\n  联系方式: {监督举报电话: 12345}\n",
            "registers/r.yaml": Self.register,
            "disclosures/a.yaml": "标题: 廉政风险点公示\n范围: {单位: [办公室, 财务科]}\n公示开始: 2026-11-23\n公示天数: 7\n",
        ])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let disclosure = try #require(result.register?.disclosures["a"])
        #expect(disclosure.end == Day(year: 2026, month: 11, day: 29))
        #expect(disclosure.end.chinese == "2026年11月29日")
        #expect(disclosure.issuer == "某局")
        #expect(disclosure.contacts.hotline == "12345")
        #expect(disclosure.riskIDs == ["r-1"], "乙 is not public")
        #expect(disclosure.status(on: Day(year: 2026, month: 11, day: 29)) == .open)
        #expect(disclosure.status(on: Day(year: 2026, month: 11, day: 30)) == .ended)
    }

    @Test("a date that is no date, a period that ends first, no issuer and no contact are each reported")
    func problems() throws {
        let result = Fixture.load([
            "registers/r.yaml": Self.register,
            "disclosures/bad-date.yaml": "标题: 甲\n范围: {单位: 办公室}\n公示开始: 2026-02-30\n",
            "disclosures/backwards.yaml": "标题: 乙\n范围: {单位: 办公室}\n公示开始: 2026-11-23\n公示结束: 2026-11-01\n落款: 某局\n联系方式: {电话: 1}\n",
            "disclosures/bare.yaml": "标题: 丙\n范围: {单位: 办公室}\n公示开始: 2026-11-23\n纸张: B5\n",
        ])
        let badDate = try #require(result.diagnostics.first(containing: "not a date"))
        #expect(badDate.location.file == "disclosures/bad-date.yaml" && badDate.location.line == 3)
        #expect(result.diagnostics.first(containing: "ends before it starts")?.location.file == "disclosures/backwards.yaml")
        #expect(result.diagnostics.first(containing: "names no issuing body")?.location.file == "disclosures/bare.yaml")
        #expect(result.diagnostics.first(containing: "no way to report")?.location.file == "disclosures/bare.yaml")
        #expect(result.diagnostics.first(containing: "not a paper size")?.value == "B5")
    }
}
