import Foundation
import OrderedCollections
import RiskModel

/// Turns the drafts of all files into the linked `Register`: ids assigned and checked
/// for duplicates, references resolved, levels matched against their scheme, and
/// every problem reported with its place.
struct Linker: Sendable {
    let site: SiteConfig
    var diagnostics: [Diagnostic] = []

    private var units: OrderedDictionary<String, RiskModel.Unit> = [:]
    private var domains: OrderedDictionary<String, Domain> = [:]
    private var posts: OrderedDictionary<String, Post> = [:]
    private var powers: OrderedDictionary<String, Power> = [:]
    private var tables: OrderedDictionary<String, RiskTable> = [:]
    private var risks: OrderedDictionary<String, RiskPoint> = [:]
    private var documents: OrderedDictionary<String, Document> = [:]
    private var disclosures: OrderedDictionary<String, Disclosure> = [:]
    private var flows: OrderedDictionary<String, Flow> = [:]
    private var unitResolver = Resolver([])
    private var domainResolver = Resolver([])
    private var postResolver = Resolver([])
    private var powerResolver = Resolver([])
    private var subtreeCache: [String: Set<String>] = [:]
    /// A 责任主体 cell whose name resolved to no unit, and its diagnostic's index: the rows below
    /// that inherit the cell (merged, or left blank as Excel exports a merged cell) add
    /// themselves to that one diagnostic instead of repeating it.
    private var unitFailures: [Located<String>: (index: Int, hint: String?, rows: [Int])] = [:]
    private let schemes: [String: LevelScheme]
    /// Where each risk point's id was written (an explicit 编号), for the report of an id two
    /// registers share.
    private var idSites: [String: (location: SourceLocation, key: String)] = [:]
    /// Registers and flows linked by an earlier load, reused when neither they nor what they refer to changed.
    var linkCache: LinkCache?

    init(site: SiteConfig) {
        self.site = site
        schemes = Dictionary(site.levelSchemes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    struct Drafts {
        var units: [UnitDraft] = []
        var domains: [DomainDraft] = []
        var posts: [PostDraft] = []
        var powers: [PowerDraft] = []
        var tables: [TableDraft] = []
        var documents: [DocumentDraft] = []
        var disclosures: [DisclosureDraft] = []
        var flows: [FlowDraft] = []
    }

    mutating func link(_ drafts: Drafts) -> Register {
        linkUnits(drafts.units)
        linkDomains(drafts.domains)
        linkPosts(drafts.posts)
        linkPowers(drafts.powers)
        linkTables(drafts.tables)
        for flow in drafts.flows {
            if let table = flow.inlineRisks { linkTable(table) }
        }
        for flow in drafts.flows { linkKeptFlow(flow) }
        var register = makeRegister()
        for document in drafts.documents { linkDocument(document, register: register) }
        register = register.with(documents: documents, disclosures: disclosures)
        if !drafts.disclosures.isEmpty {
            let publicRegister = register.publicView()
            for disclosure in drafts.disclosures { linkDisclosure(disclosure, publicRegister: publicRegister) }
            register = register.with(documents: documents, disclosures: disclosures)
        }
        return register
    }

    private func makeRegister() -> Register {
        Register(
            site: site, units: units, domains: domains, posts: posts, powers: powers, tables: tables, risks: risks,
            documents: documents, disclosures: disclosures, flows: flows)
    }

    // MARK: - Organisation

    private mutating func linkUnits(_ drafts: [UnitDraft]) {
        for draft in drafts {
            guard claim(draft.id, in: units.keys.contains(draft.id.value), firstAt: units[draft.id.value]?.location, kind: "unit")
            else { continue }
            let aliases = (draft.aliases?.value ?? []).map { $0.trimmed() }.filter { !$0.isEmpty && $0 != draft.name }
            units[draft.id.value] = RiskModel.Unit(
                id: draft.id.value, name: draft.name, aliases: aliases, description: draft.description, parentID: draft.parentID,
                childIDs: draft.childIDs, levelSchemeID: checkScheme(draft.levelScheme), location: draft.location)
        }
        // An alias should name one unit: one that another unit also has as its name or alias is a warning.
        var named: [String: [String]] = [:]
        for unit in units.values {
            for name in [unit.name] + unit.aliases where !(named[name]?.contains(unit.id) ?? false) {
                named[name, default: []].append(unit.id)
            }
        }
        for draft in drafts {
            guard let aliases = draft.aliases, let unit = units[draft.id.value], unit.location == draft.location else { continue }
            for alias in unit.aliases where (named[alias]?.count ?? 0) > 1 {
                let others = named[alias]!.filter { $0 != unit.id }
                diagnostics.append(
                    .warning(
                        at: aliases.location, field: aliases.key, value: alias, "the alias also names another unit",
                        hint: "it names \(others.joined(separator: ", ")) as well: where it is written, the unit in the register's 范围 is taken, else write the id"))
            }
        }
        unitResolver = Resolver(units.values.flatMap { unit in [(unit.id, unit.name)] + unit.aliases.map { (unit.id, $0) } })
    }

    private mutating func linkDomains(_ drafts: [DomainDraft]) {
        for (index, draft) in drafts.enumerated() {
            guard claim(draft.id, in: domains.keys.contains(draft.id.value), firstAt: domains[draft.id.value]?.location, kind: "domain")
            else { continue }
            let schemeID = checkScheme(draft.levelScheme)
            let scheme = schemes[schemeID ?? site.defaultLevelSchemeID]
            var definitions: [String: String] = [:]
            for (level, definition) in draft.levels {
                if let found = scheme?.level(named: level.value) {
                    definitions[found.id] = definition
                } else {
                    diagnostics.append(unknownLevel(level, scheme: scheme))
                }
            }
            domains[draft.id.value] = Domain(
                id: draft.id.value, name: draft.name, order: draft.order ?? index + 1, description: draft.description,
                levelSchemeID: schemeID, levelDefinitions: definitions, location: draft.location)
        }
        domainResolver = Resolver(domains.values.map { ($0.id, $0.name) })
    }

    private mutating func linkPosts(_ drafts: [PostDraft]) {
        for draft in drafts {
            guard claim(draft.id, in: posts.keys.contains(draft.id.value), firstAt: posts[draft.id.value]?.location, kind: "post")
            else { continue }
            posts[draft.id.value] = Post(
                id: draft.id.value, name: draft.name, unitID: draft.unit.flatMap { resolveUnit($0, scope: nil) },
                summary: draft.summary, duties: draft.duties, location: draft.location)
        }
        postResolver = Resolver(posts.values.map { ($0.id, $0.name) })
    }

    private mutating func linkPowers(_ drafts: [PowerDraft]) {
        for draft in drafts {
            guard claim(draft.id, in: powers.keys.contains(draft.id.value), firstAt: powers[draft.id.value]?.location, kind: "power")
            else { continue }
            powers[draft.id.value] = Power(
                id: draft.id.value, name: draft.name, unitID: draft.unit.flatMap { resolveUnit($0, scope: nil) },
                scope: draft.scope, basis: draft.basis, location: draft.location)
        }
        powerResolver = Resolver(powers.values.map { ($0.id, $0.name) })
    }

    // MARK: - Risk tables

    /// The registers, each linked on its own in parallel (the organisation is linked by now and
    /// only read), then taken in Content order: a risk id that an earlier register already has is
    /// reported and left out, as is a register whose id is taken.
    private mutating func linkTables(_ drafts: [TableDraft]) {
        let base = self
        // The organisation is compared with the cached one once, not once per register.
        base.linkCache?.start(in: LinkCache.Environment(site: site, units: units, domains: domains, posts: posts, powers: powers))
        let linked = parallelMap(drafts) { draft -> LinkedTable in
            if let kept = base.linkCache?.linked(draft) { return kept }
            var alone = base
            alone.diagnostics = []
            alone.linkTable(draft)
            let result = LinkedTable(
                table: alone.tables.values.first, risks: Array(alone.risks.values), diagnostics: alone.diagnostics,
                idSites: alone.idSites)
            base.linkCache?.keep(result, for: draft)
            return result
        }
        risks.reserveCapacity(risks.count + linked.reduce(0) { $0 + $1.risks.count })
        for (draft, result) in zip(drafts, linked) {
            guard var table = result.table else { continue }
            if let first = tables[table.id] {
                diagnostics.append(
                    .error(
                        at: draft.id?.location ?? draft.location, field: draft.id?.key ?? "id", value: table.id,
                        "two registers have this id", hint: "the other is \(first.location.file); give one an `编号:` of its own"))
                continue
            }
            diagnostics += result.diagnostics
            var ids: [String] = []
            for risk in result.risks {
                if let first = risks[risk.id] {
                    let site = result.idSites[risk.id]
                    diagnostics.append(
                        .error(
                            at: site?.location ?? risk.location, field: site?.key ?? "id", value: risk.id,
                            "two risk points have this id", hint: "the first is at \(first.location)"))
                    continue
                }
                risks[risk.id] = risk
                ids.append(risk.id)
            }
            table.riskIDs = ids
            tables[table.id] = table
        }
    }

    private mutating func linkTable(_ draft: TableDraft) {
        let id = draft.id?.value ?? draft.derivedID
        if let first = tables[id] {
            diagnostics.append(
                .error(
                    at: draft.id?.location ?? draft.location, field: draft.id?.key ?? "id", value: id,
                    "two registers have this id", hint: "the other is \(first.location.file); give one an `编号:` of its own"))
            return
        }
        let scope = draft.scope.flatMap { resolveUnit($0, scope: nil) }
        let tableScheme = checkScheme(draft.levelScheme)
        var riskIDs: [String] = []
        for row in draft.risks {
            if let risk = linkRisk(row, table: draft, tableID: id, scope: scope, tableScheme: tableScheme) {
                riskIDs.append(risk.id)
                risks[risk.id] = risk
            }
        }
        if draft.risks.isEmpty {
            diagnostics.append(.warning(at: draft.location, "the register has no risk points", hint: nil))
        }
        tables[id] = RiskTable(
            id: id, title: draft.title ?? id, scopeUnitID: scope, levelSchemeID: tableScheme, riskIDs: riskIDs,
            location: draft.location, reviewed: draft.reviewed.flatMap { ReviewFields.date($0, diagnostics: &diagnostics) },
            reviewCycle: draft.reviewCycle.flatMap { ReviewFields.cycle($0, diagnostics: &diagnostics) })
    }

    private mutating func linkRisk(
        _ row: RiskDraft, table: TableDraft, tableID: String, scope: String?, tableScheme: String?
    ) -> RiskPoint? {
        var fields = table.defaults
        fields.merge(row.fields) { _, own in own }

        // Id: given, or derived stably from the table and the row.
        let id: String
        if let given = fields[.id], row.fields[.id] != nil, !given.value.isBlank {
            guard Identifiers.isValid(given.value.text) else {
                diagnostics.append(
                    .error(
                        at: given.location, field: given.key, value: given.value.text, "not a valid id",
                        hint: "use ASCII letters, digits, - _ ., at most \(Identifiers.maxLength) (e.g. \(tableID)-1), or leave it out to number the rows"))
                return nil
            }
            id = given.value.text
            idSites[id] = (given.location, given.key)
        } else if table.isCSV, let sequence = row.fields[.sequence]?.value.text, Identifiers.isValid(sequence) {
            id = "\(tableID)-\(sequence)"
        } else {
            id = "\(tableID)-\(row.position)"
        }
        if let first = risks[id] {
            diagnostics.append(
                .error(
                    at: row.fields[.id]?.location ?? row.location, field: row.fields[.id]?.key ?? "id", value: id,
                    "two risk points have this id", hint: "the first is at \(first.location)"))
            return nil
        }

        // Text and manifestations (表现形式).
        var manifestations = fields[.manifestations]?.value.items ?? []
        var text = ""
        if let raw = fields[.text]?.value {
            let items = raw.items
            if items.count > 1 {
                if manifestations.isEmpty { manifestations = items }
                text = items.joined(separator: "；")
            } else {
                text = raw.text
            }
        }
        if text.isEmpty, !manifestations.isEmpty { text = manifestations.joined(separator: "；") }
        if text.isEmpty {
            diagnostics.append(
                .error(
                    at: fields[.text]?.location ?? row.location, field: fields[.text]?.key ?? "风险点",
                    "the risk point has no text", hint: "fill in the 风险点 cell, or delete the row"))
        }

        // References.
        var unitIDs: [String] = []
        if let units = fields[.units] {
            for name in units.value.names {
                let located = Located(value: name, location: units.location, key: units.key)
                if var failure = unitFailures[located] {
                    failure.rows.append(row.location.line)
                    unitFailures[located] = failure
                    let kind = (row.location.cell == nil ? "line" : "row") + (failure.rows.count > 1 ? "s" : "")
                    let rows = failure.rows.map(String.init).joined(separator: ", ")
                    diagnostics[failure.index].hint =
                        (failure.hint.map { $0 + "\n    " } ?? "") + "\(kind) \(rows) below it inherit this cell (merged, or left blank)"
                    continue
                }
                let before = diagnostics.count
                if let unit = resolveUnit(located, scope: scope) {
                    if !unitIDs.contains(unit) { unitIDs.append(unit) }
                } else if diagnostics.count == before + 1 {
                    unitFailures[located] = (before, diagnostics[before].hint, [])
                }
            }
        }
        if unitIDs.isEmpty, let scope { unitIDs = [scope] }
        // A 责任主体 that names no known unit has had its error; a row that names none is told here.
        if unitIDs.isEmpty, fields[.units]?.value.isBlank ?? true {
            diagnostics.append(
                .warning(
                    at: fields[.units]?.location ?? row.location, field: "风险点", value: String(text.prefix(30)),
                    "the risk point names no responsible unit, so no unit page lists it",
                    hint: "fill in 责任主体, or give the register a 范围 (scope) unit"))
        }
        let domainID = fields[.domain].flatMap { value -> String? in
            value.value.isBlank ? nil : resolve(value.asText, with: domainResolver, kind: "domain", inScope: nil)
        }
        let scopeUnits = scope.map { subtree($0) }
        let ownerUnits = Set(unitIDs).union(scopeUnits ?? [])
        let posts = self.posts  // shared storage, no copy
        let powers = self.powers
        let postID = fields[.post].flatMap { value -> String? in
            guard !value.value.isBlank else { return nil }
            return resolve(value.asText, with: postResolver, kind: "post") { id in
                posts[id]?.unitID.map(ownerUnits.contains) ?? false
            }
        }
        let powerID = fields[.power].flatMap { value -> String? in
            guard !value.value.isBlank else { return nil }
            return resolve(value.asText, with: powerResolver, kind: "power") { id in
                powers[id]?.unitID.map(ownerUnits.contains) ?? false
            }
        }

        // Level: the table's scheme, else the domain's, else the unit's, else the site's.
        let schemeID = levelSchemeID(table: tableScheme, domain: domainID, units: unitIDs, scope: scope)
        var level = LevelRating.unrated
        if let written = fields[.level], !written.value.isBlank {
            if let scheme = schemes[schemeID], let found = scheme.level(named: written.value.text) {
                level = .rated(scheme: scheme.id, level: found.id)
            } else {
                diagnostics.append(
                    unknownLevel(Located(value: written.value.text, location: written.location, key: written.key), scheme: schemes[schemeID]))
            }
        }

        let measures = fields[.measures]?.value.items ?? []
        if measures.isEmpty {
            diagnostics.append(
                .error(
                    at: fields[.measures]?.location ?? row.location, field: fields[.measures]?.key ?? "防控措施",
                    value: text.isEmpty ? nil : String(text.prefix(30)), "the risk point has no prevention measures",
                    hint: "every risk point needs its 防控措施; add them to the row, or to the register's 默认 (defaults)"))
        }
        var isPublic = true
        if let written = fields[.isPublic], !written.value.isBlank {
            if let value = MappingReader<RiskField>.parseBool(written.value.text) {
                isPublic = value
            } else {
                diagnostics.append(
                    .error(
                        at: written.location, field: written.key, value: written.value.text, "not a yes/no value",
                        hint: "write true or false (是 / 否)"))
            }
        }
        func optionalText(_ field: RiskField) -> String? {
            guard let value = fields[field]?.value, !value.isBlank else { return nil }
            return value.text
        }
        // A value from the register's 默认 is reported once, with its first risk point.
        var unreported: [Diagnostic] = []
        func report(_ field: RiskField) -> Bool { row.fields[field] != nil || row.position == table.risks.first?.position }
        let status =
            fields[.status].flatMap {
                report(.status)
                    ? ReviewFields.status($0.asText, diagnostics: &diagnostics) : ReviewFields.status($0.asText, diagnostics: &unreported)
            } ?? .active
        let reviewed = fields[.reviewed].flatMap {
            report(.reviewed)
                ? ReviewFields.date($0.asText, diagnostics: &diagnostics) : ReviewFields.date($0.asText, diagnostics: &unreported)
        }
        let reviewCycle = fields[.reviewCycle].flatMap {
            report(.reviewCycle)
                ? ReviewFields.cycle($0.asText, diagnostics: &diagnostics) : ReviewFields.cycle($0.asText, diagnostics: &unreported)
        }
        return RiskPoint(
            id: id, sequence: optionalText(.sequence), text: text, manifestations: manifestations, level: level,
            category: optionalText(.category), domainID: domainID, unitIDs: unitIDs, postID: postID, powerID: powerID,
            matter: optionalText(.matter).map(joinLines), person: optionalText(.person).map(joinLines),
            measures: measures, isPublic: isPublic, note: optionalText(.note), extras: row.extras, tableID: tableID,
            location: row.location, status: status, reviewed: reviewed, reviewCycle: reviewCycle)
    }

    // MARK: - Documents

    private mutating func linkDocument(_ draft: DocumentDraft, register: Register) {
        let id = draft.id?.value ?? draft.derivedID
        if let first = documents[id] {
            diagnostics.append(
                .error(
                    at: draft.id?.location ?? draft.location, field: "id", value: id, "two documents have this id",
                    hint: "the other is \(first.location.file); give one an `编号:` of its own"))
            return
        }
        var parts: [Document.Part] = []
        for part in draft.parts {
            switch part {
            case .html(let html):
                parts.append(.html(html))
            case .riskTable(let filterDraft):
                guard let filterDraft, let (filter, columns) = linkFilter(filterDraft) else { continue }
                let selected = register.select(filter)
                if selected.isEmpty {
                    diagnostics.append(
                        .warning(at: filterDraft.location, "the risks block selects no risk point", hint: "check the filter's values"))
                }
                parts.append(.riskTable(riskIDs: selected, filter: filter, columns: columns))
            case .flow(let flow):
                if let flow, let linked = flows[flow.id?.value ?? flow.derivedID], linked.documentID == id {
                    parts.append(.flow(id: linked.id))
                }
            }
        }
        documents[id] = Document(
            id: id, title: draft.title, unitID: draft.unit.flatMap { resolveUnit($0, scope: nil) },
            domainID: draft.domain.flatMap { resolve($0, with: domainResolver, kind: "domain", inScope: nil) },
            order: draft.order ?? 0, isPublic: draft.isPublic, parts: parts, links: draft.links, location: draft.location)
    }

    // MARK: - Flows

    /// A flow as linked before from the same draft, when the organisation is the same and every risk
    /// point it names still exists; otherwise linked now (and kept, when it named no unknown one).
    private mutating func linkKeptFlow(_ draft: FlowDraft) {
        guard let cache = linkCache else { return linkFlow(draft) }
        let id = draft.id?.value ?? draft.derivedID
        let linked: (flow: Flow, diagnostics: [Diagnostic])
        // Kept only when every risk point it named was found (once each), so its steps' ids are what it names.
        if let kept = cache.linked(draft), kept.flow.steps.allSatisfy({ $0.riskIDs.allSatisfy { risks[$0]?.status == .active } }) {
            linked = kept
        } else {
            var alone = self
            alone.diagnostics = []
            alone.flows = [:]
            alone.linkFlow(draft)
            guard let flow = alone.flows[id] else { return linkFlow(draft) }
            linked = (flow, alone.diagnostics)
            let named = draft.steps.reduce(0) { $0 + $1.risks.count }
            if flow.steps.reduce(0, { $0 + $1.riskIDs.count }) == named { cache.keep(linked, for: draft) }
        }
        if isDuplicateFlow(draft, id: id) { return }
        diagnostics += linked.diagnostics
        flows[id] = linked.flow
    }

    /// Reports a flow whose id an earlier flow has; true when it is one.
    private mutating func isDuplicateFlow(_ draft: FlowDraft, id: String) -> Bool {
        guard let first = flows[id] else { return false }
        diagnostics.append(
            .error(
                at: draft.id?.location ?? draft.location, field: draft.id?.key ?? "id", value: id,
                "two flows have this id", hint: "the first is at \(first.location); give one an `编号:` of its own"))
        return true
    }

    private mutating func linkFlow(_ draft: FlowDraft) {
        let id = draft.id?.value ?? draft.derivedID
        if isDuplicateFlow(draft, id: id) { return }
        let unitIDs = draft.units.compactMap { resolveUnit($0, scope: nil) }
        let postID = draft.post.flatMap { resolve($0, with: postResolver, kind: "post", inScope: nil) }
        let powerID = draft.power.flatMap { resolve($0, with: powerResolver, kind: "power", inScope: nil) }

        // Steps: ids, kinds, lanes.
        var steps: [Flow.Step] = []
        var stepIndex: [String: Int] = [:]
        for step in draft.steps {
            let stepID = step.id?.value ?? "s\(step.position)"
            if stepIndex[stepID] != nil {
                diagnostics.append(
                    .error(
                        at: step.id?.location ?? step.location, field: step.id?.key ?? "id", value: stepID,
                        "two steps of the flow have this id", hint: "step ids must be unique within a flow"))
                continue
            }
            var kind = Flow.StepKind.task
            if let written = step.kind, !written.value.isEmpty {
                if let found = Self.stepKind(written.value) {
                    kind = found
                } else {
                    diagnostics.append(
                        .error(
                            at: written.location, field: written.key, value: written.value, "not a kind of step",
                            hint: "kinds: 开始 start, 办理 task, 判断 decision, 文档 document, 子流程 subprocess, 结束 end"))
                }
            }
            stepIndex[stepID] = steps.count
            steps.append(
                Flow.Step(
                    id: stepID, label: step.label, kind: kind, lane: step.lane?.value.nonEmpty, note: step.note,
                    timeLimit: step.timeLimit, basis: step.basis, riskIDs: [], location: step.location))
        }
        var lanes: [String] = []
        if let declared = draft.lanes {
            lanes = declared.value
            for (index, step) in draft.steps.enumerated() where index < steps.count {
                if let lane = step.lane, !lane.value.isEmpty, !lanes.contains(lane.value) {
                    diagnostics.append(
                        .error(
                            at: lane.location, field: lane.key, value: lane.value, "not one of the flow's lanes",
                            hint: "泳道: \(lanes.joined(separator: ", "))"))
                    steps[index].lane = nil
                }
            }
        } else {
            for step in steps {
                if let lane = step.lane, !lanes.contains(lane) { lanes.append(lane) }
            }
        }
        if !lanes.isEmpty {
            // A step without an actor stays in the lane of the step before it.
            var current = steps.first(where: { $0.lane != nil })?.lane ?? lanes[0]
            for index in steps.indices {
                if let lane = steps[index].lane { current = lane } else { steps[index].lane = current }
            }
        }

        // Links: the next step written, unless the step says where it goes.
        var links: [Flow.Link] = []
        var seenLinks: Set<String> = []
        func add(_ link: Flow.Link) {
            if seenLinks.insert("\(link.from)\u{0}\(link.to)").inserted { links.append(link) }
        }
        for (index, step) in draft.steps.enumerated() where index < steps.count {
            let from = steps[index].id
            guard let next = step.next else {
                if steps[index].kind != .end, index + 1 < steps.count {
                    add(Flow.Link(from: from, to: steps[index + 1].id, isSequence: true))
                }
                continue
            }
            for branch in next {
                if let target = stepIndex[branch.to.value] {
                    add(Flow.Link(from: from, to: steps[target].id, label: branch.label))
                } else if let target = steps.firstIndex(where: { $0.label == branch.to.value }),
                    steps.filter({ $0.label == branch.to.value }).count == 1
                {
                    add(Flow.Link(from: from, to: steps[target].id, label: branch.label))
                } else {
                    diagnostics.append(
                        .error(
                            at: branch.to.location, field: branch.to.key, value: branch.to.value,
                            "no step of this flow has this id",
                            hint: "step ids: \(steps.map(\.id).prefix(12).joined(separator: ", "))"))
                }
            }
        }

        // Risk points on steps.
        for (index, step) in draft.steps.enumerated() where index < steps.count {
            for reference in step.risks {
                if let risk = risks[reference.value], risk.status == .withdrawn {
                    diagnostics.append(
                        .warning(
                            at: reference.location, field: reference.key, value: reference.value,
                            "the risk point is withdrawn (已撤销); the flow chart leaves it out",
                            hint: "remove it from this step, or set its 状态 back to 在用 at \(risk.location)"))
                } else if risks[reference.value] != nil {
                    if !steps[index].riskIDs.contains(reference.value) { steps[index].riskIDs.append(reference.value) }
                } else {
                    let close = risks.keys.filter { $0.hasPrefix(reference.value.split(separator: "-").first.map(String.init) ?? "") }
                    diagnostics.append(
                        .error(
                            at: reference.location, field: reference.key, value: reference.value, "no risk point has this id",
                            hint: close.isEmpty
                                ? "risk points are listed in registers/; write the risk in place with 风险点: and 防控措施: to add it here"
                                : "similar ids: \(close.prefix(6).joined(separator: ", "))"))
                }
            }
        }

        // Where it starts, and what cannot be reached from there.
        var starts = steps.filter { $0.kind == .start }.map(\.id)
        if starts.isEmpty, let first = steps.first { starts = [first.id] }
        var reached = Set(starts)
        var queue = starts
        var outgoing: [String: [String]] = [:]
        for link in links { outgoing[link.from, default: []].append(link.to) }
        while let current = queue.popLast() {
            for next in outgoing[current] ?? [] where reached.insert(next).inserted { queue.append(next) }
        }
        for step in steps where !reached.contains(step.id) {
            diagnostics.append(
                .warning(
                    at: step.location, field: "名称", value: step.label, "no path from the start reaches this step",
                    hint: "give the step before it a `去向:` that includes \(step.id), or mark it `类型: 开始`"))
        }

        flows[id] = Flow(
            id: id, title: draft.title, unitIDs: unitIDs, postID: postID, powerID: powerID, lanes: lanes, note: draft.note,
            isPublic: draft.isPublic, steps: steps, links: links, startIDs: starts, documentID: draft.documentID,
            location: draft.location)
    }

    static func stepKind(_ text: String) -> Flow.StepKind? {
        switch text.trimmed(.whitespaces).lowercased() {
        case "start", "开始", "起点": return .start
        case "task", "办理", "任务", "步骤", "环节", "": return .task
        case "decision", "判断", "决策", "审核判断", "条件": return .decision
        case "document", "文档", "文件", "文书": return .document
        case "end", "结束", "终点", "办结": return .end
        case "subprocess", "子流程": return .subprocess
        default: return nil
        }
    }

    // MARK: - Disclosures

    private mutating func linkDisclosure(_ draft: DisclosureDraft, publicRegister: Register) {
        let id = draft.id?.value ?? draft.derivedID
        if let first = disclosures[id] {
            diagnostics.append(
                .error(
                    at: draft.id?.location ?? draft.location, field: "编号", value: id, "two disclosures have this id",
                    hint: "the other is \(first.location.file)"))
            return
        }
        guard var scope = draft.scope else { return }
        // 单位 may list several units: the disclosure covers any of them.
        var unitIDs: [String] = []
        if let units = scope.fields.removeValue(forKey: .unit) {
            for name in units.value.names {
                if let unit = resolveUnit(Located(value: name, location: units.location, key: units.key), scope: nil) {
                    unitIDs.append(unit)
                }
            }
        }
        guard let (filter, columns) = linkFilter(scope) else { return }
        var selected: [String]
        if unitIDs.isEmpty {
            selected = publicRegister.select(filter)
        } else {
            var chosen: Set<String> = []
            for unit in unitIDs {
                var one = filter
                one.unitID = unit
                chosen.formUnion(publicRegister.select(one))
            }
            selected = publicRegister.risks.keys.filter(chosen.contains)
        }
        if selected.isEmpty, draft.edition == nil {
            diagnostics.append(.warning(at: scope.location, "the disclosure selects no public risk point", hint: "check its 范围"))
        }
        let defaults = site.disclosureDefaults
        guard let start = draft.start else {
            diagnostics.append(
                .error(at: draft.location, field: "公示开始", "the disclosure has no start date", hint: "e.g. `公示开始: 2026-11-23`"))
            return
        }
        let end = draft.end ?? start.adding(days: max(1, draft.days ?? defaults.days) - 1)
        if end < start {
            diagnostics.append(
                .error(at: draft.location, field: "公示结束", value: end.description, "the period ends before it starts", hint: nil))
            return
        }
        let issuer = draft.issuer ?? defaults.issuer ?? site.organisation
        if issuer.isEmpty {
            diagnostics.append(
                .error(at: draft.location, field: "落款", "the disclosure names no issuing body", hint: "add `落款: …` here or under 公示 in site.yaml"))
        }
        let contacts = draft.contacts.over(defaults.contacts)
        if contacts.isEmpty {
            diagnostics.append(
                .error(
                    at: draft.location, field: "联系方式", "the disclosure gives no way to report",
                    hint: "add 联系方式 (监督举报电话, 电子邮箱, 意见箱 …) here or under 公示 in site.yaml"))
        }
        disclosures[id] = Disclosure(
            id: id, title: draft.title, filter: filter, unitIDs: unitIDs, issuer: issuer, issueDate: draft.issueDate ?? start,
            start: start, end: end, contacts: contacts, preface: draft.preface, notes: draft.notes,
            paper: draft.paper ?? defaults.paper, columns: columns, riskIDs: selected, location: draft.location)
        disclosures[id]?.edition = draft.edition?.value
        disclosures[id]?.editionLocation = draft.edition?.location
    }

    private mutating func linkFilter(_ draft: FilterDraft) -> (RiskFilter, Set<RiskColumn>?)? {
        var filter = RiskFilter()
        var columns: Set<RiskColumn>?
        var ok = true
        for (field, value) in draft.fields.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let text = value.value.text
            let single = Located(value: text, location: value.location, key: value.key)
            switch field {
            case .table:
                if tables[text] != nil {
                    filter.tableID = text
                } else {
                    ok = false
                    diagnostics.append(
                        .error(
                            at: value.location, field: value.key, value: text, "no register has this id",
                            hint: nearby(text, among: Array(tables.keys), what: "registers")))
                }
            case .ids:
                let ids = value.value.names
                for missing in ids where risks[missing] == nil {
                    ok = false
                    diagnostics.append(
                        .error(at: value.location, field: value.key, value: missing, "no risk point has this id", hint: nil))
                }
                for id in ids {
                    guard let risk = risks[id], risk.status == .withdrawn else { continue }
                    diagnostics.append(
                        .warning(
                            at: value.location, field: value.key, value: id, "the risk point is withdrawn (已撤销); the table leaves it out",
                            hint: "remove its id here, or set its 状态 back to 在用 at \(risk.location)"))
                }
                filter.riskIDs = ids
            case .unit:
                if let unit = resolveUnit(single, scope: nil) { filter.unitID = unit } else { ok = false }
            case .domain:
                if let domain = resolve(single, with: domainResolver, kind: "domain", inScope: nil) {
                    filter.domainID = domain
                } else { ok = false }
            case .post:
                if let post = resolve(single, with: postResolver, kind: "post", inScope: nil) {
                    filter.postID = post
                } else { ok = false }
            case .power:
                if let power = resolve(single, with: powerResolver, kind: "power", inScope: nil) {
                    filter.powerID = power
                } else { ok = false }
            case .columns:
                var chosen: Set<RiskColumn> = []
                for name in value.value.names {
                    if let column = RiskColumn(named: name) {
                        chosen.insert(column)
                    } else {
                        ok = false
                        diagnostics.append(
                            .error(
                                at: value.location, field: value.key, value: name, "not a column of the risk table",
                                hint: "columns: " + RiskColumn.allCases.map(\.header).joined(separator: ", ")))
                    }
                }
                columns = chosen
            case .level:
                if text == LevelRating.unratedLabel || text == LevelKey.unratedID {
                    filter.levelID = LevelKey.unratedID
                } else if let level = site.levelSchemes.lazy.compactMap({ $0.level(named: text) }).first {
                    filter.levelID = level.id
                } else {
                    ok = false
                    diagnostics.append(unknownLevel(single, scheme: nil))
                }
            }
        }
        return ok ? (filter, columns) : nil
    }

    // MARK: - Helpers

    /// Records an id as taken; reports a duplicate and returns false if it already was.
    private mutating func claim(_ id: Located<String>, in taken: Bool, firstAt: SourceLocation?, kind: String) -> Bool {
        guard taken else { return true }
        diagnostics.append(
            .error(
                at: id.location, field: id.key, value: id.value, "two \(kind)s have this id",
                hint: firstAt.map { "the first is at \($0)" }))
        return false
    }

    private mutating func checkScheme(_ value: Located<String>?) -> String? {
        guard let value, !value.value.isEmpty else { return nil }
        guard schemes[value.value] != nil else {
            diagnostics.append(
                .error(
                    at: value.location, field: value.key, value: value.value, "no level scheme has this id",
                    hint: "schemes in site.yaml: \(site.levelSchemes.map(\.id).joined(separator: ", "))"))
            return nil
        }
        return value.value
    }

    private func unknownLevel(_ value: Located<String>, scheme: LevelScheme?) -> Diagnostic {
        let known = scheme.map { scheme in
            "levels of \(scheme.name): " + scheme.levels.map(\.label).joined(separator: ", ") + "; or leave it blank for 未定级"
        }
        return .error(
            at: value.location, field: value.key, value: value.value,
            scheme.map { "not a level of the scheme \($0.id)" } ?? "not a level of any scheme", hint: known)
    }

    private func levelSchemeID(table: String?, domain: String?, units: [String], scope: String?) -> String {
        if let table { return table }
        if let domain, let scheme = domains[domain]?.levelSchemeID { return scheme }
        for unit in units {
            if let scheme = self.units.levelSchemeID(inheritedBy: unit) { return scheme }
        }
        if let scope, let scheme = self.units.levelSchemeID(inheritedBy: scope) { return scheme }
        return site.defaultLevelSchemeID
    }

    private mutating func subtree(_ unitID: String) -> Set<String> {
        if let cached = subtreeCache[unitID] { return cached }
        let result = Set(units.subtree(of: unitID))
        subtreeCache[unitID] = result
        return result
    }

    private mutating func resolveUnit(_ reference: Located<String>, scope: String?) -> String? {
        let inScope: ((String) -> Bool)?
        if let scope {
            let tree = subtree(scope)
            inScope = { tree.contains($0) }
        } else {
            inScope = nil
        }
        return resolve(reference, with: unitResolver, kind: "unit", inScope: inScope)
    }

    private mutating func resolve(
        _ reference: Located<String>, with resolver: Resolver, kind: String, inScope: ((String) -> Bool)?
    ) -> String? {
        switch resolver.resolve(reference.value, inScope: inScope) {
        case .found(let id):
            return id
        case .missing:
            diagnostics.append(
                .error(
                    at: reference.location, field: reference.key, value: reference.value, "no \(kind) has this id or name",
                    hint: nearby(reference.value, among: resolver.names, what: "\(kind)s")
                        + (kind == "unit" ? "; units are declared in units/*.yaml" : "")))
            return nil
        case .ambiguous(let ids):
            diagnostics.append(
                .error(
                    at: reference.location, field: reference.key, value: reference.value,
                    "more than one \(kind) has this name", hint: "write the id instead: \(ids.joined(separator: ", "))"))
            return nil
        }
    }

    /// A hint naming the known entries that share a character with the value.
    private func nearby(_ value: String, among names: [String], what: String) -> String {
        let characters = Set(value)
        let close = names.filter { !Set($0).isDisjoint(with: characters) }.prefix(8)
        if close.isEmpty { return names.isEmpty ? "there are no \(what)" : "known \(what): \(names.prefix(8).joined(separator: ", "))" }
        return "similar \(what): \(close.joined(separator: ", "))"
    }
}

/// Joins the lines of a cell such as "科室\n负责人" the way they read: without a space
/// between Chinese characters, with one between Latin words.
func joinLines(_ text: String) -> String {
    let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmed(.whitespaces) }.filter { !$0.isEmpty }
    guard var result = lines.first else { return "" }
    for line in lines.dropFirst() {
        if let last = result.last, let first = line.first, last.isASCII, first.isASCII { result += " " }
        result += line
    }
    return result
}

extension Located where Value == RawValue {
    /// The value as one text, keeping its place and key.
    var asText: Located<String> { Located<String>(value: value.text, location: location, key: key) }
}

/// One register linked on its own: what `Linker.linkTables` merges.
struct LinkedTable: Sendable {
    var table: RiskTable?
    var risks: [RiskPoint]
    var diagnostics: [Diagnostic]
    var idSites: [String: (location: SourceLocation, key: String)]
}

/// Registers and flows as linked by the last load, kept by `ContentLoader.Cache` for the next: a
/// register whose draft is the same, in an organisation (units, domains, posts, powers, site
/// settings) that is the same, links to the same risk points; a flow likewise, while every risk
/// point it names is still there.
final class LinkCache: @unchecked Sendable {
    struct Environment: Equatable {
        var site: SiteConfig
        var units: OrderedDictionary<String, RiskModel.Unit>
        var domains: OrderedDictionary<String, Domain>
        var posts: OrderedDictionary<String, Post>
        var powers: OrderedDictionary<String, Power>
    }

    private let lock = NSLock()
    private var environment: Environment?
    private var kept: [String: (draft: TableDraft, linked: LinkedTable)] = [:]
    private var keptFlows: [String: (draft: FlowDraft, flow: Flow, diagnostics: [Diagnostic])] = [:]

    /// Begins a linking run in `environment`: what was linked in another one is dropped.
    func start(in environment: Environment) {
        lock.lock()
        defer { lock.unlock() }
        if self.environment != environment {
            self.environment = environment
            kept = [:]
            keptFlows = [:]
        }
    }

    /// The register as linked before from the same draft, in this run's environment.
    func linked(_ draft: TableDraft) -> LinkedTable? {
        lock.lock()
        let entry = kept[draft.file]
        lock.unlock()
        guard let entry, entry.draft == draft else { return nil }
        return entry.linked
    }

    func keep(_ linked: LinkedTable, for draft: TableDraft) {
        lock.lock()
        defer { lock.unlock() }
        kept[draft.file] = (draft, linked)
    }

    /// The flow as linked before from the same draft, in this run's environment.
    func linked(_ draft: FlowDraft) -> (flow: Flow, diagnostics: [Diagnostic])? {
        lock.lock()
        let entry = keptFlows[Self.key(draft)]
        lock.unlock()
        guard let entry, entry.draft == draft else { return nil }
        return (entry.flow, entry.diagnostics)
    }

    func keep(_ linked: (flow: Flow, diagnostics: [Diagnostic]), for draft: FlowDraft) {
        lock.lock()
        defer { lock.unlock() }
        keptFlows[Self.key(draft)] = (draft, linked.flow, linked.diagnostics)
    }

    /// A file can hold several flows (a document's), each with its own id.
    private static func key(_ draft: FlowDraft) -> String {
        "\(draft.location.file)\u{0}\(draft.id?.value ?? draft.derivedID)"
    }
}
