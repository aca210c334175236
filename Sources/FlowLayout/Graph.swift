/// The input and output of the flow layout engine: plain geometry, no knowledge of risks or SVG.
///
/// Coordinates are in CSS pixels, y growing downwards. Flows run top to bottom; lanes are
/// vertical bands, left to right in their given order.

public struct Point: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

public struct Size: Hashable, Sendable {
    public var width: Double
    public var height: Double
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
}

public struct Rect: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    public var minX: Double { x }
    public var minY: Double { y }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }
}

/// A graph to lay out. Nodes and edges are referred to by their index.
public struct LayoutGraph: Sendable {
    public enum Shape: Sendable, Hashable {
        /// A box; its border is the rectangle.
        case box
        /// A diamond (decision); its border is the rhombus inscribed in the rectangle.
        case diamond
    }

    public struct Node: Sendable, Hashable {
        public var size: Size
        public var shape: Shape
        /// The lane (band) the node must stay in, or nil when the graph has no lanes.
        public var lane: Int?
        public init(size: Size, shape: Shape = .box, lane: Int? = nil) {
            self.size = size
            self.shape = shape
            self.lane = lane
        }
    }

    public struct Edge: Sendable, Hashable {
        public var from: Int
        public var to: Int
        /// The size of the edge's label box, when it has one (a decision's branch).
        public var label: Size?
        /// Edges on the author's main path weigh more, so the layout keeps them straight.
        public var weight: Int
        public init(from: Int, to: Int, label: Size? = nil, weight: Int = 1) {
            self.from = from
            self.to = to
            self.label = label
            self.weight = weight
        }
    }

    public var nodes: [Node]
    public var edges: [Edge]
    /// Number of lanes; 0 for a graph without lanes. Every node has a lane when this is positive.
    public var laneCount: Int
    /// Sizes of the lane headers (the actor names), one per lane; drawn above each band.
    public var laneHeaders: [Size]

    public init(nodes: [Node], edges: [Edge], laneCount: Int = 0, laneHeaders: [Size] = []) {
        self.nodes = nodes
        self.edges = edges
        self.laneCount = laneCount
        self.laneHeaders = laneHeaders
    }
}

public struct LayoutOptions: Sendable, Hashable {
    /// Vertical gap between the rows (ranks) of nodes.
    public var rankSeparation: Double = 28
    /// Horizontal gap between neighbouring nodes in a row.
    public var nodeSeparation: Double = 24
    /// Gap kept between an edge line and anything beside it (nodes, other lines, labels).
    public var edgeSeparation: Double = 10
    /// Padding inside a lane band, around its nodes.
    public var lanePadding: Double = 14
    /// Margin around the whole drawing.
    public var margin: Double = 12
    public init() {}
}

/// Where everything goes.
public struct Layout: Sendable, Hashable {
    public struct EdgeRoute: Sendable, Hashable {
        /// The polyline, first point on the source's border, last on the target's border.
        /// Segments are horizontal or vertical.
        public var points: [Point]
        /// Where the label goes, when the edge has one.
        public var label: Rect?
        /// True when the edge goes against the flow (a back edge: 退回, 催办).
        public var isBack: Bool
        public init(points: [Point], label: Rect?, isBack: Bool) {
            self.points = points
            self.label = label
            self.isBack = isBack
        }
    }

    /// One rectangle per input node, in input order.
    public var nodes: [Rect]
    /// One route per input edge, in input order.
    public var edges: [EdgeRoute]
    /// One band per lane, full height of the drawing, header included.
    public var lanes: [Rect]
    /// The header box of each lane, inside its band at the top.
    public var laneHeaders: [Rect]
    /// The size of the whole drawing (origin at 0,0).
    public var size: Size
    /// The row (rank) of each node after layering, for tests and diagnostics.
    public var ranks: [Int]
}
