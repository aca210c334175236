import Foundation
import Testing

@testable import FlowLayout

/// Geometry read back from the layout: what a reader of the chart would notice.
struct LayoutGeometryTests {
    static func box(_ w: Double = 120, _ h: Double = 40, lane: Int? = nil, diamond: Bool = false) -> LayoutGraph.Node {
        LayoutGraph.Node(size: Size(width: w, height: h), shape: diamond ? .diamond : .box, lane: lane)
    }

    static let label = Size(width: 42, height: 18)

    /// 受理 → 审查 (材料齐全? ) → 不齐全: 退回补正 back to 受理; 齐全 → 审批 (金额) → 两档 → 办结.
    static var approval: LayoutGraph {
        LayoutGraph(
            nodes: [box(), box(), box(100, 60, diamond: true), box(), box(), box(), box()],
            edges: [
                .init(from: 0, to: 1, weight: 2),
                .init(from: 1, to: 2, weight: 2),
                .init(from: 2, to: 3, label: label, weight: 2),
                .init(from: 2, to: 0, label: label),
                .init(from: 3, to: 4, label: label),
                .init(from: 3, to: 5, label: label),
                .init(from: 4, to: 6),
                .init(from: 5, to: 6),
            ])
    }

    static var laned: LayoutGraph {
        LayoutGraph(
            nodes: [box(lane: 0), box(lane: 1), box(lane: 1), box(100, 60, lane: 2, diamond: true),
                    box(lane: 0), box(lane: 2)],
            edges: [
                .init(from: 0, to: 1), .init(from: 1, to: 2), .init(from: 2, to: 3),
                .init(from: 3, to: 4, label: label), .init(from: 3, to: 1, label: label),
                .init(from: 4, to: 5), .init(from: 0, to: 5),
            ],
            laneCount: 3, laneHeaders: [Size(width: 56, height: 20), Size(width: 84, height: 20), Size(width: 42, height: 20)])
    }

    static func overlaps(_ a: Rect, _ b: Rect) -> Bool {
        a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY
    }

    /// Whether the segment p–q (horizontal or vertical) passes through the inside of `r`.
    static func passesThrough(_ p: Point, _ q: Point, _ r: Rect) -> Bool {
        let inner = Rect(x: r.x + 1, y: r.y + 1, width: r.width - 2, height: r.height - 2)
        if p.x == q.x {
            return inner.minX < p.x && p.x < inner.maxX && min(p.y, q.y) < inner.maxY && max(p.y, q.y) > inner.minY
        }
        return inner.minY < p.y && p.y < inner.maxY && min(p.x, q.x) < inner.maxX && max(p.x, q.x) > inner.minX
    }

    static func onBorder(_ p: Point, _ r: Rect) -> Bool {
        let e = 0.01
        let onVertical = (abs(p.x - r.minX) < e || abs(p.x - r.maxX) < e) && p.y >= r.minY - e && p.y <= r.maxY + e
        let onHorizontal = (abs(p.y - r.minY) < e || abs(p.y - r.maxY) < e) && p.x >= r.minX - e && p.x <= r.maxX + e
        return onVertical || onHorizontal
    }

    static func checkGeometry(_ graph: LayoutGraph, _ layout: Layout) {
        #expect(layout.nodes.count == graph.nodes.count)
        for i in layout.nodes.indices {
            #expect(layout.nodes[i].width == graph.nodes[i].size.width)
            for j in layout.nodes.indices where j > i {
                #expect(!overlaps(layout.nodes[i], layout.nodes[j]), "steps \(i) and \(j) overlap")
            }
        }
        let labels = layout.edges.compactMap(\.label)
        for (i, a) in labels.enumerated() {
            for b in labels[(i + 1)...] { #expect(!overlaps(a, b), "two labels overlap") }
            for node in layout.nodes { #expect(!overlaps(a, node), "a label overlaps a step") }
        }
        for (index, route) in layout.edges.enumerated() {
            let edge = graph.edges[index]
            guard route.points.count >= 2 else {
                Issue.record("edge \(index) has no line")
                continue
            }
            #expect(onBorder(route.points.first!, layout.nodes[edge.from]), "edge \(index) starts off its step")
            #expect(onBorder(route.points.last!, layout.nodes[edge.to]), "edge \(index) ends off its step")
            for (p, q) in zip(route.points, route.points.dropFirst()) {
                #expect(p.x == q.x || p.y == q.y, "edge \(index) has a slanted segment")
                for (n, node) in layout.nodes.enumerated() {
                    #expect(!passesThrough(p, q, node), "edge \(index) passes through step \(n)")
                }
                for (l, other) in layout.edges.enumerated() where l != index {
                    if let box = other.label { #expect(!passesThrough(p, q, box), "edge \(index) crosses label of \(l)") }
                }
            }
        }
        for node in layout.nodes {
            #expect(node.minX >= 0 && node.minY >= 0 && node.maxX <= layout.size.width && node.maxY <= layout.size.height)
        }
        // Edges that meet at a box end apart, each arrowhead on its own stretch of the border.
        for target in graph.nodes.indices where graph.nodes[target].shape == .box {
            let ends = graph.edges.indices.filter { graph.edges[$0].to == target && graph.edges[$0].from != target }
                .compactMap { layout.edges[$0].points.last }
            for (i, a) in ends.enumerated() {
                for b in ends[(i + 1)...] {
                    #expect(abs(a.x - b.x) + abs(a.y - b.y) >= 10, "two edges into step \(target) end together")
                }
            }
        }
    }

    @Test func aFlowWithABranchAndAReturnLaysOutCleanly() {
        let layout = FlowLayoutEngine.layout(Self.approval, starts: [0])
        try? debugSVG(layout).write(toFile: "/tmp/approval.svg", atomically: true, encoding: .utf8)
        try? debugSVG(FlowLayoutEngine.layout(Self.laned, starts: [0])).write(toFile: "/tmp/laned.svg", atomically: true, encoding: .utf8)
        Self.checkGeometry(Self.approval, layout)
        // The author's order runs down the page; the return (退回补正) goes back up.
        #expect(layout.ranks[0] < layout.ranks[1] && layout.ranks[1] < layout.ranks[2])
        #expect(layout.edges[3].isBack)
        #expect(layout.edges.filter(\.isBack).count == 1)
        // The main path is straight: 受理, 审查 and the decision share one vertical line.
        #expect(layout.nodes[0].midX == layout.nodes[1].midX && layout.nodes[1].midX == layout.nodes[2].midX)
    }

    /// The two amounts (两档) meet again at 办结: each branch comes down into the box on a line of its own,
    /// so a reader sees two arrows arrive, not one line that the branches joined before the step.
    @Test func branchesThatMeetAgainEnterTheStepApart() {
        let layout = FlowLayoutEngine.layout(Self.approval, starts: [0])
        let box = layout.nodes[6]
        let left = layout.edges[6].points, right = layout.edges[7].points
        for end in [left.last!, right.last!] {
            #expect(end.y == box.minY && end.x > box.minX && end.x < box.maxX, "an arrow ends off the box's top")
        }
        #expect(abs(left.last!.x - right.last!.x) >= 10, "the two arrowheads are drawn on top of each other")
        // The last stretch of each line is its own: vertical, at its own x.
        for line in [left, right] { #expect(line[line.count - 2].x == line.last!.x) }
    }

    @Test func eachLaneKeepsItsStepsInsideItsBand() {
        let layout = FlowLayoutEngine.layout(Self.laned, starts: [0])
        Self.checkGeometry(Self.laned, layout)
        #expect(layout.lanes.count == 3)
        for (i, node) in Self.laned.nodes.enumerated() {
            let band = layout.lanes[node.lane!]
            #expect(layout.nodes[i].minX >= band.minX && layout.nodes[i].maxX <= band.maxX, "step \(i) outside its lane")
        }
        for (a, b) in zip(layout.lanes, layout.lanes.dropFirst()) { #expect(a.maxX <= b.minX) }
        for (header, band) in zip(layout.laneHeaders, layout.lanes) {
            #expect(header.minX >= band.minX && header.maxX <= band.maxX)
            for node in layout.nodes { #expect(!Self.overlaps(header, node)) }
        }
    }

    @Test func aGraphThatIsOneBigCycleLaysOut() {
        let graph = LayoutGraph(nodes: (0..<5).map { _ in Self.box() },
                                edges: (0..<5).map { .init(from: $0, to: ($0 + 1) % 5) })
        let layout = FlowLayoutEngine.layout(graph)
        Self.checkGeometry(graph, layout)
        #expect(layout.edges.filter(\.isBack).count == 1)
        #expect(layout.edges[4].isBack)
    }

    /// Proper crossings between the lines of two edges that share no step: a reader sees each one.
    static func crossings(_ graph: LayoutGraph, _ layout: Layout) -> Int {
        func segments(_ route: Layout.EdgeRoute) -> [(Point, Point)] { Array(zip(route.points, route.points.dropFirst())) }
        func cross(_ a: (Point, Point), _ b: (Point, Point)) -> Bool {
            let (h, v) = a.0.y == a.1.y ? (a, b) : (b, a)
            guard h.0.y == h.1.y, v.0.x == v.1.x else { return false }
            return min(h.0.x, h.1.x) < v.0.x && v.0.x < max(h.0.x, h.1.x)
                && min(v.0.y, v.1.y) < h.0.y && h.0.y < max(v.0.y, v.1.y)
        }
        var count = 0
        for i in graph.edges.indices {
            for j in graph.edges.indices where j > i {
                let a = graph.edges[i], b = graph.edges[j]
                guard Set([a.from, a.to]).isDisjoint(with: [b.from, b.to]) else { continue }
                for s in segments(layout.edges[i]) {
                    for t in segments(layout.edges[j]) where cross(s, t) { count += 1 }
                }
            }
        }
        return count
    }

    /// Returns (退回) from three decisions and two other steps back to earlier steps, in a chart of four actors: the
    /// returns run up beside the steps without crossing the flow, which moving one row at a time
    /// does not find (each return must change sides all the way up at once).
    @Test func returnsFromSeveralDecisionsCrossNothing() {
        let yes = Size(width: 32, height: 21), no = Size(width: 44, height: 21)
        let lanes = [0, 2, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 1, 1]
        let sizes: [(Double, Double, Bool)] = [
            (80, 36, false), (108, 36, false), (80, 36, false), (80, 36, false), (80, 36, false), (150, 36, false),
            (80, 36, false), (164, 75, false), (94, 36, false), (80, 36, false), (80, 36, false), (108, 36, false),
            (80, 36, false), (128, 48, true), (108, 36, false), (128, 48, true), (184, 48, true), (108, 36, false),
            (80, 36, false), (80, 36, false), (108, 36, false), (150, 36, false),
        ]
        let nodes = zip(sizes, lanes).map { size, lane in Self.box(size.0, size.1, lane: lane, diamond: size.2) }
        let edges: [LayoutGraph.Edge] = [
            .init(from: 0, to: 1, weight: 2), .init(from: 1, to: 2, weight: 2), .init(from: 2, to: 3, weight: 2),
            .init(from: 3, to: 4, weight: 2), .init(from: 4, to: 5, weight: 2), .init(from: 5, to: 6, weight: 2),
            .init(from: 6, to: 2, label: yes), .init(from: 6, to: 7, weight: 2), .init(from: 7, to: 8, weight: 2),
            .init(from: 8, to: 9, weight: 2), .init(from: 9, to: 10, weight: 2), .init(from: 10, to: 11, weight: 2),
            .init(from: 11, to: 12, weight: 2), .init(from: 12, to: 13, weight: 2), .init(from: 13, to: 10, label: no),
            .init(from: 13, to: 14, label: yes, weight: 2), .init(from: 14, to: 15, weight: 2),
            .init(from: 15, to: 11, label: no), .init(from: 15, to: 16, label: yes, weight: 2),
            .init(from: 16, to: 11, label: yes), .init(from: 16, to: 17, label: yes, weight: 2),
            .init(from: 17, to: 18, weight: 2), .init(from: 18, to: 19, weight: 2), .init(from: 19, to: 18, label: yes),
            .init(from: 19, to: 20, weight: 2), .init(from: 20, to: 21, weight: 2),
        ]
        let headers = [Size(width: 62, height: 32), Size(width: 62, height: 32), Size(width: 90, height: 32),
                       Size(width: 62, height: 32)]
        let graph = LayoutGraph(nodes: nodes, edges: edges, laneCount: 4, laneHeaders: headers)
        let layout = FlowLayoutEngine.layout(graph, starts: [0])
        Self.checkGeometry(graph, layout)
        #expect(layout.edges.filter(\.isBack).count == 5)
        #expect(Self.crossings(graph, layout) == 0)
    }

    @Test func theSameGraphGivesTheSameLayout() {
        let first = FlowLayoutEngine.layout(Self.laned, starts: [0])
        for _ in 0..<20 { #expect(FlowLayoutEngine.layout(Self.laned, starts: [0]) == first) }
    }
}

/// Writes a bare drawing of a layout, for looking at while working on the engine.
func debugSVG(_ layout: Layout) -> String {
    var s = "<svg xmlns='http://www.w3.org/2000/svg' width='\(layout.size.width)' height='\(layout.size.height)'>"
    for lane in layout.lanes { s += "<rect x='\(lane.x)' y='\(lane.y)' width='\(lane.width)' height='\(lane.height)' fill='none' stroke='#ccc'/>" }
    for (i, r) in layout.nodes.enumerated() {
        s += "<rect x='\(r.x)' y='\(r.y)' width='\(r.width)' height='\(r.height)' fill='#eef' stroke='#336'/><text x='\(r.midX)' y='\(r.midY + 5)' text-anchor='middle'>\(i)</text>"
    }
    for e in layout.edges {
        s += "<polyline fill='none' stroke='\(e.isBack ? "red" : "black")' points='\(e.points.map { "\($0.x),\($0.y)" }.joined(separator: " "))'/>"
        if let l = e.label { s += "<rect x='\(l.x)' y='\(l.y)' width='\(l.width)' height='\(l.height)' fill='none' stroke='green'/>" }
    }
    return s + "</svg>"
}
