import OrderedCollections

/// The organisation's whole risk register (风险登记册): everything the Content folder
/// says, linked by id. Built once by RiskContent, then only read.
///
/// Every collection is keyed by id, and the indexes below are built once in `init`,
/// so lookups never scan.
public struct Register: Sendable {
    public let site: SiteConfig
    public let units: OrderedDictionary<String, Unit>
    public let domains: OrderedDictionary<String, Domain>
    public let posts: OrderedDictionary<String, Post>
    public let powers: OrderedDictionary<String, Power>
    public let tables: OrderedDictionary<String, RiskTable>
    /// The risk points in use (在用), in Content order: every list, count, table, flow and search
    /// index is made of these.
    public let risks: OrderedDictionary<String, RiskPoint>
    /// Every risk point, withdrawn ones too, in Content order: each has a page at its address, and
    /// the editable export keeps them all. The same storage as `risks` when none is withdrawn.
    public let allRisks: OrderedDictionary<String, RiskPoint>
    /// The withdrawn risk points (已撤销), in Content order.
    public let withdrawnRisks: OrderedDictionary<String, RiskPoint>
    public private(set) var documents: OrderedDictionary<String, Document>
    public private(set) var disclosures: OrderedDictionary<String, Disclosure>
    public let flows: OrderedDictionary<String, Flow>

    public let schemes: [String: LevelScheme]
    /// Risk ids owned directly by each unit (not its children).
    public let risksByUnit: [String: [String]]
    public let risksByPost: [String: [String]]
    public let risksByPower: [String: [String]]
    public let risksByDomain: [String: [String]]
    /// Risk ids by 风险类别, and the categories in the order they first appear.
    public let risksByCategory: [String: [String]]
    public let categories: [String]
    /// Key: `LevelKey`.
    public let risksByLevel: [LevelKey: [String]]
    public let postsByUnit: [String: [String]]
    public let powersByUnit: [String: [String]]
    /// Flow ids by the risk points on their steps, and by their unit, post and power.
    public let flowsByRisk: [String: [String]]
    public let flowsByUnit: [String: [String]]
    public let flowsByPost: [String: [String]]
    public let flowsByPower: [String: [String]]
    /// Units without a parent, in Content order.
    public let rootUnitIDs: [String]

    public init(
        site: SiteConfig, units: OrderedDictionary<String, Unit>, domains: OrderedDictionary<String, Domain>,
        posts: OrderedDictionary<String, Post>, powers: OrderedDictionary<String, Power>,
        tables: OrderedDictionary<String, RiskTable>, risks: OrderedDictionary<String, RiskPoint>,
        documents: OrderedDictionary<String, Document>, disclosures: OrderedDictionary<String, Disclosure> = [:],
        flows: OrderedDictionary<String, Flow> = [:]
    ) {
        self.disclosures = disclosures
        self.site = site
        self.units = units
        self.domains = domains
        self.posts = posts
        self.powers = powers
        self.documents = documents
        allRisks = risks
        // A withdrawn point stays at its address and leaves every list: the tables and flows name
        // only the points in use. With none withdrawn (the usual case) nothing is copied.
        let withdrawn = risks.filter { $0.value.status == .withdrawn }
        withdrawnRisks = withdrawn
        var inUse = risks
        var listedTables = tables
        var drawnFlows = flows
        if !withdrawn.isEmpty {
            inUse = risks.filter { $0.value.status != .withdrawn }
            for key in listedTables.keys { listedTables[key]!.riskIDs.removeAll { withdrawn[$0] != nil } }
            for key in drawnFlows.keys {
                for step in drawnFlows[key]!.steps.indices { drawnFlows[key]!.steps[step].riskIDs.removeAll { withdrawn[$0] != nil } }
            }
        }
        self.tables = listedTables
        self.flows = drawnFlows
        self.risks = inUse
        let activeRisks = inUse
        let linkedFlows = drawnFlows
        schemes = Dictionary(site.levelSchemes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        // Three independent sets of indexes, built side by side (a province has 20,000 risk points).
        enum Part: Sendable {
            case people(byUnit: [String: [String]], byPost: [String: [String]], byPower: [String: [String]])
            case kinds(
                byDomain: [String: [String]], byLevel: [LevelKey: [String]], byCategory: [String: [String]], categories: [String])
            case flows(byRisk: [String: [String]], byUnit: [String: [String]], byPost: [String: [String]], byPower: [String: [String]])
        }
        let parts = parallelMap([0, 1, 2]) { part -> Part in
            switch part {
            case 0:
                var byUnit: [String: [String]] = [:]
                var byPost: [String: [String]] = [:]
                var byPower: [String: [String]] = [:]
                for risk in activeRisks.values {
                    for unit in risk.unitIDs { byUnit[unit, default: []].append(risk.id) }
                    if let post = risk.postID { byPost[post, default: []].append(risk.id) }
                    if let power = risk.powerID { byPower[power, default: []].append(risk.id) }
                }
                return .people(byUnit: byUnit, byPost: byPost, byPower: byPower)
            case 1:
                var byDomain: [String: [String]] = [:]
                var byLevel: [LevelKey: [String]] = [:]
                var byCategory: [String: [String]] = [:]
                var categories: [String] = []
                for risk in activeRisks.values {
                    if let category = risk.category, !category.isEmpty {
                        if byCategory[category] == nil { categories.append(category) }
                        byCategory[category, default: []].append(risk.id)
                    }
                    if let domain = risk.domainID { byDomain[domain, default: []].append(risk.id) }
                    byLevel[LevelKey(risk.level), default: []].append(risk.id)
                }
                return .kinds(byDomain: byDomain, byLevel: byLevel, byCategory: byCategory, categories: categories)
            default:
                var byRisk: [String: [String]] = [:]
                var byUnit: [String: [String]] = [:]
                var byPost: [String: [String]] = [:]
                var byPower: [String: [String]] = [:]
                for flow in linkedFlows.values {
                    for risk in flow.riskIDs { byRisk[risk, default: []].append(flow.id) }
                    for unit in flow.unitIDs { byUnit[unit, default: []].append(flow.id) }
                    if let post = flow.postID { byPost[post, default: []].append(flow.id) }
                    if let power = flow.powerID { byPower[power, default: []].append(flow.id) }
                }
                return .flows(byRisk: byRisk, byUnit: byUnit, byPost: byPost, byPower: byPower)
            }
        }
        guard case .people(let byUnit, let byPost, let byPower) = parts[0],
            case .kinds(let byDomain, let byLevel, let byCategory, let categories) = parts[1],
            case .flows(let flowsByRisk, let flowsByUnit, let flowsByPost, let flowsByPower) = parts[2]
        else { preconditionFailure("the parts come back in order") }
        risksByUnit = byUnit
        risksByPost = byPost
        risksByPower = byPower
        risksByDomain = byDomain
        risksByCategory = byCategory
        self.categories = categories
        risksByLevel = byLevel
        postsByUnit = Dictionary(grouping: posts.values.filter { $0.unitID != nil }, by: { $0.unitID! })
            .mapValues { $0.map(\.id) }
        powersByUnit = Dictionary(grouping: powers.values.filter { $0.unitID != nil }, by: { $0.unitID! })
            .mapValues { $0.map(\.id) }
        rootUnitIDs = units.values.filter { $0.parentID == nil }.map(\.id)
        self.flowsByRisk = flowsByRisk
        self.flowsByUnit = flowsByUnit
        self.flowsByPost = flowsByPost
        self.flowsByPower = flowsByPower
    }

    /// The same register with these documents and disclosures (no index depends on them, so none
    /// is built again).
    public func with(
        documents: OrderedDictionary<String, Document>, disclosures: OrderedDictionary<String, Disclosure>
    ) -> Register {
        var register = self
        register.documents = documents
        register.disclosures = disclosures
        return register
    }

    // MARK: - Public

    /// What may be published: entries marked `public: false` removed everywhere (tables,
    /// documents' risk tables), documents marked `public: false` removed, and the fields
    /// the site keeps internal emptied. Every public output is rendered from this.
    public func publicView() -> Register {
        let hidden = site.internalFields
        var publicRisks: OrderedDictionary<String, RiskPoint> = [:]
        for risk in allRisks.values where risk.isPublic {
            var copy = risk
            if hidden.contains(.person) { copy.person = nil }
            if hidden.contains(.note) { copy.note = nil }
            if hidden.contains(.matter) { copy.matter = nil }
            if hidden.contains(.category) { copy.category = nil }
            if hidden.contains(.extras) { copy.extras = [] }
            publicRisks[risk.id] = copy
        }
        let keep = { (ids: [String]) in ids.filter { publicRisks[$0] != nil } }
        var publicTables = tables
        for key in publicTables.keys { publicTables[key]!.riskIDs = keep(publicTables[key]!.riskIDs) }
        var publicDocuments: OrderedDictionary<String, Document> = [:]
        let internalDocuments = Set(documents.values.filter { !$0.isPublic }.map(\.id))
        for document in documents.values where document.isPublic {
            var copy = document
            copy.parts = document.parts.compactMap { part in
                switch part {
                case .riskTable(let ids, let filter, let columns):
                    return .riskTable(riskIDs: keep(ids), filter: filter, columns: columns)
                case .flow(let id):
                    return flows[id]?.isPublic == true ? part : nil
                case .html(let html):
                    return .html(Document.unlinking(internalDocuments, in: html))
                }
            }
            copy.links = document.links.filter { !internalDocuments.contains($0.documentID) }
            publicDocuments[document.id] = copy
        }
        var publicFlows: OrderedDictionary<String, Flow> = [:]
        for flow in flows.values where flow.isPublic && (flow.documentID.map { publicDocuments[$0] != nil } ?? true) {
            var copy = flow
            for index in copy.steps.indices { copy.steps[index].riskIDs = keep(copy.steps[index].riskIDs) }
            publicFlows[flow.id] = copy
        }
        var publicDisclosures = disclosures
        for key in publicDisclosures.keys { publicDisclosures[key]!.riskIDs = keep(publicDisclosures[key]!.riskIDs) }
        return Register(
            site: site, units: units, domains: domains, posts: posts, powers: powers, tables: publicTables,
            risks: publicRisks, documents: publicDocuments, disclosures: publicDisclosures, flows: publicFlows)
    }

    // MARK: - Review (复核)

    /// The 复核日期 that applies to a risk point: its own, else its register's; nil when neither says.
    public func reviewDate(of risk: RiskPoint) -> ReviewDate? {
        risk.reviewed ?? tables[risk.tableID]?.reviewed
    }

    /// The 复核周期 that applies: the point's, else its register's, else the site's.
    public func reviewCycle(of risk: RiskPoint) -> ReviewCycle {
        risk.reviewCycle ?? tables[risk.tableID]?.reviewCycle ?? site.reviewCycle
    }

    /// Where the risk point stands with its review on `day`: overdue once the day is past its last
    /// review plus its cycle. No date written anywhere is `unrecorded`, never overdue.
    public func review(of risk: RiskPoint, on day: Day) -> ReviewState {
        guard let reviewed = reviewDate(of: risk) else { return .unrecorded }
        let due = reviewed.day.adding(months: reviewCycle(of: risk).months)
        return due < day ? .overdue(reviewed: reviewed, due: due) : .current(reviewed: reviewed, due: due)
    }

    /// The risk points in use that are overdue for review on `day`, in register order.
    public func overdueReviews(on day: Day) -> [String] {
        risks.values.filter { review(of: $0, on: day).isOverdue }.map(\.id)
    }

    // MARK: - Levels

    /// The scheme and level of a risk point, or nil when it is 未定级.
    public func level(of risk: RiskPoint) -> (scheme: LevelScheme, level: Level)? {
        guard case .rated(let schemeID, let levelID) = risk.level, let scheme = schemes[schemeID],
            let level = scheme.levels.first(where: { $0.id == levelID })
        else { return nil }
        return (scheme, level)
    }

    /// The scheme a unit's risks use: its own, else its nearest ancestor's.
    public func levelSchemeID(forUnit unitID: String) -> String? {
        units.levelSchemeID(inheritedBy: unitID)
    }

    // MARK: - Units

    /// The unit and all units below it, depth first, in Content order.
    public func subtree(ofUnit unitID: String) -> [String] {
        units.subtree(of: unitID)
    }

    /// The units from the root down to this one (inclusive).
    public func ancestry(ofUnit unitID: String) -> [String] {
        var chain: [String] = []
        var current: String? = unitID
        var seen: Set<String> = []
        while let id = current, let unit = units[id], seen.insert(id).inserted {
            chain.append(id)
            current = unit.parentID
        }
        return chain.reversed()
    }

    /// Risk ids owned by the unit or any unit below it, in register order, each once.
    public func risks(inUnitTree unitID: String) -> [String] {
        // Each id's place looked up once, then sorted by place (not two lookups per comparison).
        let tree = Set(subtree(ofUnit: unitID)).map { (place: units.index(forKey: $0) ?? 0, id: $0) }
        var seen: Set<String> = []
        var places: [(place: Int, id: String)] = []
        for unit in tree.sorted(by: { $0.place < $1.place }) {
            for risk in risksByUnit[unit.id] ?? [] where seen.insert(risk).inserted {
                places.append((risks.index(forKey: risk) ?? 0, risk))
            }
        }
        return places.sorted { $0.place < $1.place }.map(\.id)
    }

    // MARK: - Filters

    /// The risk points a filter selects, in register order.
    public func select(_ filter: RiskFilter) -> [String] {
        var candidates: [String]
        if let ids = filter.riskIDs {
            candidates = ids.filter { risks[$0] != nil }
        } else if let table = filter.tableID {
            candidates = tables[table]?.riskIDs ?? []
        } else if let unit = filter.unitID {
            candidates = risks(inUnitTree: unit)
        } else {
            candidates = Array(risks.keys)
        }
        let unitTree = filter.unitID.map { Set(subtree(ofUnit: $0)) }
        return candidates.filter { id in
            guard let risk = risks[id] else { return false }
            if let table = filter.tableID, risk.tableID != table { return false }
            if let tree = unitTree, !risk.unitIDs.contains(where: tree.contains) { return false }
            if let domain = filter.domainID, risk.domainID != domain { return false }
            if let post = filter.postID, risk.postID != post { return false }
            if let power = filter.powerID, risk.powerID != power { return false }
            if let wanted = filter.levelID {
                switch risk.level {
                case .unrated: if wanted != LevelKey.unratedID { return false }
                case .rated(_, let level): if level != wanted { return false }
                }
            }
            return true
        }
    }
}

/// A level across schemes: scheme id + level id, or the 未定级 bucket.
public struct LevelKey: Hashable, Sendable {
    public static let unratedID = "unrated"
    public var schemeID: String
    public var levelID: String

    public init(schemeID: String, levelID: String) {
        self.schemeID = schemeID
        self.levelID = levelID
    }

    public init(_ rating: LevelRating) {
        switch rating {
        case .rated(let scheme, let level): self.init(schemeID: scheme, levelID: level)
        case .unrated: self.init(schemeID: "", levelID: LevelKey.unratedID)
        }
    }

    public var isUnrated: Bool { levelID == LevelKey.unratedID && schemeID.isEmpty }
}

extension OrderedDictionary where Key == String, Value == Unit {
    /// The scheme set on the unit, else on its nearest ancestor.
    public func levelSchemeID(inheritedBy unitID: String) -> String? {
        var current: String? = unitID
        var seen: Set<String> = []
        while let id = current, let unit = self[id], seen.insert(id).inserted {
            if let scheme = unit.levelSchemeID { return scheme }
            current = unit.parentID
        }
        return nil
    }

    /// The unit and all units below it, depth first, in Content order.
    public func subtree(of unitID: String) -> [String] {
        var result: [String] = []
        var stack = [unitID]
        var seen: Set<String> = []
        while let id = stack.popLast() {
            guard seen.insert(id).inserted, let unit = self[id] else { continue }
            result.append(id)
            stack.append(contentsOf: unit.childIDs.reversed())
        }
        return result
    }
}
