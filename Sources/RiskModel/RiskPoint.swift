/// A risk point (风险点) with its prevention measures (防控措施).
public struct RiskPoint: Hashable, Sendable, Identifiable {
    /// Stable id: the permalink is made of it.
    public var id: String
    /// 序号 as the register shows it.
    public var sequence: String?
    /// The risk point as written (风险点). For a cell of several items, the items joined.
    public var text: String
    /// How it shows itself (表现形式), when the register lists that.
    public var manifestations: [String]
    public var level: LevelRating
    /// 风险类别
    public var category: String?
    public var domainID: String?
    /// The units that answer for it (责任主体).
    public var unitIDs: [String]
    public var postID: String?
    public var powerID: String?
    /// The duty or power item the risk belongs to (职权内容 / 权力事项 / 重要环节), free text.
    public var matter: String?
    /// 责任人
    public var person: String?
    public var measures: [String]
    /// Whether the entry may be published (公示). Defaults to true.
    public var isPublic: Bool
    public var note: String?
    /// Columns or keys riskpress has no field for, kept in their order.
    public var extras: [ExtraField]
    /// The table (register file) it comes from.
    public var tableID: String
    public var location: SourceLocation

    public init(
        id: String, sequence: String? = nil, text: String, manifestations: [String] = [],
        level: LevelRating = .unrated, category: String? = nil, domainID: String? = nil, unitIDs: [String] = [],
        postID: String? = nil, powerID: String? = nil, matter: String? = nil, person: String? = nil,
        measures: [String] = [], isPublic: Bool = true, note: String? = nil, extras: [ExtraField] = [],
        tableID: String, location: SourceLocation
    ) {
        self.id = id
        self.sequence = sequence
        self.text = text
        self.manifestations = manifestations
        self.level = level
        self.category = category
        self.domainID = domainID
        self.unitIDs = unitIDs
        self.postID = postID
        self.powerID = powerID
        self.matter = matter
        self.person = person
        self.measures = measures
        self.isPublic = isPublic
        self.note = note
        self.extras = extras
        self.tableID = tableID
        self.location = location
    }
}

/// A named value the register carries that riskpress has no field for.
public struct ExtraField: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
