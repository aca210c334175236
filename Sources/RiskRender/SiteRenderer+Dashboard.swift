import FlowLayout
import Foundation
import RiskModel

// The dashboard (统计): charts drawn by riskpress as SVG, each followed by the same numbers as a table.
//
// Everything here is counted from `register`, which for a public build is already the public view.
// Every chart is an inline `<svg role="img">` with a title and a description, its numbers printed as
// text and its levels named in a legend (colour is never the only cue), inside a `<figure>` whose table
// repeats the data for screen readers and print. No script, no external resource.

// MARK: - Views

struct DashboardPage: Sendable, Equatable {
    var frame: FrameView
    var riskCount: Int
    /// Units with risk points in their subtree.
    var unitCount: Int
    var unratedCount: Int
    var hasUnrated: Bool
    /// Risk points overdue for review (复核) on the build day, and the 待复核 page that lists them.
    var overdueCount: Int
    var reviewsHref: String
    var sections: [DashboardSectionView]
}

struct DashboardSectionView: Sendable, Equatable {
    var sectionID: String
    var heading: String
    var intro: String?
    var items: [DashboardItemView]
}

/// A chart, or the sentence saying why there is none.
struct DashboardItemView: Sendable, Equatable {
    var itemHeading: String?
    var figure: ChartFigureView?
    var emptyNote: String?
}

struct ChartFigureView: Sendable, Equatable {
    var figureID: String
    var caption: String
    var svg: String
    var countTable: CountTableView?
    var rankTable: RankTableView?
}

/// Rows × levels (grouped by scheme), with a total per row and optionally a footer of totals.
struct CountTableView: Sendable, Equatable {
    var caption: String
    var rowHeading: String
    /// The `data-*` attribute naming each row, e.g. `unit` → `data-unit="czj"`.
    var dataKey: String
    /// 2 when the levels sit under scheme headings, else 1.
    var headerRows: Int
    var hasLevelRow: Bool
    var groups: [HeaderGroupView]
    var rows: [CountRowView]
    var footer: CountRowView?
}

/// A scheme's heading over its levels, or a column of its own (未定级).
struct HeaderGroupView: Sendable, Equatable {
    var groupLabel: String
    var span: Int
    var isScheme: Bool
    var levels: [LevelHeaderView]
    var single: LevelHeaderView?
}

struct LevelHeaderView: Sendable, Equatable {
    var levelKey: String
    var levelLabel: String
    var colour: String
    var levelHref: String
}

struct CountRowView: Sendable, Equatable {
    var rowID: String
    var rowLabel: String
    var rowHref: String?
    /// For screen readers: the parent units, e.g. 益阳市财政局 · (the indent only shows it).
    var rowContext: String?
    var depth: Int
    var indent: String
    var cells: [CountCellView]
    var total: Int
}

struct CountCellView: Sendable, Equatable {
    var levelKey: String
    var count: Int
    var isZero: Bool
}

struct RankTableView: Sendable, Equatable {
    var caption: String
    var subjectHeading: String
    var dataKey: String
    var rows: [RankRowView]
}

struct RankRowView: Sendable, Equatable {
    var rank: Int
    var rowID: String
    var name: String
    var nameHref: String
    var rankUnit: LinkView?
    var highLevels: String
    var highCount: Int
    var total: Int
}

// MARK: - Page

extension SiteRenderer {
    func dashboardPage() -> DashboardPage {
        let path = Paths.dashboard
        let root = Paths.root(of: path)
        let data = DashboardData(register: register, root: root, risksInTree: risks(inUnitTree:))
        let unitRows = data.unitRows()
        let all = data.counts(Array(register.risks.keys))
        let unrated = all[DashboardData.unratedKey] ?? 0

        var sections: [DashboardSectionView] = []
        let shared = "一个风险点可由几个单位共同负责，计入其中每个单位，因此下设单位之和可能大于上级单位；合计行中每个风险点只计一次。"
        sections.append(
            DashboardSectionView(
                sectionID: "units", heading: "各单位风险点等级分布",
                intro: "每个单位一行，包括其下设单位的风险点；条形按风险等级分段，高等级在左。" + shared,
                items: [
                    unitRows.isEmpty
                        ? DashboardItemView(itemHeading: nil, figure: nil, emptyNote: "尚无单位登记风险点。")
                        : DashboardItemView(itemHeading: nil, figure: data.unitBarsFigure(unitRows, all: all), emptyNote: nil)
                ]))
        sections.append(
            DashboardSectionView(
                sectionID: "heatmap", heading: "单位 × 风险等级",
                intro: "行为单位，列为各等级方案的每个等级及未定级；格中为风险点数，颜色越深数量越多。",
                items: [
                    unitRows.isEmpty
                        ? DashboardItemView(itemHeading: nil, figure: nil, emptyNote: "尚无单位登记风险点。")
                        : DashboardItemView(itemHeading: nil, figure: data.heatMapFigure(unitRows, all: all), emptyNote: nil)
                ]))
        sections.append(
            DashboardSectionView(
                sectionID: "domains", heading: "按领域与风险类别", intro: nil,
                items: [data.domainItem(all: all), data.categoryItem(all: all)]))
        sections.append(
            DashboardSectionView(
                sectionID: "top", heading: "最高等级风险点最多的岗位与职权",
                intro: "按各自等级方案中最高一级（如重大、一级）的风险点数排列，数量相同的按风险点总数，再按名称；列出前\(DashboardData.topCount)名。",
                items: [data.topPostsItem(), data.topPowersItem()]))

        // Number the figures and their tables in page order (a chart left out leaves no gap).
        var number = 0
        for s in sections.indices {
            for i in sections[s].items.indices {
                guard var figure = sections[s].items[i].figure else { continue }
                number += 1
                figure.caption = "图\(number)　" + figure.caption
                if let caption = figure.countTable?.caption { figure.countTable?.caption = "表\(number)　" + caption }
                if let caption = figure.rankTable?.caption { figure.rankTable?.caption = "表\(number)　" + caption }
                sections[s].items[i].figure = figure
            }
        }
        return DashboardPage(
            frame: frame(path: path, title: "统计", section: Paths.dashboard, crumbs: [("统计", Paths.dashboard)]),
            riskCount: register.risks.count, unitCount: unitRows.filter { !$0.id.isEmpty }.count,
            unratedCount: unrated, hasUnrated: unrated > 0, overdueCount: register.overdueReviews(on: today).count,
            reviewsHref: Paths.root(of: path) + Paths.reviews, sections: sections)
    }
}

// MARK: - Counting

/// A level column: one level of one scheme, or 未定级.
struct LevelColumn {
    var key: LevelKey
    var label: String
    var colour: String
    /// nil for 未定级.
    var schemeID: String?
    var schemeName: String
    /// The highest level of its scheme.
    var isTop: Bool

    /// As in the level pages' paths: `scheme--level`, or `unrated`.
    var slug: String { key.isUnrated ? LevelKey.unratedID : "\(key.schemeID)--\(key.levelID)" }
}

/// A row of counts: a unit, a domain, a category, a post or a power.
struct CountRow {
    var id: String
    var label: String
    /// The label with its context, e.g. 益阳市财政局 · 办公室.
    var fullName: String
    var context: String?
    var depth: Int
    var href: String?
    var counts: [LevelKey: Int]
    var total: Int
}

struct DashboardData {
    static let unratedKey = LevelKey(.unrated)
    static let unratedColour = "#667085"
    static let topCount = 10

    let register: Register
    let root: String
    /// A unit's risk points with those of the units below it.
    let risksInTree: (String) -> [String]
    /// Every level of every scheme, highest first, then 未定级.
    let columns: [LevelColumn]
    /// The column each risk point is counted under, by its place in the register: counting looks a
    /// risk point up by place and does not copy it out of the register.
    let keyByPlace: [LevelKey]

    init(register: Register, root: String, risksInTree: @escaping (String) -> [String]) {
        self.register = register
        self.root = root
        self.risksInTree = risksInTree
        var columns: [LevelColumn] = []
        for scheme in register.site.levelSchemes {
            for (rank, level) in scheme.levels.enumerated() {
                columns.append(
                    LevelColumn(
                        key: LevelKey(schemeID: scheme.id, levelID: level.id), label: level.label, colour: level.colour,
                        schemeID: scheme.id, schemeName: scheme.name, isTop: rank == 0))
            }
        }
        columns.append(
            LevelColumn(
                key: Self.unratedKey, label: LevelRating.unratedLabel, colour: Self.unratedColour, schemeID: nil,
                schemeName: "", isTop: false))
        self.columns = columns
        keyByPlace = register.risks.values.elements.withUnsafeBufferPointer { risks in
            risks.indices.map { Self.key(of: risks[$0], in: register) }
        }
    }

    /// All the dashboard reads of a risk point, besides its id and place: where it is counted. A
    /// rebuild renders the dashboard again only when this changed for some risk point.
    struct Counted: Equatable {
        var level: LevelRating
        var unitIDs: [String]
        var domainID: String?
        var category: String?
        var postID: String?
        var powerID: String?
        /// What says whether it is overdue for review (the dashboard counts those).
        var reviewed: Day?
        var reviewCycle: ReviewCycle?
    }

    static func counted(_ risk: RiskPoint?) -> Counted? {
        risk.map {
            Counted(
                level: $0.level, unitIDs: $0.unitIDs, domainID: $0.domainID, category: $0.category, postID: $0.postID,
                powerID: $0.powerID, reviewed: $0.reviewed?.day, reviewCycle: $0.reviewCycle)
        }
    }

    /// The level a risk is counted under: its scheme's level, or 未定级 (also when its level is unknown).
    static func key(of risk: RiskPoint, in register: Register) -> LevelKey {
        register.level(of: risk) == nil ? Self.unratedKey : LevelKey(risk.level)
    }

    /// The column of the risk point `id`, if there is one.
    func key(of id: String) -> LevelKey? {
        register.risks.index(forKey: id).map { keyByPlace[$0] }
    }

    func counts(_ ids: [String]) -> [LevelKey: Int] {
        var counts: [LevelKey: Int] = [:]
        for id in ids { if let key = key(of: id) { counts[key, default: 0] += 1 } }
        return counts
    }

    /// The unit tree, depth first, keeping the units with risk points in their subtree; then 未指定单位
    /// for risk points without a unit, if any.
    func unitRows() -> [CountRow] {
        var rows: [CountRow] = []
        func visit(_ id: String, depth: Int, seen: Set<String>) {
            guard let unit = register.units[id], !seen.contains(id) else { return }
            let ids = risksInTree(id)
            guard !ids.isEmpty else { return }
            let names = register.ancestry(ofUnit: id).compactMap { register.units[$0]?.name }
            rows.append(
                CountRow(
                    id: id, label: unit.name, fullName: names.joined(separator: " · "),
                    context: names.count > 1 ? names.dropLast().joined(separator: " · ") + " · " : nil,
                    depth: depth, href: root + Paths.unit(id), counts: counts(ids), total: ids.count))
            for child in unit.childIDs { visit(child, depth: depth + 1, seen: seen.union([id])) }
        }
        for id in register.rootUnitIDs { visit(id, depth: 0, seen: []) }
        // Risk points no unit answers for still count, in a row of their own.
        let unassigned = register.risks.values.elements.withUnsafeBufferPointer { risks in
            risks.indices.filter { !risks[$0].unitIDs.contains { register.units[$0] != nil } }.map { risks[$0].id }
        }
        if !unassigned.isEmpty {
            rows.append(
                CountRow(
                    id: "", label: "未指定单位", fullName: "未指定单位", context: nil, depth: 0, href: nil,
                    counts: counts(unassigned), total: unassigned.count))
        }
        return rows
    }

    /// The columns a set of rows uses, in column order (every level of a scheme that occurs, so the
    /// table shows a scheme whole).
    func columns(usedBy counts: [[LevelKey: Int]]) -> [LevelColumn] {
        let used = Set(counts.flatMap { $0.filter { $0.value > 0 }.keys })
        let schemes = Set(columns.filter { used.contains($0.key) }.compactMap(\.schemeID))
        return columns.filter { column in
            column.schemeID.map(schemes.contains) ?? used.contains(Self.unratedKey)
        }
    }

    /// "重大 7 · 较大 37 · 一般 16 · 未定级 1": the non-empty levels in column order.
    func breakdown(_ counts: [LevelKey: Int], columns: [LevelColumn]) -> String {
        columns.compactMap { column in
            guard let count = counts[column.key], count > 0 else { return nil }
            return "\(column.label) \(count)"
        }.joined(separator: " · ")
    }

    // MARK: Figures

    func unitBarsFigure(_ rows: [CountRow], all: [LevelKey: Int]) -> ChartFigureView {
        let used = columns(usedBy: rows.map(\.counts))
        let chart = BarChart(
            id: "chart-units", title: "各单位风险点等级分布（条形图）",
            desc: "横向堆叠条形图，每个单位一条（下设单位缩进列在上级之下），按风险等级分段，高等级在左，"
                + "条后为合计及各等级数。" + largest(rows) + "数据见图下的表。",
            dataKey: "unit", legend: used, separateTopLevel: true,
            rows: rows.map { row in
                BarChart.Row(
                    id: row.id, label: row.label, fullName: row.fullName, depth: row.depth, href: row.href,
                    segments: used.compactMap { column in row.counts[column.key].map { (column, $0) } },
                    value: row.total, detail: breakdown(row.counts, columns: used))
            })
        return ChartFigureView(
            figureID: "figure-units", caption: "各单位风险点等级分布", svg: chart.svg(),
            countTable: countTable(
                caption: "各单位风险点等级分布", rowHeading: "单位", dataKey: "unit", rows: rows, columns: used,
                footer: footer(all, columns: used)),
            rankTable: nil)
    }

    func heatMapFigure(_ rows: [CountRow], all: [LevelKey: Int]) -> ChartFigureView {
        let chart = HeatMap(
            id: "chart-heatmap", title: "单位 × 风险等级热力图",
            desc: "热力图：行为单位，列为每个等级方案的各等级及未定级，格中数字为风险点数，颜色越深数量越多，空格为0。"
                + largestCell(rows) + "数据见图下的表。",
            dataKey: "unit", columns: columns, rows: rows)
        return ChartFigureView(
            figureID: "figure-heatmap", caption: "单位 × 风险等级热力图", svg: chart.svg(),
            countTable: countTable(
                caption: "单位 × 风险等级", rowHeading: "单位", dataKey: "unit", rows: rows, columns: columns,
                footer: footer(all, columns: columns)),
            rankTable: nil)
    }

    func domainItem(all: [LevelKey: Int]) -> DashboardItemView {
        guard !register.domains.isEmpty else {
            return DashboardItemView(itemHeading: "按领域", figure: nil, emptyNote: "登记册未设置领域。")
        }
        var rows = register.domains.values.sorted { ($0.order, $0.id) < ($1.order, $1.id) }.map { domain in
            let ids = register.risksByDomain[domain.id] ?? []
            return CountRow(
                id: domain.id, label: domain.name, fullName: domain.name, context: nil, depth: 0,
                href: root + Paths.domain(domain.id), counts: counts(ids), total: ids.count)
        }
        let outside = register.risks.values.elements.withUnsafeBufferPointer { risks in
            risks.indices.filter { risks[$0].domainID.map { register.domains[$0] == nil } ?? true }.map { risks[$0].id }
        }
        if !outside.isEmpty {
            rows.append(
                CountRow(
                    id: "", label: "未归入领域", fullName: "未归入领域", context: nil, depth: 0, href: nil,
                    counts: counts(outside), total: outside.count))
        }
        return DashboardItemView(
            itemHeading: "按领域",
            figure: simpleFigure(
                rows, id: "domains", dataKey: "domain", rowHeading: "领域", title: "各领域风险点等级分布",
                all: all),
            emptyNote: nil)
    }

    func categoryItem(all: [LevelKey: Int]) -> DashboardItemView {
        var byCategory: [String: [String]] = [:]
        var none: [String] = []
        register.risks.values.elements.withUnsafeBufferPointer { risks in
            for place in risks.indices {
                let category = risks[place].category?.trimmed() ?? ""
                if category.isEmpty { none.append(risks[place].id) } else { byCategory[category, default: []].append(risks[place].id) }
            }
        }
        guard !byCategory.isEmpty else {
            return DashboardItemView(
                itemHeading: "按风险类别", figure: nil,
                emptyNote: "本登记册的风险点均未标注风险类别，故不绘制此图。")
        }
        var rows = byCategory.map { name, ids in
            CountRow(
                id: name, label: name, fullName: name, context: nil, depth: 0, href: nil, counts: counts(ids),
                total: ids.count)
        }.sorted { ($1.total, $0.label) < ($0.total, $1.label) }
        if !none.isEmpty {
            rows.append(
                CountRow(
                    id: "", label: "未标注类别", fullName: "未标注类别", context: nil, depth: 0, href: nil,
                    counts: counts(none), total: none.count))
        }
        return DashboardItemView(
            itemHeading: "按风险类别",
            figure: simpleFigure(
                rows, id: "categories", dataKey: "category", rowHeading: "风险类别",
                title: "各风险类别风险点等级分布", all: all),
            emptyNote: nil)
    }

    private func simpleFigure(
        _ rows: [CountRow], id: String, dataKey: String, rowHeading: String, title: String,
        all: [LevelKey: Int]
    ) -> ChartFigureView {
        let used = columns(usedBy: rows.map(\.counts))
        let chart = BarChart(
            id: "chart-\(id)", title: title + "（条形图）",
            desc: "横向堆叠条形图，每个\(rowHeading)一条，按风险等级分段，高等级在左，条后为合计及各等级数。"
                + largest(rows) + "数据见图下的表。",
            dataKey: dataKey, legend: used, separateTopLevel: false,
            rows: rows.map { row in
                BarChart.Row(
                    id: row.id, label: row.label, fullName: row.fullName, depth: 0, href: row.href,
                    segments: used.compactMap { column in row.counts[column.key].map { (column, $0) } },
                    value: row.total, detail: breakdown(row.counts, columns: used))
            })
        return ChartFigureView(
            figureID: "figure-\(id)", caption: title, svg: chart.svg(),
            countTable: countTable(
                caption: title, rowHeading: rowHeading, dataKey: dataKey, rows: rows, columns: used,
                footer: footer(all, columns: used)),
            rankTable: nil)
    }

    // MARK: Top posts and powers

    struct Ranked {
        var id: String
        var name: String
        var href: String
        var unitID: String?
        /// Risk points at the top level of their scheme, by level.
        var high: [LevelKey: Int]
        var highCount: Int
        var total: Int
    }

    /// Subjects with risk points at the highest level of their scheme: most of those first, then most
    /// risk points, then by name as the site's language sorts it (拼音 for zh-CN); the first `topCount`.
    func ranked(_ subjects: [(id: String, name: String, unitID: String?, href: String)], risks: [String: [String]])
        -> [Ranked]
    {
        let top = Set(columns.filter(\.isTop).map(\.key))
        let all = subjects.compactMap { subject -> Ranked? in
            let ids = risks[subject.id] ?? []
            var high: [LevelKey: Int] = [:]
            for id in ids {
                guard let key = key(of: id) else { continue }
                if top.contains(key) { high[key, default: 0] += 1 }
            }
            let count = high.values.reduce(0, +)
            guard count > 0 else { return nil }
            return Ranked(
                id: subject.id, name: subject.name, href: subject.href, unitID: subject.unitID, high: high,
                highCount: count, total: ids.count)
        }
        let collation = Locale(identifier: register.site.language)
        let sorted = all.sorted { a, b in
            if a.highCount != b.highCount { return a.highCount > b.highCount }
            if a.total != b.total { return a.total > b.total }
            let order = a.name.compare(b.name, locale: collation)
            if order != .orderedSame { return order == .orderedAscending }
            if a.name != b.name { return a.name < b.name }
            return a.id < b.id
        }
        return Array(sorted.prefix(Self.topCount))
    }

    func topPostsItem() -> DashboardItemView {
        let linked = register.risksByPost.values.reduce(0) { $0 + $1.count }
        return topItem(
            register.posts.values.map { ($0.id, $0.name, $0.unitID, root + Paths.post($0.id)) }, risks: register.risksByPost,
            heading: "岗位", id: "posts", dataKey: "post", subject: "岗位",
            emptyNote: "没有岗位有最高等级的风险点（共\(register.posts.count)个岗位，关联风险点\(linked)个）。")
    }

    func topPowersItem() -> DashboardItemView {
        let linked = register.risksByPower.values.reduce(0) { $0 + $1.count }
        return topItem(
            register.powers.values.map { ($0.id, $0.name, $0.unitID, root + Paths.power($0.id)) }, risks: register.risksByPower,
            heading: "职权（权力清单）", id: "powers", dataKey: "power", subject: "职权",
            emptyNote: "没有职权有最高等级的风险点（权力清单共\(register.powers.count)项职权，关联风险点\(linked)个）。")
    }

    /// Posts or powers ranked by their highest-level risk points, or a note when none has any.
    private func topItem(
        _ subjects: [(id: String, name: String, unitID: String?, href: String)], risks: [String: [String]], heading: String, id: String,
        dataKey: String, subject: String, emptyNote: String
    ) -> DashboardItemView {
        let rows = ranked(subjects, risks: risks)
        guard !rows.isEmpty else { return DashboardItemView(itemHeading: heading, figure: nil, emptyNote: emptyNote) }
        return DashboardItemView(
            itemHeading: heading, figure: rankFigure(rows, id: id, dataKey: dataKey, subject: subject), emptyNote: nil)
    }

    private func rankFigure(_ rows: [Ranked], id: String, dataKey: String, subject: String)
        -> ChartFigureView
    {
        let used = columns.filter { column in column.isTop && rows.contains { ($0.high[column.key] ?? 0) > 0 } }
        // Competition ranking: equal (highest-level count, total) share a rank.
        var ranks: [Int] = []
        for (i, row) in rows.enumerated() {
            if i > 0, rows[i - 1].highCount == row.highCount, rows[i - 1].total == row.total {
                ranks.append(ranks[i - 1])
            } else {
                ranks.append(i + 1)
            }
        }
        let names = rows.map(\.name)
        let chart = BarChart(
            id: "chart-\(id)", title: "最高等级风险点最多的\(subject)（条形图）",
            desc: "横向条形图，按最高等级风险点数从多到少列出前\(rows.count)个\(subject)，条长为最高等级风险点数，"
                + "条后为该数、所属等级及风险点总数。数据见图下的表。",
            dataKey: dataKey, legend: used, separateTopLevel: false,
            rows: rows.map { row in
                let unitName = row.unitID.flatMap { register.units[$0]?.name }
                let ambiguous = names.filter { $0 == row.name }.count > 1
                let label = ambiguous && unitName != nil ? "\(row.name)（\(unitName!)）" : row.name
                return BarChart.Row(
                    id: row.id, label: label, fullName: [unitName, row.name].compactMap { $0 }.joined(separator: " · "),
                    depth: 0, href: row.href,
                    segments: used.compactMap { column in row.high[column.key].map { (column, $0) } },
                    value: row.highCount, detail: breakdown(row.high, columns: used) + " · 共\(row.total)个风险点")
            })
        let table = RankTableView(
            caption: "最高等级风险点最多的\(subject)", subjectHeading: subject, dataKey: dataKey,
            rows: rows.enumerated().map { i, row in
                RankRowView(
                    rank: ranks[i], rowID: row.id, name: row.name, nameHref: row.href,
                    rankUnit: row.unitID.flatMap { id in
                        register.units[id].map { LinkView(title: $0.name, href: root + Paths.unit(id)) }
                    },
                    highLevels: used.filter { (row.high[$0.key] ?? 0) > 0 }.map(\.label).joined(separator: "、"),
                    highCount: row.highCount, total: row.total)
            })
        return ChartFigureView(
            figureID: "figure-\(id)", caption: "最高等级风险点最多的\(subject)", svg: chart.svg(),
            countTable: nil, rankTable: table)
    }

    // MARK: Tables

    func countTable(
        caption: String, rowHeading: String, dataKey: String, rows: [CountRow], columns: [LevelColumn],
        footer: CountRowView?
    ) -> CountTableView {
        var groups: [HeaderGroupView] = []
        for column in columns {
            let header = LevelHeaderView(
                levelKey: column.slug, levelLabel: column.label, colour: column.colour, levelHref: root + Paths.level(column.key))
            if let scheme = column.schemeID {
                if let last = groups.last, last.isScheme, last.levels.first.map({ $0.levelKey.hasPrefix(scheme + "--") }) == true {
                    groups[groups.count - 1].levels.append(header)
                    groups[groups.count - 1].span += 1
                } else {
                    groups.append(HeaderGroupView(groupLabel: column.schemeName, span: 1, isScheme: true, levels: [header], single: nil))
                }
            } else {
                groups.append(HeaderGroupView(groupLabel: column.label, span: 1, isScheme: false, levels: [], single: header))
            }
        }
        let hasLevelRow = groups.contains(where: \.isScheme)
        return CountTableView(
            caption: caption, rowHeading: rowHeading, dataKey: dataKey, headerRows: hasLevelRow ? 2 : 1,
            hasLevelRow: hasLevelRow, groups: groups,
            rows: rows.map { row in
                CountRowView(
                    rowID: row.id, rowLabel: row.label, rowHref: row.href, rowContext: row.context, depth: row.depth,
                    indent: String(repeating: "　", count: row.depth), cells: cells(row.counts, columns: columns),
                    total: row.total)
            },
            footer: footer)
    }

    func cells(_ counts: [LevelKey: Int], columns: [LevelColumn]) -> [CountCellView] {
        columns.map { column in
            let count = counts[column.key] ?? 0
            return CountCellView(levelKey: column.slug, count: count, isZero: count == 0)
        }
    }

    /// The totals row: each risk point once.
    func footer(_ all: [LevelKey: Int], columns: [LevelColumn]) -> CountRowView {
        CountRowView(
            rowID: "", rowLabel: "合计", rowHref: nil, rowContext: nil, depth: 0, indent: "",
            cells: cells(all, columns: columns), total: register.risks.count)
    }

    // MARK: Descriptions

    private func largest(_ rows: [CountRow]) -> String {
        guard let top = rows.max(by: { $0.total < $1.total }), top.total > 0 else { return "" }
        return "最多的是\(top.fullName)（\(top.total)个）。"
    }

    private func largestCell(_ rows: [CountRow]) -> String {
        var best: (row: CountRow, column: LevelColumn, count: Int)?
        for row in rows {
            for column in columns {
                let count = row.counts[column.key] ?? 0
                if count > (best?.count ?? 0) { best = (row, column, count) }
            }
        }
        guard let best else { return "" }
        return "最大的一格是\(best.row.fullName)的\(best.column.label)（\(best.count)个）。"
    }
}

// MARK: - Drawing

/// Shared measures of the dashboard's charts.
enum ChartStyle {
    static let fontStack = FlowDiagram.fontStack
    static let labelFont = TextMetrics(fontSize: 13, lineHeight: 17)
    static let smallFont = TextMetrics(fontSize: 12, lineHeight: 16)
    /// Bold text is a little wider than TextMetrics measures.
    static let boldFactor = 1.1
    static let width = 960.0
    static let labelMax = 230.0
    static let indentStep = 16.0
    static let textColour = "#101828"
    static let mutedColour = "#475467"
    static let linkColour = "#174ea6"
    static let lineColour = "#d0d5dd"

    /// The row labels: wrapped to the label column, indented by depth.
    static func labelLines(_ label: String, depth: Int) -> [String] {
        labelFont.wrap(label, maxWidth: labelMax - Double(depth) * indentStep)
    }

    /// The width the label column needs (at most `labelMax`).
    static func labelWidth(_ rows: [(label: String, depth: Int)]) -> Double {
        let widths = rows.map { row in
            Double(row.depth) * indentStep
                + (labelLines(row.label, depth: row.depth).map { labelFont.width(of: $0) * boldFactor }.max() ?? 0)
        }
        return min(labelMax, (widths.max() ?? 0).rounded(.up))
    }

    static func svgOpen(id: String, title: String, desc: String, width: Double, height: Double) -> String {
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(format(width)) \(format(height))\" width=\"\(format(width))\" "
        out += "height=\"\(format(height))\" style=\"max-width:100%;height:auto\" role=\"img\" "
        out += "aria-labelledby=\"\(id)-title \(id)-desc\" font-family=\"\(fontStack)\" data-chart=\"\(id)\">\n"
        out += "<title id=\"\(id)-title\">\(escape(title))</title>\n"
        out += "<desc id=\"\(id)-desc\">\(escape(desc))</desc>\n"
        return out
    }

    /// Lines of text from `top`, left-aligned at `x` (or as `anchor` says).
    static func text(
        _ lines: [String], x: Double, top: Double, font: TextMetrics, colour: String, bold: Bool = false,
        anchor: String? = nil, attributes: String = ""
    ) -> String {
        guard !lines.isEmpty else { return "" }
        var out = "<text font-size=\"\(format(font.fontSize))\" fill=\"\(colour)\""
        if bold { out += " font-weight=\"bold\"" }
        if let anchor { out += " text-anchor=\"\(anchor)\"" }
        out += attributes + ">"
        for (i, line) in lines.enumerated() {
            let baseline = top + Double(i) * font.lineHeight + font.lineHeight * 0.5 + font.fontSize * 0.36
            out += "<tspan x=\"\(format(x))\" y=\"\(format(baseline))\">\(escape(line))</tspan>"
        }
        return out + "</text>"
    }

    /// A legend of levels grouped by scheme: each scheme's name, then a swatch and the name of each level.
    /// Returns the SVG and its height.
    static func legend(_ columns: [LevelColumn], top: Double, width: Double, heading: String = "图例：")
        -> (svg: String, height: Double)
    {
        var groups: [(name: String?, items: [LevelColumn])] = []
        for column in columns {
            if let scheme = column.schemeID, let last = groups.last, last.items.first?.schemeID == scheme {
                groups[groups.count - 1].items.append(column)
            } else {
                groups.append((column.schemeID == nil ? nil : column.schemeName, [column]))
            }
        }
        let lineHeight = 22.0
        var out = "<g class=\"legend\">"
        var x = 0.0
        var y = top
        let headingWidth = smallFont.width(of: heading)
        out += text([heading], x: 0, top: y + 3, font: smallFont, colour: mutedColour)
        x = headingWidth + 4
        let start = x
        func itemWidth(_ column: LevelColumn) -> Double { 16 + smallFont.width(of: column.label) + 14 }
        for group in groups {
            let nameWidth = group.name.map { smallFont.width(of: $0 + "：") + 4 } ?? 0
            let groupWidth = nameWidth + group.items.map(itemWidth).reduce(0, +)
            if x > start && x + groupWidth > width {
                x = start
                y += lineHeight
            }
            out += "<g class=\"legend-group\"\(group.items.first?.schemeID.map { " data-scheme=\"\(escape($0))\"" } ?? "")>"
            if let name = group.name {
                out += text([name + "："], x: x, top: y + 3, font: smallFont, colour: mutedColour)
                x += nameWidth
            }
            for item in group.items {
                if x > start && x + itemWidth(item) > width {
                    x = start
                    y += lineHeight
                }
                out += "<g class=\"legend-item\" data-level=\"\(escape(item.slug))\">"
                out += "<rect x=\"\(format(x))\" y=\"\(format(y + 5))\" width=\"12\" height=\"12\" rx=\"2\" "
                out += "fill=\"\(escape(item.colour))\" stroke=\"#344054\" stroke-width=\"0.5\"/>"
                out += text([item.label], x: x + 16, top: y + 3, font: smallFont, colour: textColour)
                out += "</g>"
                x += itemWidth(item)
            }
            out += "</g>"
            x += 10
        }
        out += "</g>\n"
        return (out, y + lineHeight - top)
    }
}

/// Horizontal bars, one per row, stacked by level; after each bar its number and the count of each
/// level as text. Each segment is a `<rect>` with `data-<key>`, `data-level` and `data-count`, its width
/// `count × scale` for one scale per chart.
struct BarChart {
    struct Row {
        var id: String
        var label: String
        var fullName: String
        var depth: Int
        var href: String?
        var segments: [(column: LevelColumn, count: Int)]
        /// The number printed after the bar.
        var value: Int
        /// What follows it, e.g. 重大 7 · 较大 37.
        var detail: String
    }

    var id: String
    var title: String
    var desc: String
    /// `data-<dataKey>` names the row on each segment.
    var dataKey: String
    var legend: [LevelColumn]
    /// A line between the groups of top-level rows (units and their children).
    var separateTopLevel: Bool
    var rows: [Row]

    static let barHeight = 18.0
    static let rowGap = 8.0
    static let minBar = 220.0
    /// At most this many px per risk point, so a chart of a few points does not draw them as wide as hundreds.
    static let maxScale = 24.0

    func svg() -> String {
        typealias S = ChartStyle
        var width = S.width
        let labelWidth = S.labelWidth(rows.map { ($0.label, $0.depth) })
        let barLeft = labelWidth + 12
        let textGap = 6.0
        func valueWidth(_ row: Row) -> Double { S.labelFont.width(of: String(row.value)) * S.boldFactor }
        func afterWidth(_ row: Row) -> Double {
            valueWidth(row) + (row.detail.isEmpty ? 0 : 6 + S.smallFont.width(of: row.detail))
        }
        // One scale for all bars: the largest that leaves room for every bar's text within the width,
        // but never so small that the longest bar is shorter than `minBar` (then the chart widens).
        let maxValue = max(1, rows.map(\.value).max() ?? 1)
        var scale = rows.filter { $0.value > 0 }.map { row in
            (width - barLeft - textGap - afterWidth(row) - 4) / Double(row.value)
        }.min() ?? (width - barLeft) / Double(maxValue)
        scale = min(scale, (width - barLeft - 40) / Double(maxValue), Self.maxScale)
        if scale * Double(maxValue) < min(Self.minBar, Self.maxScale * Double(maxValue)) {
            scale = min(Self.minBar, Self.maxScale * Double(maxValue)) / Double(maxValue)
        }
        // A whole number of hundredths, so every width (count × scale) is printed exactly.
        scale = max(0.01, (scale * 100).rounded(.down) / 100)
        width = max(width, rows.map { barLeft + Double($0.value) * scale + textGap + afterWidth($0) + 4 }.max() ?? width)

        let (legendSVG, legendHeight) = S.legend(legend, top: 0, width: width)
        var body = legendSVG
        var y = legendHeight + 10
        let axisTop = y - 4
        for (index, row) in rows.enumerated() {
            let lines = S.labelLines(row.label, depth: row.depth)
            let height = max(Self.barHeight, Double(lines.count) * S.labelFont.lineHeight)
            if separateTopLevel && row.depth == 0 && index > 0 {
                body += "<line x1=\"0\" x2=\"\(format(width))\" y1=\"\(format(y - Self.rowGap / 2))\" "
                body += "y2=\"\(format(y - Self.rowGap / 2))\" stroke=\"\(S.lineColour)\" stroke-width=\"0.8\"/>"
            }
            let middle = y + height / 2
            body += "<g class=\"bar-row\" data-\(dataKey)=\"\(escape(row.id))\">"
            var title = row.fullName + "：\(row.value)"
            if !row.detail.isEmpty { title += "（\(row.detail)）" }
            if let href = row.href {
                // The table below has the same links for keyboards and screen readers; the chart is one image.
                body += "<a href=\"\(escape(href))\" tabindex=\"-1\"><title>\(escape(title))</title>"
            } else {
                body += "<title>\(escape(title))</title>"
            }
            let labelTop = middle - Double(lines.count) * S.labelFont.lineHeight / 2
            body += S.text(
                lines, x: Double(row.depth) * S.indentStep, top: labelTop, font: S.labelFont,
                colour: row.href == nil ? S.mutedColour : S.linkColour, bold: row.depth == 0 && separateTopLevel)
            var x = barLeft
            for segment in row.segments where segment.count > 0 {
                let w = Double(segment.count) * scale
                body += "<rect class=\"segment\" x=\"\(format(x))\" y=\"\(format(middle - Self.barHeight / 2))\" "
                body += "width=\"\(format(w))\" height=\"\(format(Self.barHeight))\" fill=\"\(escape(segment.column.colour))\" "
                body += "stroke=\"#ffffff\" stroke-width=\"0.8\" data-\(dataKey)=\"\(escape(row.id))\" "
                body += "data-level=\"\(escape(segment.column.slug))\" data-count=\"\(segment.count)\"/>"
                x += w
            }
            let textX = barLeft + Double(row.value) * scale + textGap
            let textTop = middle - S.labelFont.lineHeight / 2
            body += S.text(
                [String(row.value)], x: textX, top: textTop, font: S.labelFont, colour: S.textColour, bold: true,
                attributes: " class=\"bar-value\"")
            if !row.detail.isEmpty {
                body += S.text(
                    [row.detail], x: textX + valueWidth(row) + 6, top: middle - S.smallFont.lineHeight / 2,
                    font: S.smallFont, colour: S.mutedColour, attributes: " class=\"bar-detail\"")
            }
            if row.href != nil { body += "</a>" }
            body += "</g>\n"
            y += height + Self.rowGap
        }
        // The baseline of the bars.
        body += "<line x1=\"\(format(barLeft))\" x2=\"\(format(barLeft))\" y1=\"\(format(axisTop))\" "
        body += "y2=\"\(format(y - Self.rowGap + 4))\" stroke=\"#667085\" stroke-width=\"1\"/>\n"
        let height = (y - Self.rowGap + 6).rounded(.up)
        return S.svgOpen(id: id, title: title, desc: desc, width: width.rounded(.up), height: height) + body + "</svg>"
    }
}

/// Rows × level columns (grouped under their schemes), each cell shaded by its count with the count
/// printed in it. Cells are `<rect data-<key> data-level data-count>`, counts `<text class="cell-count">`.
struct HeatMap {
    var id: String
    var title: String
    var desc: String
    var dataKey: String
    var columns: [LevelColumn]
    var rows: [CountRow]

    static let light = (r: 0xEE, g: 0xF4, b: 0xFF)
    static let dark = (r: 0x0B, g: 0x3A, b: 0x8C)

    /// The shade of a count: a blue from light to dark, by the square root of its share of the largest.
    static func shade(_ count: Int, max maxCount: Int) -> (fill: String, text: String) {
        guard count > 0, maxCount > 0 else { return ("#ffffff", ChartStyle.textColour) }
        let t = 0.12 + 0.88 * (Double(count) / Double(maxCount)).squareRoot()
        func mix(_ a: Int, _ b: Int) -> Int { Int((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        let rgb = (mix(light.r, dark.r), mix(light.g, dark.g), mix(light.b, dark.b))
        let fill = "#" + [rgb.0, rgb.1, rgb.2].map { value in
            let hex = String(value, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
        // The text colour with the better contrast.
        func channel(_ v: Int) -> Double {
            let c = Double(v) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * channel(rgb.0) + 0.7152 * channel(rgb.1) + 0.0722 * channel(rgb.2)
        let darkText = 0.0122  // #101828
        let onWhite = 1.05 / (luminance + 0.05)
        let onDark = (luminance + 0.05) / (darkText + 0.05)
        return (fill, onWhite > onDark ? "#ffffff" : ChartStyle.textColour)
    }

    func svg() -> String {
        typealias S = ChartStyle
        let labelWidth = S.labelWidth(rows.map { ($0.label, $0.depth) })
        let gridLeft = labelWidth + 12
        let cellWidth = max(64, (columns.map { S.labelFont.width(of: $0.label) }.max() ?? 0) + 30).rounded(.up)
        let gridWidth = cellWidth * Double(columns.count)
        let width = max(gridLeft + gridWidth + 4, 480)
        let maxCount = rows.flatMap(\.counts.values).max() ?? 0

        // Scheme headings over their levels, wrapped to the span.
        var body = ""
        var groups: [(name: String?, start: Int, count: Int)] = []
        for (i, column) in columns.enumerated() {
            if let scheme = column.schemeID, let last = groups.last, last.name != nil,
                columns[last.start].schemeID == scheme
            {
                groups[groups.count - 1].count += 1
            } else {
                groups.append((column.schemeID == nil ? nil : column.schemeName, i, 1))
            }
        }
        let schemeLines = groups.map { group in
            group.name.map { S.smallFont.wrap($0, maxWidth: cellWidth * Double(group.count) - 8) } ?? []
        }
        let schemeHeight = Double(schemeLines.map(\.count).max() ?? 0) * S.smallFont.lineHeight
        var y = 0.0
        for (g, group) in groups.enumerated() where group.name != nil {
            let x = gridLeft + Double(group.start) * cellWidth
            let w = cellWidth * Double(group.count)
            body += S.text(
                schemeLines[g], x: x + w / 2, top: y + schemeHeight - Double(schemeLines[g].count) * S.smallFont.lineHeight,
                font: S.smallFont, colour: S.mutedColour, anchor: "middle")
            body += "<line x1=\"\(format(x + 4))\" x2=\"\(format(x + w - 4))\" y1=\"\(format(y + schemeHeight + 3))\" "
            body += "y2=\"\(format(y + schemeHeight + 3))\" stroke=\"#98a2b3\" stroke-width=\"1\"/>"
        }
        y += schemeHeight + 6
        // Level names with their colour.
        for (i, column) in columns.enumerated() {
            let centre = gridLeft + (Double(i) + 0.5) * cellWidth
            let textWidth = S.labelFont.width(of: column.label)
            let left = centre - (textWidth + 14) / 2
            body += "<g class=\"column-head\" data-level=\"\(escape(column.slug))\">"
            body += "<rect x=\"\(format(left))\" y=\"\(format(y + 4))\" width=\"10\" height=\"10\" rx=\"2\" "
            body += "fill=\"\(escape(column.colour))\" stroke=\"#344054\" stroke-width=\"0.5\"/>"
            body += S.text([column.label], x: left + 14, top: y, font: S.labelFont, colour: S.textColour)
            body += "</g>"
        }
        y += S.labelFont.lineHeight + 6
        // The grid.
        for (index, row) in rows.enumerated() {
            let lines = S.labelLines(row.label, depth: row.depth)
            let height = max(26, Double(lines.count) * S.labelFont.lineHeight + 6)
            if row.depth == 0 && index > 0 {
                body += "<line x1=\"0\" x2=\"\(format(gridLeft + gridWidth))\" y1=\"\(format(y))\" y2=\"\(format(y))\" "
                body += "stroke=\"#98a2b3\" stroke-width=\"1\"/>"
            }
            body += "<g class=\"heat-row\" data-\(dataKey)=\"\(escape(row.id))\"><title>\(escape(row.fullName))</title>"
            body += S.text(
                lines, x: Double(row.depth) * S.indentStep, top: y + (height - Double(lines.count) * S.labelFont.lineHeight) / 2,
                font: S.labelFont, colour: S.textColour, bold: row.depth == 0)
            for (i, column) in columns.enumerated() {
                let count = row.counts[column.key] ?? 0
                let x = gridLeft + Double(i) * cellWidth
                let (fill, ink) = Self.shade(count, max: maxCount)
                body += "<rect class=\"cell\" x=\"\(format(x + 1))\" y=\"\(format(y + 1))\" width=\"\(format(cellWidth - 2))\" "
                body += "height=\"\(format(height - 2))\" fill=\"\(fill)\" stroke=\"\(count > 0 ? fill : "#eaecf0")\" "
                body += "data-\(dataKey)=\"\(escape(row.id))\" data-level=\"\(escape(column.slug))\" data-count=\"\(count)\"/>"
                if count > 0 {
                    body += S.text(
                        [String(count)], x: x + cellWidth / 2, top: y + (height - S.labelFont.lineHeight) / 2,
                        font: S.labelFont, colour: ink, bold: true, anchor: "middle",
                        attributes: " class=\"cell-count\" data-\(dataKey)=\"\(escape(row.id))\" data-level=\"\(escape(column.slug))\"")
                }
            }
            body += "</g>\n"
            y += height
        }
        // The scale.
        y += 14
        var scale = "<g class=\"heat-scale\">"
        scale += S.text(["颜色越深，风险点越多："], x: 0, top: y, font: S.smallFont, colour: S.mutedColour)
        var x = S.smallFont.width(of: "颜色越深，风险点越多：") + 6
        let steps = Array(Set([1, maxCount / 4, maxCount / 2, maxCount].filter { $0 > 0 })).sorted()
        for value in steps {
            let (fill, ink) = Self.shade(value, max: maxCount)
            let w = max(32, S.smallFont.width(of: String(value)) + 12)
            scale += "<rect x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(w))\" height=\"\(format(S.smallFont.lineHeight))\" "
            scale += "fill=\"\(fill)\" stroke=\"#98a2b3\" stroke-width=\"0.5\"/>"
            scale += S.text([String(value)], x: x + w / 2, top: y, font: S.smallFont, colour: ink, anchor: "middle")
            x += w + 2
        }
        scale += "</g>\n"
        body += scale
        y += S.smallFont.lineHeight + 4
        return S.svgOpen(id: id, title: title, desc: desc, width: width.rounded(.up), height: y.rounded(.up)) + body
            + "</svg>"
    }
}
