/// The register through its editions (版次): what each edition recorded and what changed between
/// them (变更记录). The archive holds the editions (RiskContent reads it, RiskSite writes it); this
/// file only compares.

/// One recorded edition: its name, the day it was recorded and the office's note.
public struct EditionInfo: Hashable, Sendable {
    /// As the office names it: 2026, 2026年版.
    public var name: String
    /// Safe for a path (the archive folder and the change page are named by it).
    public var id: String
    public var date: Day
    public var note: String

    public init(name: String, id: String, date: Day, note: String = "") {
        self.name = name
        self.id = id
        self.date = date
        self.note = note
    }
}

/// A risk point as an edition holds it: the fields whose changes the history tells, in display form
/// (a level's label, units by id and name), so an edition reads alone, whatever Content is now.
public struct RecordedRisk: Hashable, Sendable {
    public var id: String
    public var text: String
    /// The level's label; nil for 未定级.
    public var level: String?
    /// The level's place in its scheme, 0 the highest; nil for 未定级.
    public var levelRank: Int?
    public var unitIDs: [String]
    public var unitNames: [String]
    public var measures: [String]
    public var manifestations: [String]
    public var withdrawn: Bool
    public var isPublic: Bool

    public init(
        id: String, text: String, level: String? = nil, levelRank: Int? = nil, unitIDs: [String] = [], unitNames: [String] = [],
        measures: [String] = [], manifestations: [String] = [], withdrawn: Bool = false, isPublic: Bool = true
    ) {
        self.id = id
        self.text = text
        self.level = level
        self.levelRank = levelRank
        self.unitIDs = unitIDs
        self.unitNames = unitNames
        self.measures = measures
        self.manifestations = manifestations
        self.withdrawn = withdrawn
        self.isPublic = isPublic
    }
}

/// The risk points of one edition (or of the Content now), in register order.
public struct RecordedRegister: Hashable, Sendable {
    public var risks: [RecordedRisk]

    public init(risks: [RecordedRisk]) { self.risks = risks }

    /// The Content as it is now, in the same form as a recorded edition.
    public init(_ register: Register) {
        risks = register.allRisks.values.map { risk in
            let level = register.level(of: risk)
            return RecordedRisk(
                id: risk.id, text: risk.text, level: level?.level.label, levelRank: level.flatMap { $0.scheme.rank(of: $0.level.id) },
                unitIDs: risk.unitIDs, unitNames: risk.unitIDs.map { register.units[$0]?.name ?? $0 }, measures: risk.measures,
                manifestations: risk.manifestations, withdrawn: risk.status == .withdrawn, isPublic: risk.isPublic)
        }
    }

    /// Only what may be published: risk points public in this edition and not in `internalIDs`
    /// (the points internal in any edition or in the Content now, so that a point once made
    /// internal never shows in a public history, not even as removed).
    public func publicOnly(excluding internalIDs: Set<String>) -> RecordedRegister {
        RecordedRegister(risks: risks.filter { $0.isPublic && !internalIDs.contains($0.id) })
    }
}

/// A piece of a compared text: kept, inserted or deleted.
public struct TextChange: Hashable, Sendable {
    public enum Kind: String, Sendable { case same, inserted, deleted }
    public var kind: Kind
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    /// `old` and `new` compared character by character (Chinese has no spaces to compare words
    /// by): the shortest edit, runs of one kind joined.
    public static func compare(_ old: String, _ new: String) -> [TextChange] {
        let before = Array(old)
        let after = Array(new)
        let difference = after.difference(from: before)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var pieces: [TextChange] = []
        func add(_ kind: Kind, _ character: Character) {
            if pieces.last?.kind == kind {
                pieces[pieces.count - 1].text.append(character)
            } else {
                pieces.append(TextChange(kind, String(character)))
            }
        }
        // Walk both texts: deletions of the old text come before the insertions at the same place.
        var i = 0
        var j = 0
        while i < before.count || j < after.count {
            if i < before.count, removed.contains(i) {
                add(.deleted, before[i])
                i += 1
            } else if j < after.count, inserted.contains(j) {
                add(.inserted, after[j])
                j += 1
            } else {
                add(.same, after[j])
                i += 1
                j += 1
            }
        }
        return pieces
    }
}

/// What happened to one risk point between two editions.
public struct RiskChange: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// 新增
        case added
        /// 删除: gone from the register.
        case removed
        /// 撤销: kept, marked withdrawn.
        case withdrawn
        /// 恢复: withdrawn before, in use again.
        case reinstated
        /// 更换编号: another id, nearly the same text (a likely rename, not a removal and an addition).
        case renamed
        /// 调整等级
        case relevelled
        /// 调整责任主体
        case moved
        /// 修改表述: the 风险点 text, its measures or manifestations reworded.
        case reworded

        /// The label the pages and the terminal show.
        public var label: String {
            switch self {
            case .added: "新增"
            case .removed: "删除"
            case .withdrawn: "撤销"
            case .reinstated: "恢复"
            case .renamed: "更换编号"
            case .relevelled: "调整等级"
            case .moved: "调整责任主体"
            case .reworded: "修改表述"
            }
        }
    }

    /// In the order of `Kind.allCases`.
    public var kinds: [Kind]
    /// The id now (for a removed point, its last id).
    public var id: String
    /// The id before, for a renamed point.
    public var formerID: String?
    public var before: RecordedRisk?
    public var after: RecordedRisk?
    /// The 风险点 text compared, when it changed.
    public var text: [TextChange]
    /// The measures (防控措施, one per line) compared, when they changed.
    public var measures: [TextChange]
    /// The manifestations (表现形式, one per line) compared, when they changed.
    public var manifestations: [TextChange]

    public init(
        kinds: [Kind], id: String, formerID: String? = nil, before: RecordedRisk?, after: RecordedRisk?, text: [TextChange] = [],
        measures: [TextChange] = [], manifestations: [TextChange] = []
    ) {
        self.kinds = kinds
        self.id = id
        self.formerID = formerID
        self.before = before
        self.after = after
        self.text = text
        self.measures = measures
        self.manifestations = manifestations
    }
}

/// The changes from one edition to the next (or to the Content now).
public struct ChangeSet: Hashable, Sendable {
    /// Nil: the first edition, compared with nothing.
    public var from: EditionInfo?
    /// Nil: the Content as it is now.
    public var to: EditionInfo?
    /// Changed and added points in the new register's order, then removed ones in the old order.
    public var changes: [RiskChange]

    public init(from: EditionInfo?, to: EditionInfo?, changes: [RiskChange]) {
        self.from = from
        self.to = to
        self.changes = changes
    }

    /// How many changes are of each kind (a change of several kinds counts in each).
    public func count(_ kind: RiskChange.Kind) -> Int { changes.count { $0.kinds.contains(kind) } }

    /// "新增 5，撤销 3，…": the kinds that occur, in their order.
    public var summary: String {
        RiskChange.Kind.allCases.compactMap { kind in
            let count = count(kind)
            return count == 0 ? nil : "\(kind.label) \(count)"
        }.joined(separator: "，")
    }
}

public enum RegisterComparison {
    /// Two texts this alike (Dice coefficient of their character pairs) under different ids are
    /// taken for one risk point renamed.
    public static let renameSimilarity = 0.8
    /// Under one id, a text less alike than this is another risk point: an id made from a row's
    /// place is given to the next point when one is removed.
    public static let sameIDSimilarity = 0.3
    /// Above this many pairs of removed and added points, renames are matched by equal text only.
    static let pairLimit = 1_000_000

    /// Every change from `old` to `new`. A risk point is the same point under the same id; but ids
    /// a register derives from a row's place shift when a row above is removed, so points are paired
    /// in this order: the same id and text; the same text under another id (renamed); the same id
    /// and a text still alike (`sameIDSimilarity`); then a removed and an added point with nearly
    /// the same text (renamed).
    public static func changes(from old: RecordedRegister, to new: RecordedRegister) -> [RiskChange] {
        var oldByID: [String: RecordedRisk] = [:]
        oldByID.reserveCapacity(old.risks.count)
        for risk in old.risks where oldByID[risk.id] == nil { oldByID[risk.id] = risk }
        // new id → old id
        var pairs: [String: String] = [:]
        var pairedOld = Set<String>()
        for risk in new.risks where oldByID[risk.id]?.text == risk.text && pairs[risk.id] == nil {
            pairs[risk.id] = risk.id
            pairedOld.insert(risk.id)
        }
        var oldByText: [String: [String]] = [:]
        for risk in old.risks where !pairedOld.contains(risk.id) { oldByText[risk.text, default: []].append(risk.id) }
        for risk in new.risks where pairs[risk.id] == nil {
            guard let id = oldByText[risk.text]?.first(where: { !pairedOld.contains($0) }) else { continue }
            pairs[risk.id] = id
            pairedOld.insert(id)
        }
        for risk in new.risks where pairs[risk.id] == nil && !pairedOld.contains(risk.id) {
            guard let before = oldByID[risk.id],
                dice(characterPairs(before.text), characterPairs(risk.text)) >= sameIDSimilarity
            else { continue }
            pairs[risk.id] = risk.id
            pairedOld.insert(risk.id)
        }
        let removed = old.risks.filter { !pairedOld.contains($0.id) }
        let added = new.risks.filter { pairs[$0.id] == nil }
        for (newID, oldID) in matchRenames(removed: removed, added: added) {
            pairs[newID] = oldID
            pairedOld.insert(oldID)
        }

        var changes: [RiskChange] = []
        for risk in new.risks {
            if let oldID = pairs[risk.id], let before = oldByID[oldID] {
                if let change = compare(before, risk, formerID: oldID == risk.id ? nil : oldID) { changes.append(change) }
            } else {
                changes.append(RiskChange(kinds: [.added], id: risk.id, before: nil, after: risk))
            }
        }
        for risk in old.risks where !pairedOld.contains(risk.id) {
            changes.append(RiskChange(kinds: [.removed], id: risk.id, before: risk, after: nil))
        }
        return changes
    }

    /// The change from `before` to `after`, nil if none.
    static func compare(_ before: RecordedRisk, _ after: RecordedRisk, formerID: String?) -> RiskChange? {
        var kinds: [RiskChange.Kind] = []
        if !before.withdrawn && after.withdrawn { kinds.append(.withdrawn) }
        if before.withdrawn && !after.withdrawn { kinds.append(.reinstated) }
        if formerID != nil { kinds.append(.renamed) }
        if before.level != after.level { kinds.append(.relevelled) }
        if before.unitIDs != after.unitIDs { kinds.append(.moved) }
        let textChanged = before.text != after.text
        let measuresChanged = before.measures != after.measures
        let manifestationsChanged = before.manifestations != after.manifestations
        if textChanged || measuresChanged || manifestationsChanged { kinds.append(.reworded) }
        guard !kinds.isEmpty else { return nil }
        return RiskChange(
            kinds: kinds, id: after.id, formerID: formerID, before: before, after: after,
            text: textChanged ? TextChange.compare(before.text, after.text) : [],
            measures: measuresChanged ? TextChange.compare(lines(before.measures), lines(after.measures)) : [],
            manifestations: manifestationsChanged
                ? TextChange.compare(lines(before.manifestations), lines(after.manifestations)) : [])
    }

    /// Items one per line, numbered as the offices number them.
    static func lines(_ items: [String]) -> String {
        items.count == 1 ? items[0] : items.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }

    /// Added id → removed id, for points whose text is nearly the same: each removed point pairs
    /// with the most alike added one, in register order, once.
    static func matchRenames(removed: [RecordedRisk], added: [RecordedRisk]) -> [String: String] {
        guard !removed.isEmpty, !added.isEmpty, removed.count * added.count <= pairLimit else { return [:] }
        var result: [String: String] = [:]
        var taken = Set<String>()
        let addedPairs = added.map { (id: $0.id, pairs: characterPairs($0.text)) }
        for risk in removed {
            let pairs = characterPairs(risk.text)
            var best: (id: String, score: Double)?
            for candidate in addedPairs where !taken.contains(candidate.id) {
                let score = dice(pairs, candidate.pairs)
                if score >= renameSimilarity, score > (best?.score ?? 0) { best = (candidate.id, score) }
            }
            if let best {
                result[best.id] = risk.id
                taken.insert(best.id)
            }
        }
        return result
    }

    /// The text's character pairs, counted.
    static func characterPairs(_ text: String) -> [String: Int] {
        let characters = Array(text)
        var pairs: [String: Int] = [:]
        for index in characters.indices.dropLast() { pairs[String(characters[index...index + 1]), default: 0] += 1 }
        return pairs
    }

    static func dice(_ a: [String: Int], _ b: [String: Int]) -> Double {
        let total = a.values.reduce(0, +) + b.values.reduce(0, +)
        guard total > 0 else { return 0 }
        var shared = 0
        for (pair, count) in a { shared += min(count, b[pair] ?? 0) }
        return 2 * Double(shared) / Double(total)
    }
}

/// The editions of a register, oldest first, with the changes each made, and a risk point's
/// record through them.
public struct RegisterHistory: Hashable, Sendable {
    public struct Edition: Hashable, Sendable {
        public var info: EditionInfo
        public var register: RecordedRegister

        public init(info: EditionInfo, register: RecordedRegister) {
            self.info = info
            self.register = register
        }
    }

    /// A risk point in one edition, with what changed in it from the edition before.
    public struct Entry: Hashable, Sendable {
        public var edition: EditionInfo
        public var risk: RecordedRisk
        /// Empty when it did not change; [.added] in the edition that first has it.
        public var kinds: [RiskChange.Kind]
        public var formerID: String?
    }

    public private(set) var editions: [Edition]
    /// `changeSets[i]`: from edition i - 1 to edition i (from nothing for the first).
    public private(set) var changeSets: [ChangeSet]
    /// Per edition, id → place in its register and id → place in its change set: a page per risk
    /// point asks for its record, and 20,000 scans of 20,000 points would be too many.
    private var riskPlaces: [[String: Int]] = []
    private var changePlaces: [[String: Int]] = []

    public init(editions: [Edition] = []) {
        self.editions = editions
        changeSets = []
        changeSets = editions.indices.map { index in
            let to = editions[index]
            guard index > 0 else {
                return ChangeSet(
                    from: nil, to: to.info,
                    changes: to.register.risks.map { RiskChange(kinds: [.added], id: $0.id, before: nil, after: $0) })
            }
            let from = editions[index - 1]
            return ChangeSet(
                from: from.info, to: to.info, changes: RegisterComparison.changes(from: from.register, to: to.register))
        }
        riskPlaces = editions.map { edition in
            Dictionary(edition.register.risks.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        }
        changePlaces = changeSets.map { set in
            Dictionary(
                set.changes.enumerated().filter { $0.element.after != nil }.map { ($0.element.id, $0.offset) },
                uniquingKeysWith: { first, _ in first })
        }
    }

    public static func == (a: RegisterHistory, b: RegisterHistory) -> Bool { a.editions == b.editions }
    public func hash(into hasher: inout Hasher) { hasher.combine(editions) }

    public var isEmpty: Bool { editions.isEmpty }

    /// The same history as the public may see it: see `RecordedRegister.publicOnly`.
    public func publicView(internalNow: Set<String>) -> RegisterHistory {
        var internalIDs = internalNow
        for edition in editions { for risk in edition.register.risks where !risk.isPublic { internalIDs.insert(risk.id) } }
        return RegisterHistory(
            editions: editions.map { Edition(info: $0.info, register: $0.register.publicOnly(excluding: internalIDs)) })
    }

    /// The changes from the last edition to `now`; nil without editions.
    public func pending(_ now: RecordedRegister) -> ChangeSet? {
        guard let last = editions.last else { return nil }
        return ChangeSet(from: last.info, to: nil, changes: RegisterComparison.changes(from: last.register, to: now))
    }

    /// The record of the risk point now called `id` through the editions, newest first, following
    /// its renames back.
    public func entries(forRisk id: String) -> [Entry] {
        var entries: [Entry] = []
        var current = id
        for index in editions.indices.reversed() {
            let change = changePlaces[index][current].map { changeSets[index].changes[$0] }
            guard let risk = change?.after ?? riskPlaces[index][current].map({ editions[index].register.risks[$0] }) else {
                continue
            }
            entries.append(Entry(edition: editions[index].info, risk: risk, kinds: change?.kinds ?? [], formerID: change?.formerID))
            if let former = change?.formerID { current = former }
        }
        return entries
    }
}
