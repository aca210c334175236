/// A flow chart (业务流程图 / 廉政风险防控图): the steps of a piece of work, who does each, and the risk
/// points that sit on them.
public struct Flow: Hashable, Sendable, Identifiable {
    public enum StepKind: String, Hashable, Sendable, CaseIterable {
        case start, task, decision, document, end, subprocess
    }

    public struct Step: Hashable, Sendable, Identifiable {
        public var id: String
        public var label: String
        public var kind: StepKind
        /// The actor (科室 or 岗位): one of the flow's lanes, or nil in a flow without lanes.
        public var lane: String?
        public var note: String?
        /// 时限, e.g. "3天内完成起草".
        public var timeLimit: String?
        /// 依据
        public var basis: String?
        /// Risk points on this step, from registers or written in place, in the order written.
        public var riskIDs: [String]
        public var location: SourceLocation

        public init(
            id: String, label: String, kind: StepKind = .task, lane: String? = nil, note: String? = nil,
            timeLimit: String? = nil, basis: String? = nil, riskIDs: [String] = [], location: SourceLocation
        ) {
            self.id = id
            self.label = label
            self.kind = kind
            self.lane = lane
            self.note = note
            self.timeLimit = timeLimit
            self.basis = basis
            self.riskIDs = riskIDs
            self.location = location
        }
    }

    /// An arrow from one step to another, with the branch's condition when it has one.
    public struct Link: Hashable, Sendable {
        public var from: String
        public var to: String
        public var label: String?
        /// True for the default "next step" links that make the author's main path.
        public var isSequence: Bool

        public init(from: String, to: String, label: String? = nil, isSequence: Bool = false) {
            self.from = from
            self.to = to
            self.label = label
            self.isSequence = isSequence
        }
    }

    public var id: String
    public var title: String
    public var unitIDs: [String]
    public var postID: String?
    public var powerID: String?
    /// The lanes (actors), in band order; empty for a flow without lanes.
    public var lanes: [String]
    public var note: String?
    public var isPublic: Bool
    public var steps: [Step]
    public var links: [Link]
    /// The steps the flow starts from (a chart may hold two tracks, 收文 and 发文).
    public var startIDs: [String]
    /// The document it is drawn in, for a ```flow block.
    public var documentID: String?
    public var location: SourceLocation

    public init(
        id: String, title: String, unitIDs: [String] = [], postID: String? = nil, powerID: String? = nil,
        lanes: [String] = [], note: String? = nil, isPublic: Bool = true, steps: [Step], links: [Link],
        startIDs: [String] = [], documentID: String? = nil, location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.unitIDs = unitIDs
        self.postID = postID
        self.powerID = powerID
        self.lanes = lanes
        self.note = note
        self.isPublic = isPublic
        self.steps = steps
        self.links = links
        self.startIDs = startIDs
        self.documentID = documentID
        self.location = location
    }

    /// Every risk id on the flow's steps, each once, in step order.
    public var riskIDs: [String] {
        var seen: Set<String> = []
        return steps.flatMap(\.riskIDs).filter { seen.insert($0).inserted }
    }
}
