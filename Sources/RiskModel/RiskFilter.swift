/// Which risk points a ```risks block embeds. Every criterion given must match.
/// References are already resolved to ids.
public struct RiskFilter: Hashable, Sendable {
    public var tableID: String?
    public var riskIDs: [String]?
    /// Matches risks owned by this unit or any unit below it.
    public var unitID: String?
    public var domainID: String?
    public var postID: String?
    public var powerID: String?
    /// Level id (within whatever scheme the risk uses); `unrated` selects blank levels.
    public var levelID: String?

    public init(
        tableID: String? = nil, riskIDs: [String]? = nil, unitID: String? = nil, domainID: String? = nil,
        postID: String? = nil, powerID: String? = nil, levelID: String? = nil
    ) {
        self.tableID = tableID
        self.riskIDs = riskIDs
        self.unitID = unitID
        self.domainID = domainID
        self.postID = postID
        self.powerID = powerID
        self.levelID = levelID
    }
}
