import RiskModel

// The review cycle (复核) on the site: the 待复核 page, and how a risk point's page and the
// manual's register tables say when they were last reviewed.

/// 待复核: the risk points overdue for review on the build day, by unit, and the registers whose
/// points have no review recorded.
struct ReviewsPage: Sendable, Equatable {
    var frame: FrameView
    /// The build day, 2026年11月25日.
    var day: String
    var overdueCount: Int
    var hasOverdue: Bool
    var unrecordedCount: Int
    var hasUnrecorded: Bool
    /// The site's 复核周期, 每年.
    var cycle: String
    var overdue: [ListGroupView]
    /// A register per item, with how many of its points have no 复核日期.
    var unrecorded: [ListItemView]
}

/// A risk point's review, as its page says it.
struct ReviewView: Sendable, Equatable {
    /// 2026年3月1日; nil when none is recorded.
    var reviewed: String?
    var cycle: String
    /// The day the next review is due.
    var due: String?
    var overdue: Bool
}

extension SiteRenderer {
    func reviewsPage() -> ReviewsPage {
        let path = Paths.reviews
        let root = Paths.root(of: path)
        var overdue: [String: ReviewState] = [:]
        var unrecordedByTable: [String: Int] = [:]
        for risk in register.risks.values {
            let state = register.review(of: risk, on: today)
            switch state {
            case .overdue: overdue[risk.id] = state
            case .unrecorded: unrecordedByTable[risk.tableID, default: 0] += 1
            case .current: break
            }
        }
        var byUnit: [String: [String]] = [:]
        var ordered: [String] = []
        for risk in register.risks.values where overdue[risk.id] != nil {
            ordered.append(risk.id)
            for unit in risk.unitIDs { byUnit[unit, default: []].append(risk.id) }
        }
        func item(_ id: String) -> ListItemView? {
            guard let risk = register.risks[id], case .overdue(let reviewed, let due) = overdue[id] else { return nil }
            return ListItemView(
                link: LinkView(title: "\(risk.id)　\(risk.text.clipped(to: 40))", href: root + Paths.risk(id)),
                note: "\(reviewed.day.chinese)复核，\(register.reviewCycle(of: risk).label)，应于\(due.chinese)前复核", count: nil)
        }
        let groups = groupedByUnit(byUnit, all: ordered, fallback: "未指定单位", root: root, item: item, orphan: item)
        let unrecorded = register.tables.values.compactMap { table -> ListItemView? in
            guard let count = unrecordedByTable[table.id] else { return nil }
            return ListItemView(link: LinkView(title: table.title, href: root + Paths.table(table.id)), note: nil, count: count)
        }
        return ReviewsPage(
            frame: frame(path: path, title: "待复核", section: Paths.reviews, crumbs: [("待复核", Paths.reviews)]),
            day: today.chinese, overdueCount: ordered.count, hasOverdue: !ordered.isEmpty, unrecordedCount: unrecordedByTable.values.reduce(0, +), hasUnrecorded: !unrecorded.isEmpty,
            cycle: register.site.reviewCycle.label, overdue: groups, unrecorded: unrecorded)
    }

    /// A risk point's review as of the build day.
    func reviewView(of risk: RiskPoint) -> ReviewView {
        let cycle = register.reviewCycle(of: risk).label
        switch register.review(of: risk, on: today) {
        case .unrecorded:
            return ReviewView(reviewed: nil, cycle: cycle, due: nil, overdue: false)
        case .current(let reviewed, let due):
            return ReviewView(reviewed: reviewed.day.chinese, cycle: cycle, due: due.chinese, overdue: false)
        case .overdue(let reviewed, let due):
            return ReviewView(reviewed: reviewed.day.chinese, cycle: cycle, due: due.chinese, overdue: true)
        }
    }

    /// The line the manual prints under a register's title: the register's 复核日期 when it gives
    /// one, else the dates its points give (one, or the earliest and latest), else 未记录.
    func manualReviewNote(_ ids: [String]) -> String {
        let points = ids.compactMap { register.risks[$0] }
        if let table = points.first.flatMap({ register.tables[$0.tableID] }), let reviewed = table.reviewed {
            return "复核日期：\(reviewed.day.chinese)（\((table.reviewCycle ?? register.site.reviewCycle).label)复核）"
        }
        let days = Set(points.compactMap { register.reviewDate(of: $0)?.day })
        let cycles = Set(points.map { register.reviewCycle(of: $0) })
        let unrecorded = points.filter { register.reviewDate(of: $0) == nil }.count
        guard let first = days.min(), let last = days.max() else { return "复核日期：未记录" }
        var note = first == last ? "复核日期：\(first.chinese)" : "复核日期：\(first.chinese)至\(last.chinese)（各风险点不同）"
        if cycles.count == 1, let cycle = cycles.first { note += "（\(cycle.label)复核）" }
        if unrecorded > 0 { note += "；\(unrecorded)个风险点未记录" }
        return note
    }
}
