import RiskModel

/// Where each page lives in the output. Paths are relative to the output root and
/// made only of ids (already checked to be safe), so nothing lands outside it.
public enum Paths {
    public static let home = "index.html"
    public static let units = "units/index.html"
    public static let posts = "posts/index.html"
    public static let powers = "powers/index.html"
    public static let documents = "documents/index.html"
    public static let levels = "levels/index.html"
    public static let domains = "domains/index.html"
    public static let tables = "tables/index.html"
    public static let disclosures = "disclosures/index.html"
    public static let flows = "flows/index.html"
    public static let dashboard = "dashboard/index.html"
    /// 待复核: the risk points overdue for review on the build day.
    public static let reviews = "reviews/index.html"
    public static let categories = "categories/index.html"
    public static let search = "search/index.html"
    /// The change records (变更记录): the editions, and a page per edition.
    public static let changes = "changes/index.html"
    /// The search index's own files beside the search page: `search/p-*.js` (postings),
    /// `search/d-*.js` (entries) and `search/manifest.js`.
    public static func isSearchIndexFile(_ path: String) -> Bool {
        path.hasPrefix("search/p-") || path.hasPrefix("search/d-") || path == "search/manifest.js"
    }
    /// The printed risk manual (风险防控手册), and its PDF when asked for.
    public static let manual = "manual/index.html"
    public static let manualPrintCSS = "manual/print.css"
    public static let manualPDF = "manual/风险防控手册.pdf"
    public static let stylesheet = "assets/style.css"
    /// The register for Excel / WPS (UTF-8 with BOM) and as JSON.
    public static let exportCSV = "exports/register.csv"
    public static let exportJSON = "exports/register.json"

    public static func unit(_ id: String) -> String { "units/\(id).html" }
    public static func risk(_ id: String) -> String { "risks/\(id).html" }
    public static func post(_ id: String) -> String { "posts/\(id).html" }
    public static func power(_ id: String) -> String { "powers/\(id).html" }
    public static func document(_ id: String) -> String { "documents/\(id).html" }
    public static func domain(_ id: String) -> String { "domains/\(id).html" }
    public static func table(_ id: String) -> String { "tables/\(id).html" }
    public static func disclosure(_ id: String) -> String { "disclosures/\(id).html" }
    public static func flow(_ id: String) -> String { "flows/\(id).html" }
    public static func change(_ editionID: String) -> String { "changes/\(editionID).html" }
    /// A category (风险类别) is free Chinese text: its page is named by a stable hash of it, so
    /// names never collapse into an empty or shared file name.
    public static func category(_ name: String) -> String {
        let hex = String(stableHash(name), radix: 16)
        return "categories/c-\((String(repeating: "0", count: 16 - hex.count) + hex).prefix(12)).html"
    }

    public static func level(_ key: LevelKey) -> String {
        key.isUnrated ? "levels/\(LevelKey.unratedID).html" : "levels/\(key.schemeID)--\(key.levelID).html"
    }

    /// The prefix that leads from a page back to the output root: "" or "../".
    static func root(of path: String) -> String {
        String(repeating: "../", count: path.split(separator: "/").count - 1)
    }
}
