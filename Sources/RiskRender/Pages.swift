import RiskModel

// The page views, one per kind of page. Each carries the frame and its own content.

struct HomePage: Sendable, Equatable {
    var frame: FrameView
    var riskCount: Int
    var unitCount: Int
    var postCount: Int
    var powerCount: Int
    var documentCount: Int
    var levelCounts: [SchemeCountView]
    var unitRows: [UnitSummaryView]
    var documents: [LinkView]
    var exportCSV: String
    var exportJSON: String
    /// The change records' page, when editions are recorded.
    var changes: LinkView?
    /// Risk points overdue for review on the build day, and the 待复核 page.
    var overdueCount: Int
    var reviewsHref: String
}

struct SchemeCountView: Sendable, Equatable {
    var name: String
    var counts: [LevelCountView]
}

struct UnitSummaryView: Sendable, Equatable {
    var link: LinkView
    var depth: Int
    var indent: String
    var count: Int
    var levels: [LevelCountView]
}

struct UnitPage: Sendable, Equatable {
    var frame: FrameView
    var name: String
    var description: String
    var parent: LinkView?
    var children: [LinkView]
    var posts: [LinkView]
    var powers: [LinkView]
    var documents: [LinkView]
    var flows: [LinkView]
    var levels: [LevelCountView]
    var table: RiskTableView
    var riskCount: Int
}

struct UnitsPage: Sendable, Equatable {
    var frame: FrameView
    var rows: [UnitSummaryView]
}

struct RiskPage: Sendable, Equatable {
    var frame: FrameView
    var id: String
    var text: String
    var manifestations: [String]
    var level: LevelView
    var levelDefinition: String?
    var measures: [String]
    var units: [LinkView]
    var post: LinkView?
    var power: LinkView?
    var matter: String?
    var person: String?
    var category: LinkView?
    var domain: LinkView?
    var table: LinkView
    var sequence: String?
    var extras: [ExtraView]
    var documents: [LinkView]
    var flows: [FlowStepLinkView]
    var isPublic: Bool
    /// 已撤销: the page stays, marked, and no list leads to it.
    var withdrawn: Bool
    /// Its review (复核) as of the build day; nil for a withdrawn point.
    var review: ReviewView?
    /// Its record through the editions, newest first (empty without an archive).
    var history: [RiskHistoryView]
}

struct PostPage: Sendable, Equatable {
    var frame: FrameView
    var name: String
    var unit: LinkView?
    var summary: String
    var duties: [String]
    var flows: [LinkView]
    var table: RiskTableView
    var riskCount: Int
}

struct ListPage: Sendable, Equatable {
    var frame: FrameView
    var intro: String?
    var groups: [ListGroupView]
}

struct ListGroupView: Sendable, Equatable {
    var title: String?
    var link: LinkView?
    var items: [ListItemView]
}

struct ListItemView: Sendable, Equatable {
    var link: LinkView
    var note: String?
    var count: Int?
}

struct PowerView: Sendable, Equatable {
    var id: String
    var name: String
    var href: String
    var unit: LinkView?
    var scope: [String]
    var basis: String
    var riskCount: Int
}

struct PowersPage: Sendable, Equatable {
    var frame: FrameView
    var powers: [PowerView]
}

struct PowerPage: Sendable, Equatable {
    var frame: FrameView
    var power: PowerView
    var flows: [LinkView]
    var table: RiskTableView
}

struct DocumentPage: Sendable, Equatable {
    var frame: FrameView
    var title: String
    var unit: LinkView?
    var domain: LinkView?
    var parts: [DocumentPartView]
}

struct LevelPage: Sendable, Equatable {
    var frame: FrameView
    var level: LevelView
    var description: String
    var definitions: [DomainDefinitionView]
    var table: RiskTableView
    var riskCount: Int
}

struct DomainDefinitionView: Sendable, Equatable {
    var domain: LinkView
    var definition: String
}

struct LevelsPage: Sendable, Equatable {
    var frame: FrameView
    var schemes: [SchemeLevelsView]
}

struct SchemeLevelsView: Sendable, Equatable {
    var name: String
    var levels: [LevelSummaryView]
}

struct LevelSummaryView: Sendable, Equatable {
    var level: LevelView
    var description: String
    var count: Int
}

struct DomainPage: Sendable, Equatable {
    var frame: FrameView
    var name: String
    var description: String
    var definitions: [DefinitionView]
    var documents: [LinkView]
    var table: RiskTableView
    var riskCount: Int
}

struct DisclosureListPage: Sendable, Equatable {
    var frame: FrameView
    var items: [DisclosureItemView]
    var today: String
}

struct DisclosureItemView: Sendable, Equatable {
    var link: LinkView
    var period: String
    var status: String
    var statusClass: String
    var count: Int
}

/// A disclosure (公示) as one self-contained page: no links out, CSS inline.
struct DisclosurePage: Sendable, Equatable {
    var language: String
    var title: String
    var preface: String
    var paperSize: String
    var paperName: String
    /// One section per register the disclosure draws from, in register order.
    var groups: [DisclosureGroupView]
    var columnCount: Int
    var contacts: [ExtraView]
    var period: String
    var issuer: String
    var issueDate: String
    var notes: [String]
    var levels: [DisclosureLevelView]
}

/// The rows of one register. When they all share the same measures — as seed 000's
/// tables share their article's — the measures are printed once, under the table.
struct DisclosureGroupView: Sendable, Equatable {
    var title: String?
    var table: RiskTableView
    var sharedMeasures: [String]
}

struct DisclosureLevelView: Sendable, Equatable {
    var level: LevelView
    var description: String
}

struct TablePage: Sendable, Equatable {
    var frame: FrameView
    var title: String
    var source: String
    var scope: LinkView?
    var table: RiskTableView
}

/// A flow that shows a risk point: the flow and the step it sits on.
struct FlowStepLinkView: Sendable, Equatable {
    var flow: LinkView
    var step: String
}

struct FlowPage: Sendable, Equatable {
    var frame: FrameView
    var id: String
    var title: String
    var units: [LinkView]
    var post: LinkView?
    var power: LinkView?
    var document: LinkView?
    var note: String?
    var diagram: String
    var steps: [FlowStepRowView]
    /// Every step rendered by `flow-step`, in order ("" where `flow-body` prints the steps itself).
    var stepsHTML: String
    var riskCount: Int
    var hasLanes: Bool
}

struct FlowStepRowView: Sendable, Equatable {
    var number: Int
    var id: String
    var label: String
    var lane: String?
    /// Named apart from the flow's own `note`: Mustache would show the flow's where a step has none.
    var stepNote: String?
    var timeLimit: String?
    var basis: String?
    var risks: [FlowRiskView]
    var hasRisks: Bool
}

struct FlowRiskView: Sendable, Equatable {
    var number: Int
    var id: String
    var href: String
    var text: String
    var level: LevelView
    var measures: [String]
    var person: String?
}

struct SearchPage: Sendable, Equatable {
    var frame: FrameView
}
