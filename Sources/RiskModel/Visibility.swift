/// Fields of a risk point that a body may keep internal. Entries marked `public: false`
/// are internal whole; these are the fields that are internal even on public entries.
public enum RiskPointField: String, Hashable, Sendable, CaseIterable {
    /// 责任人: whether names are published is the body's choice.
    case person
    /// 备注
    case note
    /// 职权内容
    case matter
    /// 风险类别
    case category
    /// Columns riskpress has no field for.
    case extras

    /// The names site.yaml may use.
    public var names: [String] {
        switch self {
        case .person: ["person", "责任人"]
        case .note: ["note", "备注"]
        case .matter: ["matter", "职权内容"]
        case .category: ["category", "风险类别"]
        case .extras: ["extras", "其他字段", "其他列"]
        }
    }

    /// Internal unless the site says otherwise: notes and unknown columns.
    public static let internalByDefault: Set<RiskPointField> = [.note, .extras]
}

/// Defaults for disclosures (公示), from site.yaml.
public struct DisclosureDefaults: Hashable, Sendable {
    public var issuer: String?
    public var contacts: Contacts
    /// 公示天数; seed 001's body posts for 7 days.
    public var days: Int
    public var paper: Paper

    public init(issuer: String? = nil, contacts: Contacts = Contacts(), days: Int = 7, paper: Paper = .a4Landscape) {
        self.issuer = issuer
        self.contacts = contacts
        self.days = days
        self.paper = paper
    }
}
