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
    /// The documents its text links to (`[第二章](czj-ch02.html)`), each where the link is written.
    public var links: [Link]
    public var location: SourceLocation

    /// A link in a document's text to another document's page, by id.
    public struct Link: Hashable, Sendable {
        public var documentID: String
        public var location: SourceLocation

        public init(documentID: String, location: SourceLocation) {
            self.documentID = documentID
            self.location = location
        }
    }

    public init(
        id: String, title: String, unitID: String? = nil, domainID: String? = nil, order: Int = 0,
        isPublic: Bool = true, parts: [Part], links: [Link] = [], location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.unitID = unitID
        self.domainID = domainID
        self.order = order
        self.isPublic = isPublic
        self.parts = parts
        self.links = links
        self.location = location
    }

    /// `html` with each link to one of `documentIDs` (`<a href="ID.html">…</a>`, also with a
    /// `#part`) replaced by its text: the public site keeps what the sentence says and drops a
    /// link to a page it does not have.
    public static func unlinking(_ documentIDs: Set<String>, in html: String) -> String {
        guard !documentIDs.isEmpty, html.contains("<a href=\"") else { return html }
        var result = ""
        var rest = html[...]
        while let open = rest.range(of: "<a href=\"") {
            let afterHref = rest[open.upperBound...]
            guard let quote = afterHref.firstIndex(of: "\""), let tagEnd = afterHref[quote...].firstIndex(of: ">"),
                let close = afterHref[tagEnd...].range(of: "</a>")
            else { break }
            let target = afterHref[..<quote]
            let page = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let id = page.hasPrefix("./") ? page.dropFirst(2) : page
            if id.hasSuffix(".html"), documentIDs.contains(String(id.dropLast(5))) {
                result += rest[..<open.lowerBound]
                result += afterHref[afterHref.index(after: tagEnd)..<close.lowerBound]
                rest = afterHref[close.upperBound...]
            } else {
                result += rest[..<open.upperBound]
                rest = afterHref
            }
        }
        return result + rest
    }
}
