import FlowLayout
import Foundation

enum Ours {
    static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func drawing(_ layout: Layout, _ bench: BenchGraph) -> Drawing {
        let g = bench.graph
        let nodes = g.nodes.indices.map { i in
            i < layout.nodes.count ? layout.nodes[i] : Rect(x: 0, y: 0, width: g.nodes[i].size.width, height: g.nodes[i].size.height)
        }
        let edges = g.edges.indices.map { i in i < layout.edges.count ? layout.edges[i].points : [] }
        let labels = g.edges.indices.map { i in i < layout.edges.count ? layout.edges[i].label : nil }
        return Drawing(nodes: nodes, shapes: g.nodes.map(\.shape), edges: edges,
                       ends: g.edges.map { ($0.from, $0.to) }, labels: labels,
                       extras: layout.lanes + layout.laneHeaders, bendRule: .orthogonal)
    }

    static func inside(_ p: Point, _ polygon: [Point]) -> Bool {
        guard polygon.count >= 3 else { return false }
        var sign = 0.0
        for i in polygon.indices {
            let c = Geometry.cross(polygon[i], polygon[(i + 1) % polygon.count], p)
            if c == 0 { continue }
            if sign == 0 { sign = c } else if (sign > 0) != (c > 0) { return false }
        }
        return true
    }

    /// Checks of the engine's documented contract (Graph.swift), reported for information: the
    /// counts, node sizes kept, segments horizontal or vertical, end points on their node's
    /// border (±1 px), a label box of the given size for every labelled edge, nodes inside
    /// their lane band, the drawing inside `size`.
    static func contractViolations(_ layout: Layout, _ bench: BenchGraph) -> [String] {
        let g = bench.graph
        var problems: [String] = []
        guard layout.nodes.count == g.nodes.count, layout.edges.count == g.edges.count else {
            return ["\(layout.nodes.count) node rects for \(g.nodes.count) nodes, \(layout.edges.count) routes for \(g.edges.count) edges"]
        }
        for (i, node) in g.nodes.enumerated() {
            let r = layout.nodes[i]
            if abs(r.width - node.size.width) > 0.01 || abs(r.height - node.size.height) > 0.01 {
                problems.append("node \(i): size changed")
            }
            if let lane = node.lane, lane < layout.lanes.count {
                let band = layout.lanes[lane]
                if r.minX < band.minX - 0.01 || r.maxX > band.maxX + 0.01 { problems.append("node \(i): outside lane \(lane)") }
            } else if node.lane != nil {
                problems.append("node \(i): no band for lane \(node.lane!)")
            }
            if r.minX < -0.01 || r.minY < -0.01 || r.maxX > layout.size.width + 0.01 || r.maxY > layout.size.height + 0.01 {
                problems.append("node \(i): outside the drawing")
            }
        }
        for (i, edge) in g.edges.enumerated() {
            let route = layout.edges[i]
            let p = route.points
            guard p.count >= 2 else { problems.append("edge \(i): fewer than 2 points"); continue }
            for s in 0..<(p.count - 1) where abs(p[s].x - p[s + 1].x) > 0.01 && abs(p[s].y - p[s + 1].y) > 0.01 {
                problems.append("edge \(i): segment \(s) is slanted")
            }
            for (point, node) in [(p.first!, edge.from), (p.last!, edge.to)] {
                let shape = g.nodes[node].shape
                let outer = Geometry.outline(layout.nodes[node], shape, inset: -1)
                let inner = Geometry.outline(layout.nodes[node], shape, inset: 1)
                if !inside(point, outer) || inside(point, inner) {
                    problems.append("edge \(i): end point not on the border of node \(node)")
                }
            }
            if let size = edge.label {
                if let r = route.label {
                    if abs(r.width - size.width) > 0.01 || abs(r.height - size.height) > 0.01 {
                        problems.append("edge \(i): label size changed")
                    }
                } else {
                    problems.append("edge \(i): label not placed")
                }
            }
        }
        if layout.lanes.count != g.laneCount { problems.append("\(layout.lanes.count) lane bands for \(g.laneCount) lanes") }
        return problems
    }

    /// The layout as text, every number in full (shortest round-trip) precision.
    static func serialise(_ layout: Layout) -> String {
        var out = "size \(layout.size.width) \(layout.size.height)\n"
        func rect(_ r: Rect) -> String { "\(r.x) \(r.y) \(r.width) \(r.height)" }
        for r in layout.nodes { out += "node \(rect(r))\n" }
        for e in layout.edges {
            out += "edge \(e.isBack)"
            for p in e.points { out += " \(p.x),\(p.y)" }
            out += e.label.map { " label \(rect($0))" } ?? ""
            out += "\n"
        }
        for r in layout.lanes { out += "lane \(rect(r))\n" }
        for r in layout.laneHeaders { out += "header \(rect(r))\n" }
        out += "ranks \(layout.ranks.map(String.init).joined(separator: " "))\n"
        return out
    }

    /// FNV-1a, 64 bits: a digest that is the same in every process (unlike Hasher).
    static func digest(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}
