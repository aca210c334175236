import Foundation
import RiskModel

// Building the view of each page from the register.

extension SiteRenderer {
    // MARK: Frame and small pieces

    func frame(path: String, title: String, section: String?, crumbs: [(String, String)] = []) -> FrameView {
        let root = Paths.root(of: path)
        // 风险类别 shows only when the registers fill that column.
        let categories: [(String, String)] = register.categories.isEmpty ? [] : [("风险类别", Paths.categories)]
        let nav: [(String, String)] = [
            ("首页", Paths.home), ("单位", Paths.units), ("岗位", Paths.posts), ("权力清单", Paths.powers),
            ("风险等级", Paths.levels),
        ] + categories + [
            ("领域", Paths.domains), ("登记表", Paths.tables), ("流程图", Paths.flows), ("统计", Paths.dashboard), ("待复核", Paths.reviews),
            ("文件", Paths.documents), ("公示", Paths.disclosures),
        ]
        let items = nav.map { NavItemView(title: $0.0, href: root + $0.1, current: $0.1 == section) }
        let navHTML = navigation.value(for: NavKey(root: root, section: section)) {
            theme.render(NavView(root: root, nav: items), template: "nav") ?? ""
        }
        return FrameView(
            siteTitle: register.site.title, organisation: register.site.organisation, language: register.site.language,
            root: root, nav: items, navHTML: navHTML,
            pageTitle: title,
            breadcrumbs: [LinkView(title: "首页", href: root + Paths.home)]
                + crumbs.map { LinkView(title: $0.0, href: root + $0.1) })
    }

    func levelView(_ rating: LevelRating, root: String) -> LevelView {
        let key = LevelKey(rating)
        if case .rated(let schemeID, let levelID) = rating, let scheme = register.schemes[schemeID],
            let level = scheme.levels.first(where: { $0.id == levelID })
        {
            return LevelView(
                label: level.label, colour: level.colour, href: root + Paths.level(key), unrated: false,
                schemeName: scheme.name)
        }
        return LevelView(
            label: LevelRating.unratedLabel, colour: "#667085", href: root + Paths.level(key), unrated: true,
            schemeName: "")
    }

    func unitLink(_ id: String, root: String) -> LinkView? {
        register.units[id].map { LinkView(title: $0.name, href: root + Paths.unit($0.id)) }
    }

    func postLink(_ id: String, root: String) -> LinkView? {
        register.posts[id].map { LinkView(title: $0.name, href: root + Paths.post($0.id)) }
    }

    func powerLink(_ id: String, root: String) -> LinkView? {
        register.powers[id].map { LinkView(title: $0.name, href: root + Paths.power($0.id)) }
    }

    func documentLink(_ id: String, root: String) -> LinkView? {
        register.documents[id].map { LinkView(title: $0.title, href: root + Paths.document($0.id)) }
    }

    /// A flow's page: its own page, or the document it is drawn in.
    func flowLink(_ id: String, root: String) -> LinkView? {
        guard let flow = register.flows[id] else { return nil }
        if let document = flow.documentID {
            return LinkView(title: flow.title, href: root + Paths.document(document) + "#flow-" + flow.id)
        }
        return LinkView(title: flow.title, href: root + Paths.flow(flow.id))
    }

    func domainLink(_ id: String, root: String) -> LinkView? {
        register.domains[id].map { LinkView(title: $0.name, href: root + Paths.domain($0.id)) }
    }

    /// The 责任清单 table of the given risks, numbered as the register numbers them. `cells`: also
    /// render each row's cells with `risk-row-cells` (the site's tables; the manual and the
    /// disclosures have their own row markup).
    func riskTable(
        _ ids: [String], root: String, caption: String? = nil, columns: Set<RiskColumn>? = nil, cells: Bool = true,
        pieces: HTMLPieces? = nil
    ) -> RiskTableView {
        var rows = ids.enumerated().compactMap { index, id -> RiskRowView? in
            guard let risk = register.risks[id] else { return nil }
            var row = rowViews.value(for: RowViewKey(riskID: id, root: root)) {
                let subject = risk.postID.flatMap { postLink($0, root: root) } ?? risk.powerID.flatMap { powerLink($0, root: root) }
                let listed = risk.manifestations.count > 1
                return RiskRowView(
                    number: "", id: risk.id, href: root + Paths.risk(risk.id),
                    text: listed ? "" : risk.text, manifestations: listed ? risk.manifestations : [], hasManifestations: listed,
                    level: levelView(risk.level, root: root), measures: risk.measures, hasMeasures: !risk.measures.isEmpty,
                    person: risk.person,
                    units: risk.unitIDs.compactMap { unitLink($0, root: root) }, subject: subject,
                    subjectText: subject == nil ? risk.matter : nil)
            }
            row.number = risk.sequence ?? String(index + 1)
            return row
        }
        func shown(_ column: RiskColumn, filled: Bool) -> Bool { columns.map { $0.contains(column) } ?? filled }
        let show = RiskColumnsView(
            number: shown(.number, filled: true), units: shown(.units, filled: rows.contains { !$0.units.isEmpty }),
            subject: shown(.subject, filled: rows.contains { $0.subject != nil || $0.subjectText != nil }),
            text: shown(.text, filled: true), level: shown(.level, filled: true),
            measures: shown(.measures, filled: rows.contains(where: \.hasMeasures)),
            person: shown(.person, filled: rows.contains { $0.person != nil }))
        var rowsHTML: [String] = []
        if cells {
            rowsHTML.reserveCapacity(rows.count * 3)
            for index in rows.indices {
                let html = renderedCells(of: rows[index], show: show, root: root)
                var row = rows[index]
                row.cells = html
                rowsHTML += renderedRow(row, show: show, root: root)
                rows[index].cells = pieces?.marker(for: html) ?? html
            }
        }
        return RiskTableView(
            root: root, caption: caption, rows: rows, rowsHTML: pieces?.marker(for: rowsHTML) ?? rowsHTML.joined(), show: show,
            columnCount: show.count)
    }

    /// A whole row (`risk-row`, with its 序号 and its cells), kept like the cells. A risk point is
    /// listed under another 序号 on each of its pages (its unit's, its post's, its level's…): where
    /// the template prints the 序号 plainly, the row is rendered once with a stand-in for it, and
    /// each table puts its own 序号, escaped as the template would, in the stand-in's place.
    /// The row comes as its texts in order, the frame's kept parts and the 序号 between them, not
    /// joined: a rebuild renders a level page of thousands of rows again, and joining each row
    /// would copy all of them.
    private func renderedRow(_ row: RiskRowView, show: RiskColumnsView, root: String) -> [String] {
        guard theme.rowNumberIsPlain else {
            return [
                rowHTML.value(for: RowHTMLKey(riskID: row.id, root: root, columns: show.mask, number: row.number)) {
                    theme.render(RiskRowCellsView(row: row, show: show), template: "risk-row") ?? ""
                }
            ]
        }
        let frame = rowFrames.value(for: RowKey(riskID: row.id, root: root, columns: show.mask)) {
            var standIn = row
            standIn.number = numberStandIn
            let html = theme.render(RiskRowCellsView(row: standIn, show: show), template: "risk-row") ?? ""
            return Self.split(html, at: numberStandIn)
        }
        guard frame.count > 1 else { return frame }
        let number = HTMLEscaping().escapeText(row.number)
        var texts = [frame[0]]
        texts.reserveCapacity(frame.count * 2 - 1)
        for part in frame.dropFirst() {
            texts.append(number)
            texts.append(part)
        }
        return texts
    }

    /// `text` cut at each `separator`, comparing bytes (Foundation's `components(separatedBy:)`
    /// walks characters, and took longer than rendering the row).
    static func split(_ text: String, at separator: String) -> [String] {
        let pattern = Array(separator.utf8)
        guard let first = pattern.first else { return [text] }
        var text = text
        return text.withUTF8 { bytes in
            var parts: [String] = []
            var start = 0
            var i = 0
            while i + pattern.count <= bytes.count {
                if bytes[i] == first, pattern.indices.allSatisfy({ bytes[i + $0] == pattern[$0] }) {
                    parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                    i += pattern.count
                    start = i
                } else {
                    i += 1
                }
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return parts
        }
    }

    /// A row's cells: the same for every table at the same depth that shows the same columns, so a
    /// risk listed on its unit's, post's, register's and level's pages is rendered once, not four times.
    private func renderedCells(of row: RiskRowView, show: RiskColumnsView, root: String) -> String {
        rowCells.value(for: RowKey(riskID: row.id, root: root, columns: show.mask)) {
            theme.render(RiskRowCellsView(row: row, show: show), template: "risk-row-cells") ?? ""
        }
    }

    func levelCounts(_ ids: [String], root: String) -> [LevelCountView] {
        // Looked up by place: the risk points are not copied out of the register.
        let levels = levelsByPlace.value(for: 0) {
            register.risks.values.elements.withUnsafeBufferPointer { risks in risks.indices.map { LevelKey(risks[$0].level) } }
        }
        var counts: [LevelKey: Int] = [:]
        for id in ids { if let place = register.risks.index(forKey: id) { counts[levels[place], default: 0] += 1 } }
        var result: [LevelCountView] = []
        for scheme in register.site.levelSchemes {
            for level in scheme.levels {
                let key = LevelKey(schemeID: scheme.id, levelID: level.id)
                if let count = counts[key] {
                    result.append(LevelCountView(level: levelView(.rated(scheme: scheme.id, level: level.id), root: root), count: count))
                }
            }
        }
        if let unrated = counts[LevelKey(.unrated)] {
            result.append(LevelCountView(level: levelView(.unrated, root: root), count: unrated))
        }
        return result
    }

    /// `Register.risks(inUnitTree:)`, made once per unit and render.
    func risks(inUnitTree id: String) -> [String] {
        unitTreeRisks.value(for: id) { register.risks(inUnitTree: id) }
    }

    /// The unit tree, depth first, with each unit's count of risks in its subtree.
    func unitSummaries(root: String) -> [UnitSummaryView] {
        var rows: [UnitSummaryView] = []
        func visit(_ id: String, depth: Int) {
            guard let unit = register.units[id] else { return }
            let ids = risks(inUnitTree: id)
            rows.append(
                UnitSummaryView(
                    link: LinkView(title: unit.name, href: root + Paths.unit(id)), depth: depth,
                    indent: String(repeating: "　", count: depth), count: ids.count, levels: levelCounts(ids, root: root)))
            for child in unit.childIDs { visit(child, depth: depth + 1) }
        }
        for id in register.rootUnitIDs { visit(id, depth: 0) }
        return rows
    }

    // MARK: Pages

    func homePage() -> HomePage {
        let path = Paths.home
        let root = Paths.root(of: path)
        let all = Array(register.risks.keys)
        var schemes: [SchemeCountView] = []
        for scheme in register.site.levelSchemes {
            let counts = scheme.levels.compactMap { level -> LevelCountView? in
                let count = register.risksByLevel[LevelKey(schemeID: scheme.id, levelID: level.id)]?.count ?? 0
                guard count > 0 else { return nil }
                return LevelCountView(level: levelView(.rated(scheme: scheme.id, level: level.id), root: root), count: count)
            }
            if !counts.isEmpty { schemes.append(SchemeCountView(name: scheme.name, counts: counts)) }
        }
        if let unrated = register.risksByLevel[LevelKey(.unrated)], !unrated.isEmpty {
            schemes.append(
                SchemeCountView(
                    name: "未定级", counts: [LevelCountView(level: levelView(.unrated, root: root), count: unrated.count)]))
        }
        return HomePage(
            frame: frame(path: path, title: register.site.title, section: Paths.home),
            riskCount: all.count, unitCount: register.units.count, postCount: register.posts.count,
            powerCount: register.powers.count, documentCount: register.documents.count, levelCounts: schemes,
            unitRows: unitSummaries(root: root),
            documents: sortedDocuments().compactMap { documentLink($0, root: root) },
            exportCSV: root + Paths.exportCSV, exportJSON: root + Paths.exportJSON,
            changes: history.isEmpty
                ? nil
                : LinkView(title: "变更记录（\(history.editions.count) 个版次，最近 \(history.editions.last!.info.name)）", href: root + Paths.changes),
            overdueCount: register.overdueReviews(on: today).count, reviewsHref: root + Paths.reviews)
    }

    func sortedDocuments() -> [String] {
        register.documents.values.enumerated()
            .sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }
            .map(\.element.id)
    }

    func unitsPage() -> UnitsPage {
        let path = Paths.units
        return UnitsPage(
            frame: frame(path: path, title: "单位与责任主体", section: Paths.units, crumbs: [("单位", Paths.units)]),
            rows: unitSummaries(root: Paths.root(of: path)))
    }

    func unitPage(_ id: String, pieces: HTMLPieces? = nil) -> UnitPage {
        let unit = register.units[id]!
        let path = Paths.unit(id)
        let root = Paths.root(of: path)
        let ancestry = register.ancestry(ofUnit: id).dropLast().compactMap { register.units[$0] }
        let ids = risks(inUnitTree: id)
        return UnitPage(
            frame: frame(
                path: path, title: unit.name, section: Paths.units,
                crumbs: [("单位", Paths.units)] + ancestry.map { ($0.name, Paths.unit($0.id)) } + [(unit.name, path)]),
            name: unit.name, description: unit.description,
            parent: unit.parentID.flatMap { unitLink($0, root: root) },
            children: unit.childIDs.compactMap { unitLink($0, root: root) },
            posts: (register.postsByUnit[id] ?? []).compactMap { postLink($0, root: root) },
            powers: (register.powersByUnit[id] ?? []).compactMap { powerLink($0, root: root) },
            documents: sortedDocuments().filter { register.documents[$0]?.unitID == id }.compactMap { documentLink($0, root: root) },
            flows: (register.flowsByUnit[id] ?? []).compactMap { flowLink($0, root: root) },
            levels: levelCounts(ids, root: root),
            table: riskTable(ids, root: root, caption: "\(unit.name)风险防控责任清单", pieces: pieces), riskCount: ids.count)
    }

    func riskPage(_ id: String) -> RiskPage {
        let risk = register.allRisks[id]!
        let path = Paths.risk(id)
        let root = Paths.root(of: path)
        let table = register.tables[risk.tableID]
        var definition: String?
        if case .rated(_, let level) = risk.level, let domain = risk.domainID {
            definition = register.domains[domain]?.levelDefinitions[level]
        }
        if definition == nil, let level = register.level(of: risk)?.level, !level.description.isEmpty {
            definition = level.description
        }
        let withdrawn = risk.status == .withdrawn
        let title = (withdrawn ? "（已撤销）" : "") + risk.text.clipped(to: 40)
        var crumbs: [(String, String)] = [("登记表", Paths.tables)]
        if let table { crumbs.append((table.title, Paths.table(table.id))) }
        crumbs.append((risk.id, path))
        return RiskPage(
            frame: frame(path: path, title: "风险点 \(risk.id)：\(title)", section: Paths.tables, crumbs: crumbs),
            id: risk.id, text: risk.text, manifestations: risk.manifestations.count > 1 ? risk.manifestations : [],
            level: levelView(risk.level, root: root), levelDefinition: definition, measures: risk.measures,
            units: risk.unitIDs.compactMap { unitLink($0, root: root) },
            post: risk.postID.flatMap { postLink($0, root: root) }, power: risk.powerID.flatMap { powerLink($0, root: root) },
            matter: risk.matter, person: risk.person,
            category: risk.category.flatMap { $0.isEmpty ? nil : LinkView(title: $0, href: root + Paths.category($0)) },
            domain: risk.domainID.flatMap { domainLink($0, root: root) },
            table: LinkView(title: table?.title ?? risk.tableID, href: root + Paths.table(risk.tableID)),
            sequence: risk.sequence, extras: risk.extras.map { ExtraView(name: $0.name, value: $0.value) },
            documents: (documentsByRisk[id] ?? []).compactMap { documentLink($0, root: root) },
            flows: (register.flowsByRisk[id] ?? []).compactMap { flowID -> FlowStepLinkView? in
                guard let flow = register.flows[flowID], let link = flowLink(flowID, root: root) else { return nil }
                let steps = flow.steps.filter { $0.riskIDs.contains(id) }.map(\.label)
                return FlowStepLinkView(flow: link, step: steps.joined(separator: "、"))
            },
            isPublic: risk.isPublic, withdrawn: withdrawn, review: withdrawn ? nil : reviewView(of: risk),
            history: riskHistory(id, root: root))
    }

    func postsPage() -> ListPage {
        let path = Paths.posts
        let root = Paths.root(of: path)
        let groups = groupedByUnit(register.postsByUnit, all: register.posts.keys, fallback: "未指定单位", root: root) { id in
            postLink(id, root: root).map {
                ListItemView(link: $0, note: register.posts[id]?.summary, count: register.risksByPost[id]?.count ?? 0)
            }
        } orphan: { id in
            postLink(id, root: root).map { ListItemView(link: $0, note: nil, count: nil) }
        }
        return ListPage(
            frame: frame(path: path, title: "岗位与岗位职责", section: Paths.posts, crumbs: [("岗位", Paths.posts)]),
            intro: "岗位职责（岗责手册）与各岗位的风险点。", groups: groups)
    }

    /// A list grouped under each unit (its full name, linked), in the units' order; an id listed under
    /// several units appears under the first; ids under no unit go last, under `fallback`.
    func groupedByUnit(
        _ idsByUnit: [String: [String]], all: some Sequence<String>, fallback: String, root: String,
        item: (String) -> ListItemView?, orphan: (String) -> ListItemView?
    ) -> [ListGroupView] {
        var groups: [ListGroupView] = []
        var seen: Set<String> = []
        for unit in register.units.values {
            let ids = (idsByUnit[unit.id] ?? []).filter { !seen.contains($0) }
            guard !ids.isEmpty else { continue }
            seen.formUnion(ids)
            let names = register.ancestry(ofUnit: unit.id).compactMap { register.units[$0]?.name }.joined(separator: " · ")
            groups.append(ListGroupView(title: names, link: unitLink(unit.id, root: root), items: ids.compactMap(item)))
        }
        let orphans = all.filter { !seen.contains($0) }
        if !orphans.isEmpty {
            groups.append(ListGroupView(title: fallback, link: nil, items: orphans.compactMap(orphan)))
        }
        return groups
    }

    func postPage(_ id: String) -> PostPage {
        let post = register.posts[id]!
        let path = Paths.post(id)
        let root = Paths.root(of: path)
        let ids = register.risksByPost[id] ?? []
        return PostPage(
            frame: frame(path: path, title: post.name, section: Paths.posts, crumbs: [("岗位", Paths.posts), (post.name, path)]),
            name: post.name, unit: post.unitID.flatMap { unitLink($0, root: root) }, summary: post.summary,
            duties: post.duties, flows: (register.flowsByPost[id] ?? []).compactMap { flowLink($0, root: root) }, table: riskTable(ids, root: root, caption: "\(post.name)风险防控要点"), riskCount: ids.count)
    }

    func powerView(_ power: Power, root: String) -> PowerView {
        PowerView(
            id: power.id, name: power.name, href: root + Paths.power(power.id),
            unit: power.unitID.flatMap { unitLink($0, root: root) }, scope: power.scope, basis: power.basis,
            riskCount: register.risksByPower[power.id]?.count ?? 0)
    }

    func powersPage() -> PowersPage {
        let path = Paths.powers
        let root = Paths.root(of: path)
        return PowersPage(
            frame: frame(path: path, title: "权力清单", section: Paths.powers, crumbs: [("权力清单", Paths.powers)]),
            powers: register.powers.values.map { powerView($0, root: root) })
    }

    func powerPage(_ id: String) -> PowerPage {
        let power = register.powers[id]!
        let path = Paths.power(id)
        let root = Paths.root(of: path)
        return PowerPage(
            frame: frame(path: path, title: power.name, section: Paths.powers, crumbs: [("权力清单", Paths.powers), (power.name, path)]),
            power: powerView(power, root: root),
            flows: (register.flowsByPower[id] ?? []).compactMap { flowLink($0, root: root) }, table: riskTable(register.risksByPower[id] ?? [], root: root))
    }

    func documentsPage() -> ListPage {
        let path = Paths.documents
        let root = Paths.root(of: path)
        var groups: [ListGroupView] = []
        var byUnit: [String: [String]] = [:]
        var unitOrder: [String] = []
        for id in sortedDocuments() {
            let unit = register.documents[id]?.unitID ?? ""
            if byUnit[unit] == nil { unitOrder.append(unit) }
            byUnit[unit, default: []].append(id)
        }
        for unit in unitOrder {
            groups.append(
                ListGroupView(
                    title: register.units[unit]?.name ?? "其他文件", link: unitLink(unit, root: root),
                    items: (byUnit[unit] ?? []).compactMap { documentLink($0, root: root).map { ListItemView(link: $0) } }))
        }
        return ListPage(
            frame: frame(path: path, title: "文件", section: Paths.documents, crumbs: [("文件", Paths.documents)]),
            intro: "办法、制度与说明。", groups: groups)
    }

    func documentPage(_ id: String) -> DocumentPage {
        let document = register.documents[id]!
        let path = Paths.document(id)
        let root = Paths.root(of: path)
        let parts = document.parts.compactMap { part -> DocumentPartView? in
            switch part {
            case .html(let html):
                return DocumentPartView(html: html)
            case .riskTable(let ids, _, let columns):
                let table = riskTable(ids, root: root, columns: columns)
                return theme.render(table, template: "risk-table").map(DocumentPartView.init)
            case .flow(let flowID):
                guard let flow = register.flows[flowID] else { return nil }
                return theme.render(flowView(flow, path: path), template: "flow-body").map(DocumentPartView.init)
            }
        }
        return DocumentPage(
            frame: frame(
                path: path, title: document.title, section: Paths.documents,
                crumbs: [("文件", Paths.documents), (document.title, path)]),
            title: document.title, unit: document.unitID.flatMap { unitLink($0, root: root) },
            domain: document.domainID.flatMap { domainLink($0, root: root) }, parts: parts)
    }

    func levelsPage() -> LevelsPage {
        let path = Paths.levels
        let root = Paths.root(of: path)
        var schemes = register.site.levelSchemes.map { scheme in
            SchemeLevelsView(
                name: scheme.name,
                levels: scheme.levels.map { level in
                    LevelSummaryView(
                        level: levelView(.rated(scheme: scheme.id, level: level.id), root: root),
                        description: level.description,
                        count: register.risksByLevel[LevelKey(schemeID: scheme.id, levelID: level.id)]?.count ?? 0)
                })
        }
        schemes.append(
            SchemeLevelsView(
                name: "未定级",
                levels: [
                    LevelSummaryView(
                        level: levelView(.unrated, root: root), description: "登记表中风险等级为空的风险点（不作推定）。",
                        count: register.risksByLevel[LevelKey(.unrated)]?.count ?? 0)
                ]))
        return LevelsPage(
            frame: frame(path: path, title: "风险等级", section: Paths.levels, crumbs: [("风险等级", Paths.levels)]),
            schemes: schemes)
    }

    func levelPage(_ key: LevelKey, pieces: HTMLPieces? = nil) -> LevelPage {
        let path = Paths.level(key)
        let root = Paths.root(of: path)
        let rating: LevelRating = key.isUnrated ? .unrated : .rated(scheme: key.schemeID, level: key.levelID)
        let view = levelView(rating, root: root)
        let level = register.schemes[key.schemeID]?.levels.first { $0.id == key.levelID }
        let definitions = register.domains.values.compactMap { domain -> DomainDefinitionView? in
            guard let text = domain.levelDefinitions[key.levelID],
                (domain.levelSchemeID ?? register.site.defaultLevelSchemeID) == key.schemeID,
                let link = domainLink(domain.id, root: root)
            else { return nil }
            return DomainDefinitionView(domain: link, definition: text)
        }
        let ids = register.risksByLevel[key] ?? []
        let title = key.isUnrated ? "未定级" : "\(view.label)（\(view.schemeName)）"
        return LevelPage(
            frame: frame(path: path, title: title, section: Paths.levels, crumbs: [("风险等级", Paths.levels), (view.label, path)]),
            level: view,
            description: key.isUnrated ? "登记表中风险等级为空的风险点。riskpress 不推定等级，按原样显示为未定级。" : (level?.description ?? ""),
            definitions: definitions, table: riskTable(ids, root: root, pieces: pieces), riskCount: ids.count)
    }

    func domainsPage() -> ListPage {
        let path = Paths.domains
        let root = Paths.root(of: path)
        let domains = register.domains.values.sorted { ($0.order, $0.id) < ($1.order, $1.id) }
        return ListPage(
            frame: frame(path: path, title: "领域", section: Paths.domains, crumbs: [("领域", Paths.domains)]),
            intro: "按业务领域（章）归类的风险点。",
            groups: [
                ListGroupView(
                    title: nil, link: nil,
                    items: domains.compactMap { domain in
                        domainLink(domain.id, root: root).map {
                            ListItemView(link: $0, note: nil, count: register.risksByDomain[domain.id]?.count ?? 0)
                        }
                    })
            ])
    }

    func domainPage(_ id: String, pieces: HTMLPieces? = nil) -> DomainPage {
        let domain = register.domains[id]!
        let path = Paths.domain(id)
        let root = Paths.root(of: path)
        let schemeID = domain.levelSchemeID ?? register.site.defaultLevelSchemeID
        let definitions = (register.schemes[schemeID]?.levels ?? []).compactMap { level -> DefinitionView? in
            guard let text = domain.levelDefinitions[level.id] else { return nil }
            return DefinitionView(level: levelView(.rated(scheme: schemeID, level: level.id), root: root), definition: text)
        }
        let ids = register.risksByDomain[id] ?? []
        return DomainPage(
            frame: frame(path: path, title: domain.name, section: Paths.domains, crumbs: [("领域", Paths.domains), (domain.name, path)]),
            name: domain.name, description: domain.description, definitions: definitions,
            documents: sortedDocuments().filter { register.documents[$0]?.domainID == id }.compactMap { documentLink($0, root: root) },
            table: riskTable(ids, root: root, pieces: pieces), riskCount: ids.count)
    }

    func categoriesPage() -> ListPage {
        let path = Paths.categories
        let root = Paths.root(of: path)
        let items = register.categories.map { name in
            ListItemView(
                link: LinkView(title: name, href: root + Paths.category(name)), note: nil,
                count: register.risksByCategory[name]?.count ?? 0)
        }
        return ListPage(
            frame: frame(path: path, title: "风险类别", section: Paths.categories, crumbs: [("风险类别", Paths.categories)]),
            intro: items.isEmpty ? "登记册中的风险点都没有填写风险类别。" : "按风险类别（登记册的“风险类别”一栏）浏览风险点。",
            groups: items.isEmpty ? [] : [ListGroupView(title: nil, link: nil, items: items)])
    }

    func categoryPage(_ name: String, pieces: HTMLPieces? = nil) -> DomainPage {
        let path = Paths.category(name)
        let root = Paths.root(of: path)
        let ids = register.risksByCategory[name] ?? []
        return DomainPage(
            frame: frame(path: path, title: name, section: Paths.categories, crumbs: [("风险类别", Paths.categories), (name, path)]),
            name: name, description: "风险类别", definitions: [], documents: [], table: riskTable(ids, root: root, pieces: pieces),
            riskCount: ids.count)
    }

    func tablesPage() -> ListPage {
        let path = Paths.tables
        let root = Paths.root(of: path)
        var groups: [ListGroupView] = []
        var byScope: [String: [String]] = [:]
        var order: [String] = []
        for table in register.tables.values {
            let scope = table.scopeUnitID ?? ""
            if byScope[scope] == nil { order.append(scope) }
            byScope[scope, default: []].append(table.id)
        }
        for scope in order {
            groups.append(
                ListGroupView(
                    title: register.units[scope]?.name ?? "其他", link: unitLink(scope, root: root),
                    items: (byScope[scope] ?? []).compactMap { id in
                        register.tables[id].map {
                            ListItemView(
                                link: LinkView(title: $0.title, href: root + Paths.table(id)), note: $0.location.file,
                                count: $0.riskIDs.count)
                        }
                    }))
        }
        return ListPage(
            frame: frame(path: path, title: "登记表", section: Paths.tables, crumbs: [("登记表", Paths.tables)]),
            intro: "Content/registers 中的每个登记表（YAML 或从 Excel 导出的 CSV）。", groups: groups)
    }

    func tablePage(_ id: String, pieces: HTMLPieces? = nil) -> TablePage {
        let table = register.tables[id]!
        let path = Paths.table(id)
        let root = Paths.root(of: path)
        return TablePage(
            frame: frame(path: path, title: table.title, section: Paths.tables, crumbs: [("登记表", Paths.tables), (table.title, path)]),
            title: table.title, source: table.location.file, scope: table.scopeUnitID.flatMap { unitLink($0, root: root) },
            table: riskTable(table.riskIDs, root: root, pieces: pieces))
    }
}

extension ListItemView {
    init(link: LinkView) { self.init(link: link, note: nil, count: nil) }
}

// MARK: - Flows

extension SiteRenderer {
    func flowsPage() -> ListPage {
        let path = Paths.flows
        let root = Paths.root(of: path)
        let groups = groupedByUnit(register.flowsByUnit, all: register.flows.keys, fallback: "其他", root: root) { id in
            guard let flow = register.flows[id], let link = flowLink(id, root: root) else { return nil }
            return ListItemView(link: link, note: "\(flow.steps.count)个步骤", count: flow.riskIDs.count)
        } orphan: { id in
            flowLink(id, root: root).map { ListItemView(link: $0, note: nil, count: nil) }
        }
        return ListPage(
            frame: frame(path: path, title: "流程图", section: Paths.flows, crumbs: [("流程图", Paths.flows)]),
            intro: "业务流程图与各环节的风险点。", groups: groups)
    }

    func flowPage(_ id: String) -> FlowPage {
        let flow = register.flows[id]!
        let path = Paths.flow(id)
        return flowView(flow, path: path)
    }

    /// The view of a flow for its own page, or for the document that draws it (`path` is that page's).
    func flowView(_ flow: Flow, path: String) -> FlowPage {
        let root = Paths.root(of: path)
        var diagram = FlowDiagram(flow: flow, register: register, root: root)
        diagram.cache = flowLayouts
        let numbers = diagram.riskNumbers
        let steps = flow.steps.enumerated().map { (i, step) in
            let risks = step.riskIDs.compactMap { riskID -> FlowRiskView? in
                guard let risk = register.risks[riskID] else { return nil }
                return FlowRiskView(
                    number: numbers[riskID] ?? 0, id: riskID, href: root + Paths.risk(riskID), text: risk.text,
                    level: levelView(risk.level, root: root), measures: risk.measures, person: risk.person)
            }
            return FlowStepRowView(
                number: i + 1, id: step.id, label: step.label, lane: step.lane, stepNote: step.note,
                timeLimit: step.timeLimit, basis: step.basis, risks: risks, hasRisks: !risks.isEmpty)
        }
        return FlowPage(
            frame: frame(
                path: path, title: flow.title, section: Paths.flows,
                crumbs: [("流程图", Paths.flows), (flow.title, path)]),
            id: flow.id, title: flow.title, units: flow.unitIDs.compactMap { unitLink($0, root: root) },
            post: flow.postID.flatMap { postLink($0, root: root) }, power: flow.powerID.flatMap { powerLink($0, root: root) },
            document: flow.documentID.flatMap { documentLink($0, root: root) }, note: flow.note,
            diagram: diagram.svg(), steps: steps, stepsHTML: theme.rows(steps, template: "flow-step"), riskCount: flow.riskIDs.count,
            hasLanes: !flow.lanes.isEmpty)
    }
}
