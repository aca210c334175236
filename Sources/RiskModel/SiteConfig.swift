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

    public init(
        title: String, organisation: String = "", language: String = "zh-CN", levelSchemes: [LevelScheme],
        defaultLevelSchemeID: String? = nil, allowsRawHTML: Bool = false,
        internalFields: Set<RiskPointField> = RiskPointField.internalByDefault,
        disclosureDefaults: DisclosureDefaults = DisclosureDefaults()
    ) {
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
