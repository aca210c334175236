/// A Markdown document (办法, 制度, 说明), already turned into HTML, with the places
/// where it embeds a risk table.
public struct Document: Hashable, Sendable, Identifiable {
    public enum Part: Hashable, Sendable {
        /// HTML produced by cmark from the document's Markdown.
        case html(String)
        /// A ```risks block: the risk points it selects, in register order, and the
        /// columns to show (nil: every column some row fills).
        case riskTable(riskIDs: [String], filter: RiskFilter, columns: Set<RiskColumn>?)
        /// A ```flow block: the flow chart drawn in place.
        case flow(id: String)
    }

    public var id: String
    public var title: String
    public var unitID: String?
    public var domainID: String?
    public var order: Int
    public var isPublic: Bool
    public var parts: [Part]
    public var location: SourceLocation

    public init(
        id: String, title: String, unitID: String? = nil, domainID: String? = nil, order: Int = 0,
        isPublic: Bool = true, parts: [Part], location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.unitID = unitID
        self.domainID = domainID
        self.order = order
        self.isPublic = isPublic
        self.parts = parts
        self.location = location
    }
}
