/// The site configuration (site.yaml).
public struct SiteConfig: Hashable, Sendable {
    public var title: String
    public var organisation: String
    public var language: String
    public var levelSchemes: [LevelScheme]
    public var defaultLevelSchemeID: String
    /// Let raw HTML in Markdown through. Off by default.
    public var allowsRawHTML: Bool
    /// Risk point fields that never reach a public output.
    public var internalFields: Set<RiskPointField>
    public var disclosureDefaults: DisclosureDefaults
    public var manual: ManualConfig
    /// 复核周期: how often the register is reviewed where a register or point says nothing (每年).
    public var reviewCycle: ReviewCycle

    public init(
        title: String, organisation: String = "", language: String = "zh-CN", levelSchemes: [LevelScheme],
        defaultLevelSchemeID: String? = nil, allowsRawHTML: Bool = false,
        internalFields: Set<RiskPointField> = RiskPointField.internalByDefault,
        disclosureDefaults: DisclosureDefaults = DisclosureDefaults(), manual: ManualConfig = ManualConfig(),
        reviewCycle: ReviewCycle = .yearly
    ) {
        self.reviewCycle = reviewCycle
        self.manual = manual
        self.internalFields = internalFields
        self.disclosureDefaults = disclosureDefaults
        self.title = title
        self.organisation = organisation
        self.language = language
        self.levelSchemes = levelSchemes
        self.defaultLevelSchemeID = defaultLevelSchemeID ?? levelSchemes.first?.id ?? ""
        self.allowsRawHTML = allowsRawHTML
    }
}

/// The printed risk manual (风险防控手册): `手册:` in site.yaml.
public struct ManualConfig: Hashable, Sendable {
    public enum Arrangement: String, Hashable, Sendable {
        /// A chapter per top-level unit (its documents, powers, flows and risk tables).
        case byUnit
        /// A chapter per domain (领域 / 章), as seed 000's rules are organised; what has no domain
        /// follows by unit.
        case byDomain
    }

    public enum PageSize: String, Hashable, Sendable {
        case a4 = "A4"
        case a5 = "A5"
    }

    /// Title on the cover; default: the site title followed by 风险防控手册.
    public var title: String?
    /// The body that issues it (cover); default: the site's organisation.
    public var issuer: String?
    /// Edition or date line on the cover, e.g. 2026年版.
    public var edition: String?
    public var arrangement: Arrangement
    public var pageSize: PageSize
    /// Font families asked for, first choice first, e.g. [仿宋, FangSong]; CJK fallbacks follow.
    public var fonts: [String]
    /// Whether `build` also writes the PDF.
    public var pdf: Bool

    public init(
        title: String? = nil, issuer: String? = nil, edition: String? = nil, arrangement: Arrangement = .byUnit,
        pageSize: PageSize = .a4, fonts: [String] = [], pdf: Bool = false
    ) {
        self.title = title
        self.issuer = issuer
        self.edition = edition
        self.arrangement = arrangement
        self.pageSize = pageSize
        self.fonts = fonts
        self.pdf = pdf
    }
}
