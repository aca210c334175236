import RiskModel

// The disclosure pages (公示) and their index.

extension SiteRenderer {
    static let statusLabels: [Disclosure.Status: String] = [.upcoming: "未开始", .open: "公示中", .ended: "已结束"]

    func period(_ disclosure: Disclosure) -> String {
        "\(disclosure.start.chinese)至\(disclosure.end.chinese)"
    }

    func disclosuresPage() -> DisclosureListPage {
        let path = Paths.disclosures
        let root = Paths.root(of: path)
        return DisclosureListPage(
            frame: frame(path: path, title: "公示", section: Paths.disclosures, crumbs: [("公示", Paths.disclosures)]),
            items: register.disclosures.values.map { disclosure in
                let status = disclosure.status(on: today)
                return DisclosureItemView(
                    link: LinkView(title: disclosure.title, href: root + Paths.disclosure(disclosure.id)),
                    period: period(disclosure), status: Self.statusLabels[status]!, statusClass: status.rawValue,
                    count: disclosure.riskIDs.count)
            },
            today: today.chinese)
    }

    /// The notice itself. Built from the risk points the disclosure selected on the
    /// public view of the register; it links nowhere, so it stands alone in a CMS.
    func disclosurePage(_ id: String) -> DisclosurePage {
        let disclosure = register.disclosures[id]!
        let columns = disclosure.columns ?? [.number, .subject, .text, .level, .measures, .units]
        // By register; an edition's disclosure in two parts: the new risk points and the changed ones.
        var sections: [(title: String?, ids: [String])] = []
        if disclosure.edition != nil {
            let added = disclosure.riskIDs.filter { disclosure.changes[$0]?.contains(.added) == true }
            let changed = disclosure.riskIDs.filter { disclosure.changes[$0]?.contains(.added) != true }
            if !added.isEmpty { sections.append(("新增风险点", added)) }
            if !changed.isEmpty { sections.append(("调整的风险点", changed)) }
        } else {
            var byTable: [String: [String]] = [:]
            var tableOrder: [String] = []
            for id in disclosure.riskIDs {
                guard let table = register.risks[id]?.tableID else { continue }
                if byTable[table] == nil { tableOrder.append(table) }
                byTable[table, default: []].append(id)
            }
            sections = tableOrder.map { (tableOrder.count > 1 ? register.tables[$0]?.title : nil, byTable[$0] ?? []) }
        }
        let groups = sections.map { section -> DisclosureGroupView in
            let ids = section.ids
            let measures = ids.compactMap { register.risks[$0]?.measures }
            let shared = ids.count > 1 && columns.contains(.measures) && Set(measures).count == 1
            var table = riskTable(ids, root: "", columns: shared ? columns.subtracting([.measures]) : columns, cells: false)
            table.rows = table.rows.map { row in
                var row = row
                if row.subject != nil {
                    row.subjectText = row.subject?.title
                    row.subject = nil
                }
                return row
            }
            return DisclosureGroupView(title: section.title, table: table, sharedMeasures: shared ? measures[0] : [])
        }
        var contacts: [ExtraView] = []
        let given = disclosure.contacts
        if let value = given.hotline { contacts.append(ExtraView(name: "监督举报电话", value: value)) }
        if let value = given.email { contacts.append(ExtraView(name: "电子邮箱", value: value)) }
        if let value = given.mailbox { contacts.append(ExtraView(name: "意见箱", value: value)) }
        if let value = given.address { contacts.append(ExtraView(name: "通信地址", value: value)) }
        if let value = given.reception { contacts.append(ExtraView(name: "来访接待地点", value: value)) }
        // The levels used in the table, with their meaning, so a reader of the notice understands them.
        var seen: Set<LevelKey> = []
        var levels: [DisclosureLevelView] = []
        for riskID in disclosure.riskIDs {
            guard let risk = register.risks[riskID], seen.insert(LevelKey(risk.level)).inserted,
                let (_, level) = register.level(of: risk), !level.description.isEmpty
            else { continue }
            levels.append(DisclosureLevelView(level: levelView(risk.level, root: ""), description: level.description))
        }
        return DisclosurePage(
            language: register.site.language, title: disclosure.title, preface: disclosure.preface,
            paperSize: disclosure.paper.cssSize, paperName: disclosure.paper.rawValue, groups: groups,
            columnCount: riskTable([], root: "", columns: columns, cells: false).columnCount, contacts: contacts,
            period: period(disclosure), issuer: disclosure.issuer, issueDate: disclosure.issueDate.chinese,
            notes: disclosure.notes, levels: levels)
    }
}
