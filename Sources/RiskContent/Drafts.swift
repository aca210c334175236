import RiskModel

// Drafts are what the readers make of one file before anything is linked: values as
// written, each with its place, references still as the names or ids the user wrote.
// `Linker` turns them into the model.

/// A field's raw value: one text (a scalar, a CSV cell) or a list (a YAML sequence).
enum RawValue: Sendable, Hashable {
    case text(String)
    case list([String])

    /// As list items: a text is split into its numbered items or lines.
    var items: [String] {
        switch self {
        case .text(let text): return CellList.items(text)
        case .list(let items): return CellList.clean(items)
        }
    }

    /// As names (units): a text is split on new lines and 、.
    var names: [String] {
        switch self {
        case .text(let text): return CellList.names(text)
        case .list(let items): return items.flatMap(CellList.names)
        }
    }

    /// As one text: list items joined by new lines.
    var text: String {
        switch self {
        case .text(let text): return text.trimmed()
        case .list(let items): return items.joined(separator: "\n")
        }
    }

    var isBlank: Bool { text.isEmpty }
}

struct RiskDraft: Sendable, Hashable {
    var fields: [RiskField: Located<RawValue>] = [:]
    var extras: [ExtraField] = []
    var location: SourceLocation
    /// 1-based position in its table (YAML) or data row number (CSV).
    var position: Int
}

struct TableDraft: Sendable, Hashable {
    var file: String
    var id: Located<String>?
    var derivedID: String
    var title: String?
    var scope: Located<String>?
    var levelScheme: Located<String>?
    /// 复核日期 and 复核周期 of the register, as written.
    var reviewed: Located<String>?
    var reviewCycle: Located<String>?
    var defaults: [RiskField: Located<RawValue>] = [:]
    var risks: [RiskDraft] = []
    var location: SourceLocation
    /// CSV rows are numbered by 序号 when ids are derived.
    var isCSV: Bool
}

struct UnitDraft: Sendable {
    var id: Located<String>
    var name: String
    var aliases: Located<[String]>?
    var description: String
    var levelScheme: Located<String>?
    var parentID: String?
    var childIDs: [String]
    var location: SourceLocation
}

struct DomainDraft: Sendable {
    var id: Located<String>
    var name: String
    var order: Int?
    var description: String
    var levelScheme: Located<String>?
    /// Level (as written) → definition.
    var levels: [(level: Located<String>, definition: String)]
    var location: SourceLocation
}

struct PostDraft: Sendable {
    var id: Located<String>
    var name: String
    var unit: Located<String>?
    var summary: String
    var duties: [String]
    var location: SourceLocation
}

struct PowerDraft: Sendable {
    var id: Located<String>
    var name: String
    var unit: Located<String>?
    var scope: [String]
    var basis: String
    var location: SourceLocation
}

struct FilterDraft: Sendable {
    var fields: [FilterField: Located<RawValue>] = [:]
    var location: SourceLocation
}

struct DocumentDraft: Sendable {
    enum Part: Sendable {
        case html(String)
        case riskTable(FilterDraft?)
        case flow(FlowDraft?)
    }

    var id: Located<String>?
    var derivedID: String
    var title: String
    var unit: Located<String>?
    var domain: Located<String>?
    var order: Int?
    var isPublic: Bool
    var parts: [Part]
    var links: [Document.Link] = []
    var location: SourceLocation
}

struct DisclosureDraft: Sendable {
    var id: Located<String>?
    var derivedID: String
    var title: String
    var scope: FilterDraft?
    /// 版次: disclose what this edition added and changed (within 范围, when given).
    var edition: Located<String>?
    var issuer: String?
    var issueDate: Day?
    var start: Day?
    var days: Int?
    var end: Day?
    var contacts: Contacts
    var preface: String
    var notes: [String]
    var paper: Paper?
    var location: SourceLocation
}

struct FlowDraft: Sendable, Equatable {
    struct Branch: Sendable, Equatable {
        var to: Located<String>
        var label: String?
    }

    struct Step: Sendable, Equatable {
        var id: Located<String>?
        var position: Int
        var label: String
        var kind: Located<String>?
        var lane: Located<String>?
        var note: String?
        var timeLimit: String?
        var basis: String?
        /// nil: on to the next step written (the default).
        var next: [Branch]?
        /// Risk ids: from registers as written, or the ids given to risk points written in place.
        var risks: [Located<String>]
        var location: SourceLocation
    }

    var id: Located<String>?
    var derivedID: String
    var title: String
    var units: [Located<String>]
    var post: Located<String>?
    var power: Located<String>?
    var lanes: Located<[String]>?
    var note: String?
    var isPublic: Bool
    var steps: [Step]
    /// Risk points written in place on the steps: the flow's own register.
    var inlineRisks: TableDraft?
    var documentID: String?
    var location: SourceLocation
}
