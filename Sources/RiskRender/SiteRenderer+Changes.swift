import RiskModel

// The register through its editions: the change records (变更记录), one page per edition, and
// each risk point's record on its own page.

struct ChangesPage: Sendable, Equatable {
    var frame: FrameView
    var editions: [EditionItemView]
}

struct EditionItemView: Sendable, Equatable {
    var link: LinkView
    var date: String
    var note: String
    var summary: String
    var count: Int
}

struct ChangePage: Sendable, Equatable {
    var frame: FrameView
    var name: String
    var date: String
    var note: String
    /// The edition before, nil for the first.
    var from: LinkView?
    var summary: String
    var count: Int
    var groups: [ChangeGroupView]
}

struct ChangeGroupView: Sendable, Equatable {
    var title: String
    var count: Int
    var changes: [ChangeView]
}

struct ChangeView: Sendable, Equatable {
    var id: String
    /// The risk point's page, while it is in the register.
    var href: String?
    var formerID: String?
    var kinds: String
    var units: String
    var unitsBefore: String?
    var level: String
    var levelBefore: String?
    /// The 风险点 text compared, or (added, removed) as it stands.
    var text: [TextPieceView]
    var measures: [TextPieceView]
    var manifestations: [TextPieceView]
}

struct TextPieceView: Sendable, Equatable {
    var text: String
    var inserted: Bool
    var deleted: Bool
}

struct RiskHistoryView: Sendable, Equatable {
    var edition: LinkView
    var date: String
    var level: String
    var text: String
    var changes: String
}

extension ChangesPage: TemplateFields {
    static let fields: [String: @Sendable (ChangesPage) -> Any?] = ["frame": \.frame, "editions": \.editions]
}

extension EditionItemView: TemplateFields {
    static let fields: [String: @Sendable (EditionItemView) -> Any?] = [
        "link": \.link, "date": \.date, "note": \.note, "summary": \.summary, "count": \.count,
    ]
}

extension ChangePage: TemplateFields {
    static let fields: [String: @Sendable (ChangePage) -> Any?] = [
        "frame": \.frame, "name": \.name, "date": \.date, "note": \.note, "from": \.from, "summary": \.summary,
        "count": \.count, "groups": \.groups,
    ]
}

extension ChangeGroupView: TemplateFields {
    static let fields: [String: @Sendable (ChangeGroupView) -> Any?] = [
        "title": \.title, "count": \.count, "changes": \.changes,
    ]
}

extension ChangeView: TemplateFields {
    static let fields: [String: @Sendable (ChangeView) -> Any?] = [
        "id": \.id, "href": \.href, "formerID": \.formerID, "kinds": \.kinds, "units": \.units, "unitsBefore": \.unitsBefore,
        "level": \.level, "levelBefore": \.levelBefore, "text": \.text, "measures": \.measures,
        "manifestations": \.manifestations,
    ]
}

extension TextPieceView: TemplateFields {
    static let fields: [String: @Sendable (TextPieceView) -> Any?] = [
        "text": \.text, "inserted": \.inserted, "deleted": \.deleted,
    ]
}

extension RiskHistoryView: TemplateFields {
    static let fields: [String: @Sendable (RiskHistoryView) -> Any?] = [
        "edition": \.edition, "date": \.date, "level": \.level, "text": \.text, "changes": \.changes,
    ]
}

extension SiteRenderer {
    func changesPage() -> ChangesPage {
        let path = Paths.changes
        let root = Paths.root(of: path)
        return ChangesPage(
            frame: frame(path: path, title: "变更记录", section: Paths.changes, crumbs: [("变更记录", Paths.changes)]),
            editions: history.changeSets.reversed().compactMap { set in
                guard let edition = set.to else { return nil }
                return EditionItemView(
                    link: LinkView(title: edition.name, href: root + Paths.change(edition.id)), date: edition.date.chinese,
                    note: edition.note, summary: set.from == nil ? "首次记录" : (set.summary.isEmpty ? "无调整" : set.summary),
                    count: set.from == nil ? set.changes.count : set.changes.count)
            })
    }

    func changePage(_ editionID: String) -> ChangePage? {
        guard let index = history.editions.firstIndex(where: { $0.info.id == editionID }) else { return nil }
        let set = history.changeSets[index]
        let edition = history.editions[index].info
        let path = Paths.change(edition.id)
        let root = Paths.root(of: path)
        var groups: [ChangeGroupView] = []
        for kind in RiskChange.Kind.allCases {
            let changes = set.changes.filter { $0.kinds.first == kind }
            guard !changes.isEmpty else { continue }
            groups.append(
                ChangeGroupView(
                    title: set.from == nil ? "风险点" : kind.label, count: changes.count,
                    changes: changes.map { changeView($0, root: root) }))
        }
        let from = set.from.map { LinkView(title: $0.name, href: root + Paths.change($0.id)) }
        return ChangePage(
            frame: frame(
                path: path, title: "本次调整：\(edition.name)", section: Paths.changes,
                crumbs: [("变更记录", Paths.changes), (edition.name, path)]),
            name: edition.name, date: edition.date.chinese, note: edition.note, from: from,
            summary: set.from == nil ? "首次记录" : (set.summary.isEmpty ? "无调整" : set.summary), count: set.changes.count,
            groups: groups)
    }

    func changeView(_ change: RiskChange, root: String) -> ChangeView {
        let now = change.after ?? change.before!
        let before = change.before
        func pieces(_ changes: [TextChange]) -> [TextPieceView] {
            changes.map { TextPieceView(text: $0.text, inserted: $0.kind == .inserted, deleted: $0.kind == .deleted) }
        }
        func plain(_ text: String) -> [TextPieceView] { [TextPieceView(text: text, inserted: false, deleted: false)] }
        let unitsNow = now.unitNames.joined(separator: "、")
        let unitsThen = before.map { $0.unitNames.joined(separator: "、") }
        return ChangeView(
            id: change.id, href: register.allRisks[change.id] == nil ? nil : root + Paths.risk(change.id), formerID: change.formerID,
            kinds: change.kinds.map(\.label).joined(separator: "、"), units: unitsNow,
            unitsBefore: change.kinds.contains(.moved) ? unitsThen : nil, level: now.level ?? LevelRating.unratedLabel,
            levelBefore: change.kinds.contains(.relevelled) ? (before?.level ?? LevelRating.unratedLabel) : nil,
            text: change.text.isEmpty ? plain(now.text) : pieces(change.text), measures: pieces(change.measures),
            manifestations: pieces(change.manifestations))
    }

    /// A risk point's record through the editions, newest first.
    func riskHistory(_ id: String, root: String) -> [RiskHistoryView] {
        let first = history.editions.first?.info
        return history.entries(forRisk: id).map { entry in
            var changes = entry.edition == first ? "首次记录" : entry.kinds.map(\.label).joined(separator: "、")
            if let former = entry.formerID { changes += "（原编号 \(former)）" }
            return RiskHistoryView(
                edition: LinkView(title: entry.edition.name, href: root + Paths.change(entry.edition.id)),
                date: entry.edition.date.chinese, level: entry.risk.level ?? LevelRating.unratedLabel, text: entry.risk.text,
                changes: changes)
        }
    }
}
