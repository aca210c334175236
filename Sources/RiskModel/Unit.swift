/// A unit of the organisation (科室 / 责任主体 / 单位), possibly with units below it.
public struct Unit: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    /// Other names documents use for it (区国家保密局 / 保密局), resolved like the name.
    public var aliases: [String]
    public var description: String
    public var parentID: String?
    public var childIDs: [String]
    /// The scheme set on this unit itself; see `Register.levelScheme(forUnit:)` for inheritance.
    public var levelSchemeID: String?
    public var location: SourceLocation

    public init(
        id: String, name: String, aliases: [String] = [], description: String = "", parentID: String? = nil, childIDs: [String] = [],
        levelSchemeID: String? = nil, location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.description = description
        self.parentID = parentID
        self.childIDs = childIDs
        self.levelSchemeID = levelSchemeID
        self.location = location
    }
}
