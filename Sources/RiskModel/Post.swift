/// A post (岗位) in a unit, with its duties (岗位职责, from the post duty manual 岗责手册).
public struct Post: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var unitID: String?
    public var summary: String
    public var duties: [String]
    public var location: SourceLocation

    public init(
        id: String, name: String, unitID: String?, summary: String = "", duties: [String] = [],
        location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.unitID = unitID
        self.summary = summary
        self.duties = duties
        self.location = location
    }
}
