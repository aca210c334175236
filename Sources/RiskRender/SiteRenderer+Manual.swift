import FlowLayout
import Foundation
import RiskModel

// The printed risk manual (风险防控手册): one self-contained HTML document with print CSS, from which
// WeasyPrint makes the PDF. Every risk point is printed in full once, in the first table that
// holds it; everywhere else (flow charts, the index) it is a cross reference that prints as a page
// number.

struct ManualPage: Sendable, Equatable {
    var language: String
    var title: String
    var issuer: String
    var edition: String
    var pageSize: String
    var fontFamily: String
    var contents: [ManualContentsEntry]
    var chapters: [ManualChapterView]
    var schemes: [ManualSchemeView]
    var domainDefinitions: [ManualDomainLevelsView]
    /// The risk point index, in runs of rows rendered by `manual-index-rows`.
    var index: [ManualPartView]
    /// The posts appendix, one unit's posts at a time, rendered by `manual-post-group`.
    var posts: [ManualPartView]
    var hasPosts: Bool
    var riskCount: Int
}

struct ManualContentsEntry: Sendable, Equatable {
    var href: String
    var title: String
    var isChapter: Bool
}

struct ManualChapterView: Sendable, Equatable {
    var id: String
    var number: String
    var title: String
    var lead: String?
    var sections: [ManualSectionView]
}

struct ManualSectionView: Sendable, Equatable {
    var id: String
    var title: String
    var html: String
}

struct ManualSchemeView: Sendable, Equatable {
    var name: String
    var levels: [ManualLevelView]
}

struct ManualLevelView: Sendable, Equatable {
    var label: String
    var colour: String
    var description: String
}

struct ManualLevelsView: Sendable, Equatable {
    var schemes: [ManualSchemeView]
    /// Risk points of the part without a level (未定级).
    var unrated: Int
    var hasUnrated: Bool
}

struct ManualDomainLevelsView: Sendable, Equatable {
    var domain: String
    var definitions: [ManualLevelView]
}

/// A piece of the manual rendered by a template of its own: under `serve` it is kept, and rendered
/// again only when what it shows changes.
struct ManualPartView: Sendable, Equatable {
    var html: String
}

/// A run of the index's rows.
struct ManualIndexRowsView: Sendable, Hashable {
    var rows: [ManualIndexEntry]
}

/// What a kept piece of the manual was rendered from, but for the content of its risk points: a
/// rebuild forgets the pieces that hold a risk point it changed. (Units and posts are the same
/// while pieces are kept: a change to them renders everything.)
enum ManualPartKey: Hashable, Sendable {
    /// A run of the index: its risk points, in order.
    case indexRows(ids: [String])
    /// A unit's posts in the posts appendix, and each post's risk points.
    case postGroup(unitID: String, posts: [String], risks: [[String]])

    var riskIDs: [String] {
        switch self {
        case .indexRows(let ids): ids
        case .postGroup(_, _, let risks): risks.flatMap { $0 }
        }
    }
}

struct ManualIndexEntry: Sendable, Hashable {
    var id: String
    var text: String
    var level: String
}

struct ManualPostGroupView: Sendable, Hashable {
    var unit: String
    var posts: [ManualPostView]
}

struct ManualPostView: Sendable, Hashable {
    var id: String
    var name: String
    var summary: String
    var duties: [String]
    var risks: [ManualIndexEntry]
}

struct ManualPowerView: Sendable, Equatable {
    var id: String
    var name: String
    var scope: [String]
    var basis: String
    var risks: [ManualIndexEntry]
}

/// A flow in the manual: the chart, and its steps with their risk points as cross references.
struct ManualFlowView: Sendable, Equatable {
    var id: String
    var title: String
    var diagram: String
    var steps: [ManualFlowStepView]
    /// Every step rendered by `manual-flow-step`, in order ("" where `manual-flow` prints the
    /// steps itself).
    var stepsHTML: String
}

struct ManualFlowStepView: Sendable, Equatable {
    var number: Int
    var label: String
    var lane: String?
    var timeLimit: String?
    var risks: [ManualIndexEntry]
}

/// Where everything goes in the manual, made from the register's structure alone: which documents,
/// power lists, risk tables (with the risk points each prints in full) and flows each part holds,
/// and the appendix's pieces. Their content is rendered from it on every build.
struct ManualPlan: Sendable {
    struct Chapter: Sendable {
        var title: String
        var lead: String?
        var sections: [Section]
        /// The risk points the part prints in full, in register order (for its levels section).
        var printed: [String]
        var printedSet: Set<String>
        var levelsID: String
    }

    struct Section: Sendable {
        var id: String
        var title: String
        var items: [Item]
    }

    enum Item: Sendable {
        /// The n-th part of a document, when it is text.
        case documentText(documentID: String, part: Int)
        case riskTable(ids: [String], caption: String?, columns: Set<RiskColumn>?)
        case flow(String)
        case powers([String])
    }

    var chapters: [Chapter]
    var appendixParts: [ManualPartKey]
}

/// The manual's plan and each part's levels section as last made, kept between rebuilds under
/// `serve` while the rebuild's selection says the plan still holds (see `PageSelection`).
final class ManualPlanStore: @unchecked Sendable {
    private let lock = NSLock()
    private var plan: ManualPlan?
    private var levels: [Int: String?] = [:]
    /// The risk points the current rebuild changed.
    private var changedRisks: Set<String> = []

    /// Starts a rebuild: the plan is kept only when `holds`.
    func begin(holds: Bool, changedRisks: Set<String>) {
        lock.lock()
        defer { lock.unlock() }
        if !holds {
            plan = nil
            levels = [:]
        }
        self.changedRisks = changedRisks
    }

    func kept() -> ManualPlan? {
        lock.lock()
        defer { lock.unlock() }
        return plan
    }

    func keep(_ plan: ManualPlan) {
        lock.lock()
        defer { lock.unlock() }
        self.plan = plan
        levels = [:]
    }

    /// The n-th part's levels section, kept while none of its printed risk points changed.
    func levels(ofChapter number: Int, printed: Set<String>, make: () -> String?) -> String? {
        lock.lock()
        if let kept = levels[number], changedRisks.isDisjoint(with: printed) {
            lock.unlock()
            return kept
        }
        lock.unlock()
        let made = make()
        lock.lock()
        levels[number] = .some(made)
        lock.unlock()
        return made
    }
}

extension SiteRenderer {
    /// Builds the manual: its plan (which tables, flows and documents go where, made again only when
    /// what it is made from changed), then each item of the plan as a piece. The risk tables, flows,
    /// documents and appendix pieces go into `pieces`, and the view holds markers.
    func manualPage(pieces: HTMLPieces) -> ManualPage {
        let config = register.site.manual
        let plan = manualPlan?.kept() ?? {
            let made = makeManualPlan()
            manualPlan?.keep(made)
            return made
        }()
        var chapters: [ManualChapterView] = []
        for (number, chapter) in plan.chapters.enumerated() {
            var sections: [ManualSectionView] = chapter.sections.map { section in
                ManualSectionView(
                    id: section.id, title: section.title,
                    html: section.items.map { manualItemHTML($0, pieces: pieces) }.joined())
            }
            let levels =
                manualPlan?.levels(ofChapter: number, printed: chapter.printedSet) {
                    manualLevelsHTML(chapter.printed)
                } ?? manualLevelsHTML(chapter.printed)
            if let levels {
                sections.append(ManualSectionView(id: chapter.levelsID, title: "风险等级说明", html: levels))
            }
            chapters.append(
                ManualChapterView(
                    id: "chapter-\(number + 1)", number: "第\(chineseNumber(number + 1))部分", title: chapter.title,
                    lead: chapter.lead, sections: sections))
        }

        // Appendices.
        let schemes = register.site.levelSchemes.map { scheme in
            ManualSchemeView(
                name: scheme.name,
                levels: scheme.levels.map { ManualLevelView(label: $0.label, colour: $0.colour, description: $0.description) })
        }
        let domainDefinitions = register.domains.values.compactMap { domain -> ManualDomainLevelsView? in
            guard !domain.levelDefinitions.isEmpty else { return nil }
            let scheme = register.schemes[domain.levelSchemeID ?? register.site.defaultLevelSchemeID]
            let levels = (scheme?.levels ?? []).compactMap { level -> ManualLevelView? in
                domain.levelDefinitions[level.id].map { ManualLevelView(label: level.label, colour: level.colour, description: $0) }
            }
            return ManualDomainLevelsView(domain: domain.name, definitions: levels)
        }
        let rendered = manualParts(plan.appendixParts)
        var index: [ManualPartView] = []
        var posts: [ManualPartView] = []
        for (key, html) in zip(plan.appendixParts, rendered) {
            switch key {
            case .indexRows: index.append(ManualPartView(html: pieces.marker(for: html)))
            case .postGroup: posts.append(ManualPartView(html: pieces.marker(for: html)))
            }
        }
        let hasPosts = !posts.isEmpty

        var contents: [ManualContentsEntry] = []
        for chapter in chapters {
            contents.append(ManualContentsEntry(href: "#\(chapter.id)", title: "\(chapter.number)　\(chapter.title)", isChapter: true))
            for section in chapter.sections {
                contents.append(ManualContentsEntry(href: "#\(section.id)", title: section.title, isChapter: false))
            }
        }
        contents.append(ManualContentsEntry(href: "#appendix-levels", title: "附录一　风险等级", isChapter: true))
        contents.append(ManualContentsEntry(href: "#appendix-index", title: "附录二　风险点索引", isChapter: true))
        if hasPosts {
            contents.append(ManualContentsEntry(href: "#appendix-posts", title: "附录三　岗责手册", isChapter: true))
        }
        let fonts = config.fonts.map { "\"\($0)\"" }
            + ["\"Noto Serif CJK SC\"", "\"Source Han Serif SC\"", "\"Noto Sans CJK SC\"", "serif"]
        return ManualPage(
            language: register.site.language, title: config.title ?? "\(register.site.title)风险防控手册",
            issuer: config.issuer ?? register.site.organisation, edition: config.edition ?? today.chinese,
            pageSize: config.pageSize.rawValue, fontFamily: fonts.joined(separator: ", "), contents: contents,
            chapters: chapters, schemes: schemes, domainDefinitions: domainDefinitions, index: index, posts: posts,
            hasPosts: hasPosts, riskCount: register.risks.count)
    }

    /// One item of the plan as HTML (a marker, for a large one).
    private func manualItemHTML(_ item: ManualPlan.Item, pieces: HTMLPieces) -> String {
        switch item {
        case .documentText(let id, let part):
            guard let document = register.documents[id], document.parts.indices.contains(part),
                case .html(let text) = document.parts[part]
            else { return "" }
            return pieces.marker(for: inBookLinks(text))
        case .riskTable(let ids, let caption, let columns):
            return pieces.marker(for: manualRiskTable(ids, caption: caption, columns: columns))
        case .flow(let id):
            return register.flows[id].map { pieces.marker(for: manualFlowHTML($0)) } ?? ""
        case .powers(let ids):
            let views = ids.compactMap { register.powers[$0] }.map { power in
                ManualPowerView(
                    id: power.id, name: power.name, scope: power.scope, basis: power.basis,
                    risks: manualRefs(register.risksByPower[power.id] ?? []))
            }
            return pieces.marker(for: views.compactMap { theme.render($0, template: "manual-power") }.joined())
        }
    }

    /// The levels a part's risk points use, with what each means (`printed`: the part's risk points in
    /// register order); nil when it prints none.
    private func manualLevelsHTML(_ printed: [String]) -> String? {
        var schemeIDs: [String] = []
        var unrated = 0
        for id in printed {
            if let (scheme, _) = register.risks[id].flatMap({ register.level(of: $0) }) {
                if !schemeIDs.contains(scheme.id) { schemeIDs.append(scheme.id) }
            } else {
                unrated += 1
            }
        }
        guard !schemeIDs.isEmpty || unrated > 0 else { return nil }
        let view = ManualLevelsView(
            schemes: schemeIDs.compactMap { register.schemes[$0] }.map { scheme in
                ManualSchemeView(
                    name: scheme.name,
                    levels: scheme.levels.map {
                        ManualLevelView(label: $0.label, colour: $0.colour, description: $0.description)
                    })
            },
            unrated: unrated, hasUnrated: unrated > 0)
        return theme.render(view, template: "manual-levels") ?? ""
    }

    /// Where everything goes in the manual: chapter by chapter, the documents, power lists, risk
    /// tables and flows each prints, and the appendix's pieces. `shown` follows which risk points
    /// have been printed in full.
    func makeManualPlan() -> ManualPlan {
        let config = register.site.manual
        var shown = ShownRisks()
        var chapters: [ManualPlan.Chapter] = []
        var usedDocuments: Set<String> = []
        var usedFlows: Set<String> = []
        var usedTables: Set<String> = []
        var usedPowers: Set<String> = []

        // Which registers have risk points of each unit (or are scoped to it), and of each domain.
        var tablesByUnit: [String: Set<Int>] = [:]
        var tablesByDomain: [String: Set<Int>] = [:]
        for (index, table) in register.tables.values.enumerated() {
            if let scope = table.scopeUnitID { tablesByUnit[scope, default: []].insert(index) }
            for id in table.riskIDs {
                guard let risk = register.risks[id] else { continue }
                for unit in risk.unitIDs { tablesByUnit[unit, default: []].insert(index) }
                if let domain = risk.domainID { tablesByDomain[domain, default: []].insert(index) }
            }
        }
        /// A part's own powers or flows (the register's index by unit), as places in register order:
        /// a part does not look at every one.
        func places(_ byUnit: [String: [String]], units: Set<String>, place: (String) -> Int?) -> [Int] {
            Set(units.flatMap { byUnit[$0] ?? [] }.compactMap(place)).sorted()
        }

        func chapter(
            title: String, lead: String?, documents: [String], units: Set<String>, domain: String?, catchAll: Bool = false
        ) {
            let before = shown.order.count
            var sections: [ManualPlan.Section] = []
            for id in documents where !usedDocuments.contains(id) {
                usedDocuments.insert(id)
                if let section = manualDocumentPlan(id, shown: &shown, usedFlows: &usedFlows) {
                    sections.append(section)
                }
            }
            if domain == nil {
                let powers =
                    (catchAll
                    ? Array(register.powers.values.indices)
                    : places(register.powersByUnit, units: units, place: register.powers.index(forKey:)))
                    .map { register.powers.values[$0].id }.filter { !usedPowers.contains($0) }
                usedPowers.formUnion(powers)
                if !powers.isEmpty {
                    sections.append(
                        ManualPlan.Section(id: "powers-\(sectionKey(units))", title: "权力清单", items: [.powers(powers)]))
                }
            }
            // Risk tables: what the documents did not print, register by register. Only the registers
            // that have a risk point of this part are looked at, not every register for every part.
            var tables: [ManualPlan.Item] = []
            let candidates: [Int] =
                if catchAll { Array(register.tables.values.indices) }
                else if let domain { tablesByDomain[domain, default: []].sorted() }
                else { Set(units.flatMap { tablesByUnit[$0, default: []] }).sorted() }
            for table in candidates.map({ register.tables.values[$0] }) where !usedTables.contains(table.id) {
                let ids = table.riskIDs.filter { id in
                    guard !shown.contains(id), let risk = register.risks[id] else { return false }
                    if let domain { return risk.domainID == domain }
                    if catchAll { return true }
                    return risk.unitIDs.contains(where: units.contains) || (table.scopeUnitID.map(units.contains) ?? false)
                }
                guard !ids.isEmpty else { continue }
                if ids.count == table.riskIDs.filter({ !shown.contains($0) }).count { usedTables.insert(table.id) }
                shown.insert(ids)
                tables.append(.riskTable(ids: ids, caption: table.title, columns: nil))
            }
            if !tables.isEmpty {
                sections.append(
                    ManualPlan.Section(id: "registers-\(domain ?? sectionKey(units))", title: "风险防控表", items: tables))
            }
            if domain == nil {
                let flows =
                    (catchAll
                    ? Array(register.flows.values.indices)
                    : places(register.flowsByUnit, units: units, place: register.flows.index(forKey:)))
                    .map { register.flows.values[$0] }.filter { !usedFlows.contains($0.id) && $0.documentID == nil }
                if !flows.isEmpty {
                    usedFlows.formUnion(flows.map(\.id))
                    sections.append(
                        ManualPlan.Section(
                            id: "flows-\(sectionKey(units))", title: "业务流程图", items: flows.map { .flow($0.id) }))
                }
            }
            guard !sections.isEmpty else { return }
            // The part's risk points in register order, for the levels they use.
            let printed = shown.order[before...].compactMap { register.risks.index(forKey: $0) }.sorted()
                .map { register.risks.keys[$0] }
            chapters.append(
                ManualPlan.Chapter(
                    title: title, lead: lead, sections: sections, printed: printed, printedSet: Set(printed),
                    levelsID: "levels-\(domain ?? (catchAll ? "rest" : sectionKey(units)))"))
        }

        let documentsInOrder = sortedDocuments()
        if config.arrangement == .byDomain {
            for domain in register.domains.values.sorted(by: { ($0.order, $0.id) < ($1.order, $1.id) }) {
                chapter(
                    title: domain.name, lead: domain.description.isEmpty ? nil : domain.description,
                    documents: documentsInOrder.filter { register.documents[$0]?.domainID == domain.id }, units: [],
                    domain: domain.id)
            }
        }
        for root in register.rootUnitIDs {
            guard let unit = register.units[root] else { continue }
            let tree = Set(register.subtree(ofUnit: root))
            chapter(
                title: unit.name, lead: unit.description.isEmpty ? nil : unit.description,
                documents: documentsInOrder.filter { register.documents[$0]?.unitID.map(tree.contains) ?? false },
                units: tree, domain: nil)
        }
        // Anything left (documents without a unit, registers without a scope): one last chapter.
        let rest = documentsInOrder.filter { !usedDocuments.contains($0) }
        chapter(title: "其他", lead: nil, documents: rest, units: [], domain: nil, catchAll: true)

        var parts: [ManualPartKey] = []
        let sortedIDs = Array(register.risks.keys).sorted(by: naturalLess)
        for start in stride(from: 0, to: sortedIDs.count, by: Self.indexRowsPerPart) {
            parts.append(.indexRows(ids: Array(sortedIDs[start..<min(start + Self.indexRowsPerPart, sortedIDs.count)])))
        }
        for unit in register.units.values {
            let posts = (register.postsByUnit[unit.id] ?? []).filter { register.posts[$0] != nil }
            guard !posts.isEmpty else { continue }
            parts.append(.postGroup(unitID: unit.id, posts: posts, risks: posts.map { register.risksByPost[$0] ?? [] }))
        }
        return ManualPlan(chapters: chapters, appendixParts: parts)
    }

    /// A document as a section of the plan: its text, its risk tables (only risks not printed
    /// before), its flows.
    private func manualDocumentPlan(
        _ id: String, shown: inout ShownRisks, usedFlows: inout Set<String>
    ) -> ManualPlan.Section? {
        guard let document = register.documents[id] else { return nil }
        var items: [ManualPlan.Item] = []
        for (number, part) in document.parts.enumerated() {
            switch part {
            case .html:
                items.append(.documentText(documentID: id, part: number))
            case .riskTable(let ids, _, let columns):
                let fresh = ids.filter { !shown.contains($0) }
                guard !fresh.isEmpty else { continue }
                shown.insert(fresh)
                items.append(.riskTable(ids: fresh, caption: nil, columns: columns))
            case .flow(let flowID):
                guard register.flows[flowID] != nil else { continue }
                usedFlows.insert(flowID)
                items.append(.flow(flowID))
            }
        }
        return ManualPlan.Section(id: "doc-\(id)", title: document.title, items: items)
    }

    /// The risk points printed in full so far, and in which order (a part's are the ones after the
    /// count at its start: copying the set at every part cost more than the part).
    struct ShownRisks {
        private(set) var order: [String] = []
        private var set: Set<String> = []

        func contains(_ id: String) -> Bool { set.contains(id) }

        mutating func insert(_ ids: [String]) {
            for id in ids where set.insert(id).inserted { order.append(id) }
        }
    }

    /// Rows of the index rendered together (and kept together under `serve`).
    static let indexRowsPerPart = 500

    /// The pieces rendered by their own templates. Under `serve` the n-th piece is kept with the
    /// view it was made from, and taken as it was while its view is the same (comparing two views
    /// costs far less than rendering one); pieces past the last are dropped.
    private func manualParts(_ keys: [ManualPartKey]) -> [String] {
        let html = keys.enumerated().map { number, key in
            let make = {
                switch key {
                case .indexRows(let ids):
                    theme.render(ManualIndexRowsView(rows: manualRefs(ids)), template: "manual-index-rows") ?? ""
                case .postGroup(let unitID, let posts, let risks):
                    theme.render(manualPostGroup(unitID, posts: posts, risks: risks), template: "manual-post-group") ?? ""
                }
            }
            guard let manualPieces else { return make() }
            return manualPieces.value(for: number, keptIf: { $0.key == key }) { (key, make()) }.html
        }
        manualPieces?.forget { $0 >= keys.count }
        return html
    }

    private func manualPostGroup(_ unitID: String, posts: [String], risks: [[String]]) -> ManualPostGroupView {
        ManualPostGroupView(
            unit: register.ancestry(ofUnit: unitID).compactMap { register.units[$0]?.name }.joined(separator: " · "),
            posts: zip(posts, risks).compactMap { id, risks in
                register.posts[id].map { post in
                    ManualPostView(
                        id: post.id, name: post.name, summary: post.summary, duties: post.duties, risks: manualRefs(risks))
                }
            })
    }

    /// A risk table as the manual prints it (kept for a rebuild while none of its risk points change).
    private func manualRiskTable(_ ids: [String], caption: String?, columns: Set<RiskColumn>?) -> String {
        // A register's table (it has a caption: its title) says under it when it was last reviewed.
        let reviewNote = caption == nil ? nil : manualReviewNote(ids)
        let make = {
            var table = riskTable(ids, root: "", caption: caption, columns: columns, cells: false)
            table.reviewNote = reviewNote
            // Row by row, as the site's tables are: rows of one shape render as one (see TemplateShapes).
            table.rowsHTML = theme.rows(table.rows.map { RiskRowCellsView(row: $0, show: table.show) }, template: "manual-risk-row")
            return theme.render(table, template: "manual-risk-table") ?? ""
        }
        return manualTables?.value(for: ManualTableKey(caption: caption, reviewNote: reviewNote, ids: ids, columns: columns), make: make)
            ?? make()
    }

    /// A flow as the manual prints it, made once per build (and kept for a rebuild while neither it
    /// nor its risk points change).
    private func manualFlowHTML(_ flow: Flow) -> String {
        manualFlows.value(for: flow.id) { theme.render(manualFlow(flow), template: "manual-flow") ?? "" }
    }

    private func manualFlow(_ flow: Flow) -> ManualFlowView {
        var diagram = FlowDiagram(flow: flow, register: register, root: "")
        diagram.cache = flowLayouts
        diagram.riskHref = { "#risk-\($0)" }
        // The page's text block less room for the headings: A4 178 × 200 mm, A5 116 × 140 mm (96 px an inch).
        let millimetre = 96 / 25.4
        diagram.fitting = register.site.manual.pageSize == .a4
            ? Size(width: 178 * millimetre, height: 200 * millimetre) : Size(width: 116 * millimetre, height: 140 * millimetre)
        let steps = flow.steps.enumerated().map { (i, step) in
            ManualFlowStepView(
                number: i + 1, label: step.label, lane: step.lane, timeLimit: step.timeLimit, risks: manualRefs(step.riskIDs))
        }
        return ManualFlowView(
            id: flow.id, title: flow.title, diagram: diagram.svg(), steps: steps,
            stepsHTML: theme.rows(steps, template: "manual-flow-step"))
    }

    private func manualRefs(_ ids: [String]) -> [ManualIndexEntry] {
        ids.compactMap { id in
            // Kept entries are of risk points that exist (a removed one's entry is forgotten), and
            // are taken without copying the risk point out of the register.
            if let kept = manualEntries?.existing(id) { return kept }
            guard let risk = register.risks[id] else { return nil }
            let make = {
                ManualIndexEntry(
                    id: id, text: risk.text.clipped(to: 60), level: register.level(of: risk)?.level.label ?? LevelRating.unratedLabel)
            }
            return manualEntries?.value(for: id, make: make) ?? make()
        }
    }

    /// Links between documents (`czj-ch02.html`) become links inside the book (`#doc-czj-ch02`).
    /// One pass over the bytes (the marker and the quote are ASCII); a text without such a link is
    /// returned as it is, not copied.
    private func inBookLinks(_ html: String) -> String {
        var edits: [(range: Range<Int>, target: String)] = []
        var text = html
        text.withUTF8 { bytes in
            let marker = Array("href=\"".utf8)
            let quote = UInt8(ascii: "\"")
            var i = 0
            while i + marker.count <= bytes.count {
                guard bytes[i] == marker[0], bytes[i + 1] == marker[1], bytes[i + 2] == marker[2], bytes[i + 3] == marker[3],
                    bytes[i + 4] == marker[4], bytes[i + 5] == marker[5]
                else {
                    i += 1
                    continue
                }
                let start = i + marker.count
                guard let end = bytes[start...].firstIndex(of: quote) else { break }
                let target = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                if target.hasSuffix(".html"), register.documents[String(target.dropLast(5))] != nil {
                    edits.append((start..<end, String(target.dropLast(5))))
                    i = end
                } else {
                    i = start
                }
            }
        }
        guard !edits.isEmpty else { return html }
        var result = ""
        result.reserveCapacity(html.utf8.count + 32 * edits.count)
        let utf8 = html.utf8
        var copied = 0
        for edit in edits {
            result += Substring(utf8[utf8.index(utf8.startIndex, offsetBy: copied)..<utf8.index(utf8.startIndex, offsetBy: edit.range.lowerBound)])
            result += "#doc-\(edit.target)\" class=\"xref"
            copied = edit.range.upperBound
        }
        result += Substring(utf8[utf8.index(utf8.startIndex, offsetBy: copied)...])
        return result
    }

    private func sectionKey(_ units: Set<String>) -> String {
        units.sorted().first ?? "all"
    }
}

/// 1 → 一, 12 → 十二, 21 → 二十一 (chapter numbers).
func chineseNumber(_ n: Int) -> String {
    let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    if n < 10 { return digits[n] }
    if n < 20 { return "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
    if n < 100 { return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
    return String(n)
}

/// "t2-10" after "t2-9": numbers inside ids compared as numbers.
func naturalLess(_ a: String, _ b: String) -> Bool {
    a.compare(b, options: [.numeric]) == .orderedAscending
}
