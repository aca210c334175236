/// One register file as the office keeps it: a table of risk points (表1 …, 责任清单),
/// written as YAML or exported from Excel as CSV.
public struct RiskTable: Hashable, Sendable, Identifiable {
    public var id: String
    public var title: String
    /// The unit under which the table's unit names are resolved.
    public var scopeUnitID: String?
    public var levelSchemeID: String?
    /// The risk points in the table's own order.
    public var riskIDs: [String]
    public var location: SourceLocation
    /// 复核日期: the register's last review, for its points that give none of their own.
    public var reviewed: ReviewDate?
    /// 复核周期 for its points that give none of their own (else the site's).
    public var reviewCycle: ReviewCycle?

    public init(
        id: String, title: String, scopeUnitID: String? = nil, levelSchemeID: String? = nil,
        riskIDs: [String] = [], location: SourceLocation, reviewed: ReviewDate? = nil, reviewCycle: ReviewCycle? = nil
    ) {
        self.reviewed = reviewed
        self.reviewCycle = reviewCycle
        self.id = id
        self.title = title
        self.scopeUnitID = scopeUnitID
        self.levelSchemeID = levelSchemeID
        self.riskIDs = riskIDs
        self.location = location
    }
}
