/// A domain or chapter (领域 / 章) grouping risk points by subject, e.g. 公文处理.
/// Seed 000 defines 重大/较大/一般 anew in every chapter: `levelDefinitions` holds that.
public struct Domain: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var order: Int
    public var description: String
    public var levelSchemeID: String?
    /// Level id → this domain's own definition of the level.
    public var levelDefinitions: [String: String]
    public var location: SourceLocation

    public init(
        id: String, name: String, order: Int, description: String = "", levelSchemeID: String? = nil,
        levelDefinitions: [String: String] = [:], location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.order = order
        self.description = description
        self.levelSchemeID = levelSchemeID
        self.levelDefinitions = levelDefinitions
        self.location = location
    }
}
