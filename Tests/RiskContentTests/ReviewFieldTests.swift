import Foundation
import RiskModel
import Testing

@testable import RiskContent

@Suite("状态, 复核日期 and 复核周期 as registers write them")
struct ReviewFieldTests {
    @Test("状态 reads 在用 and 已撤销 and their other spellings; blank is 在用")
    func statuses() throws {
        let result = Fixture.load([
            "registers/t.yaml": """
            编号: t
            范围: bgs
            风险清单:
              - {编号: a, 风险点: 甲, 防控措施: [一]}
              - {编号: b, 风险点: 乙, 状态: 在用, 防控措施: [一]}
              - {编号: c, 风险点: 丙, 状态: 已撤销, 防控措施: [一]}
              - {编号: d, 风险点: 丁, status: withdrawn, 防控措施: [一]}
              - {编号: e, 风险点: 戊, 状态: 停用, 防控措施: [一]}
              - {编号: f, 风险点: 己, 状态: 撤销, 防控措施: [一]}
            """
        ])
        #expect(!result.diagnostics.hasErrors)
        let register = try #require(result.register)
        #expect(Array(register.risks.keys) == ["a", "b"])
        #expect(Array(register.withdrawnRisks.keys) == ["c", "d", "e", "f"])
        #expect(Array(register.allRisks.keys) == ["a", "b", "c", "d", "e", "f"])
        #expect(register.tables["t"]?.riskIDs == ["a", "b"])
        #expect(register.risksByUnit["bgs"] == ["a", "b"])
    }

    @Test("a status, a date or a cycle that is none: one error each at its cell, with the values to write")
    func badValues() throws {
        let result = Fixture.load([
            "registers/t.csv": "序号,风险点,防控措施,状态,复核日期,复核周期\n1,甲,一,作废,去年,每周\n2,乙,二,,2026-02-30,\n3,丙,三,,3/1/26,\n",
            "registers/t.csv.yaml": "范围: bgs\n复核日期: 上月\n复核周期: 12个月\n",
        ])
        let errors = result.diagnostics.errors
        let status = try #require(errors.first(containing: "not a status"))
        #expect(status.location == SourceLocation(file: "registers/t.csv", line: 2, column: 4))
        #expect(status.value == "作废" && status.hint?.contains("已撤销") == true && status.hint?.contains("在用") == true)
        let dates = errors.filter { $0.message == "not a date" }
        #expect(
            dates.map(\.location.description).sorted() == [
                "registers/t.csv.yaml:2:7", "registers/t.csv:2:5", "registers/t.csv:3:5", "registers/t.csv:4:5",
            ])
        #expect(dates.allSatisfy { $0.hint?.contains("2026-03-01") == true })
        let cycle = try #require(errors.first(containing: "not a review cycle"))
        #expect(cycle.location == SourceLocation(file: "registers/t.csv", line: 2, column: 6))
        #expect(cycle.hint?.contains("每半年") == true)
        #expect(errors.count == 6)
    }

    @Test("a point without a date takes its register's; the cycle is the point's, the register's, site.yaml's, else 每年")
    func inheritance() throws {
        var site = Fixture.site
        site += "\n复核周期: 每两年\n"
        let result = ContentLoader(
            fileSystem: .memory(text: [
                "site.yaml": site, "units/ju.yaml": Fixture.units,
                "registers/t.yaml": """
                编号: t
                范围: bgs
                复核日期: 2025年3月1日
                复核周期: 每季度
                风险清单:
                  - {编号: a, 风险点: 甲, 防控措施: [一]}
                  - {编号: b, 风险点: 乙, 复核日期: 2026/1/31, 复核周期: 1个月, 防控措施: [一]}
                """,
                "registers/u.yaml": "编号: u\n范围: bgs\n风险清单:\n  - {编号: c, 风险点: 丙, 复核日期: 2024-11-25, 防控措施: [一]}\n  - {编号: d, 风险点: 丁, 防控措施: [一]}\n",
            ])
        ).load()
        #expect(!result.diagnostics.hasErrors)
        let register = try #require(result.register)
        let day = Day(year: 2026, month: 6, day: 1)
        func state(_ id: String) -> ReviewState { register.review(of: register.risks[id]!, on: day) }
        #expect(register.reviewDate(of: register.risks["a"]!)?.day == Day(year: 2025, month: 3, day: 1))
        guard case .overdue(_, let dueA) = state("a") else { Issue.record("a is overdue"); return }
        #expect(dueA == Day(year: 2025, month: 6, day: 1))
        // 2026-01-31 and one month: due on the last day of February.
        guard case .overdue(_, let dueB) = state("b") else { Issue.record("b is overdue"); return }
        #expect(dueB == Day(year: 2026, month: 2, day: 28))
        guard case .current(_, let dueC) = state("c") else { Issue.record("c is current"); return }
        #expect(dueC == Day(year: 2026, month: 11, day: 25))
        #expect(state("d") == .unrecorded)
        #expect(register.overdueReviews(on: day) == ["a", "b"])
        // With no 复核周期 in site.yaml, 每年.
        #expect(Fixture.load([:]).register?.site.reviewCycle == .yearly)
    }

    @Test("复核周期 as offices write it")
    func cycles() {
        for (text, months) in [
            ("每年", 12), ("每半年", 6), ("每季度", 3), ("每两年", 24), ("每月", 1), ("12个月", 12), ("18 个月", 18), ("3年", 36),
            ("yearly", 12), ("6 months", 6),
        ] {
            #expect(ReviewCycle(parsing: text)?.months == months, "\(text)")
        }
        for text in ["每周", "0个月", "半", "", "-3个月"] { #expect(ReviewCycle(parsing: text) == nil, "\(text)") }
        #expect(ReviewCycle(months: 18).label == "每18个月")
        #expect(ReviewCycle(months: 36).label == "每3年")
    }
}
