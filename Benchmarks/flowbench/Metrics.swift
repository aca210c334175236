import FlowLayout
import Foundation

/// What the metrics see of a layout, ours or dot's: geometry only.
struct Drawing {
    enum BendRule { case orthogonal, sampledCurve }

    var nodes: [Rect]
    var shapes: [LayoutGraph.Shape]
    /// Polylines, one per input edge (dot's splines already sampled).
    var edges: [[Point]]
    var ends: [(from: Int, to: Int)]
    /// Label boxes, one per input edge (nil when the edge has none, or the layout gave none).
    var labels: [Rect?]
    /// Lane bands / clusters and headers: only for the drawing's bounding box.
    var extras: [Rect]
    var bendRule: BendRule
    /// For a drawing with lanes: whether the bands stand left to right in the lanes' given order
    /// (riskpress keeps the order the author wrote; dot may move its clusters).
    var keptLaneOrder: Bool? = nil
}

struct Metrics {
    var crossings = 0
    var nodeOverlaps = 0
    var labelLabelOverlaps = 0
    var labelNodeOverlaps = 0
    var labelEdgeOverlaps = 0
    var edgesThroughNodes = 0
    /// Informational: pairs of edges without a common endpoint that run on top of each other.
    var edgeEdgeOverlaps = 0
    var bends = 0
    var maxBends = 0
    var edgeCount = 0
    var width = 0.0
    var height = 0.0
    /// What was found, edge and node by index (only with `metrics(explain: true)`).
    var notes: [String] = []
    var keptLaneOrder: Bool?
    /// The edges drawn pointing up (head above tail): the edges the layout turned round to break
    /// cycles. riskpress turns round the edges that go against the author's order; dot chooses its own.
    var upward: Set<Int> = []
    var area: Double { width * height }
    var overlapsOfAnyKind: Int { nodeOverlaps + labelLabelOverlaps + labelNodeOverlaps + labelEdgeOverlaps }
}

enum Geometry {
    static let overlapTolerance = 0.5  // rect / shape overlaps must be deeper than this (px)
    static let shrink = 1.0  // nodes and labels are shrunk by this much before segment tests (px)

    static func cross(_ o: Point, _ a: Point, _ b: Point) -> Double {
        (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
    }

    /// Proper intersection: the segments cross at a point interior to both (touching, shared
    /// end points and collinear overlaps are not crossings).
    static func properlyIntersect(_ a: Point, _ b: Point, _ c: Point, _ d: Point) -> Bool {
        let eps = 1e-9
        let d1 = cross(a, b, c), d2 = cross(a, b, d), d3 = cross(c, d, a), d4 = cross(c, d, b)
        return ((d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps))
            && ((d3 > eps && d4 < -eps) || (d3 < -eps && d4 > eps))
    }

    /// Drops repeated points and interior points on a straight line, so every interior point
    /// left is a real change of direction.
    static func simplify(_ points: [Point]) -> [Point] {
        var out: [Point] = []
        for p in points {
            if let last = out.last, abs(last.x - p.x) < 1e-9 && abs(last.y - p.y) < 1e-9 { continue }
            if out.count >= 2 {
                let a = out[out.count - 2], b = out[out.count - 1]
                let abx = b.x - a.x, aby = b.y - a.y, bpx = p.x - b.x, bpy = p.y - b.y
                let lengths = (abx * abx + aby * aby).squareRoot() * (bpx * bpx + bpy * bpy).squareRoot()
                let crossValue = abx * bpy - aby * bpx
                let dot = abx * bpx + aby * bpy
                if abs(crossValue) <= 1e-9 * max(lengths, 1) && dot > 0 { out[out.count - 1] = p; continue }
            }
            out.append(p)
        }
        return out
    }

    /// The node's outline as a convex polygon: its rectangle, or the rhombus inscribed in it;
    /// `inset` moves every side inwards by that many px.
    static func outline(_ r: Rect, _ shape: LayoutGraph.Shape, inset: Double = 0) -> [Point] {
        switch shape {
        case .box:
            let x0 = r.minX + inset, x1 = r.maxX - inset, y0 = r.minY + inset, y1 = r.maxY - inset
            guard x0 < x1, y0 < y1 else { return [] }
            return [Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1), Point(x: x0, y: y1)]
        case .diamond:
            let a = r.width / 2, b = r.height / 2
            guard a > 0, b > 0 else { return [] }
            let h = a * b / (a * a + b * b).squareRoot()  // centre to side
            guard h > inset else { return [] }
            let s = (h - inset) / h
            return [Point(x: r.midX, y: r.midY - b * s), Point(x: r.midX + a * s, y: r.midY),
                    Point(x: r.midX, y: r.midY + b * s), Point(x: r.midX - a * s, y: r.midY)]
        }
    }

    /// Length of the part of segment a–b strictly inside the convex polygon (Cyrus–Beck).
    static func clippedLength(_ a: Point, _ b: Point, _ polygon: [Point]) -> Double {
        guard polygon.count >= 3 else { return 0 }
        // Orientation of the polygon, so "inside" is the same side for every edge.
        var area2 = 0.0
        for i in polygon.indices {
            let p = polygon[i], q = polygon[(i + 1) % polygon.count]
            area2 += p.x * q.y - q.x * p.y
        }
        let sign: Double = area2 >= 0 ? 1 : -1
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for i in polygon.indices {
            let p = polygon[i], q = polygon[(i + 1) % polygon.count]
            // inside: sign * cross(p, q, x) > 0
            let ex = q.x - p.x, ey = q.y - p.y
            let f0 = sign * (ex * (a.y - p.y) - ey * (a.x - p.x))
            let fd = sign * (ex * dy - ey * dx)
            if abs(fd) < 1e-12 {
                if f0 <= 0 { return 0 }
            } else {
                let t = -f0 / fd
                if fd > 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
                if t0 >= t1 { return 0 }
            }
        }
        return (t1 - t0) * (dx * dx + dy * dy).squareRoot()
    }

    static func polylineEnters(_ points: [Point], _ polygon: [Point]) -> Bool {
        guard points.count >= 2 else { return false }
        for i in 0..<(points.count - 1) where clippedLength(points[i], points[i + 1], polygon) > 1e-6 {
            return true
        }
        return false
    }

    /// Depth of overlap of two convex polygons (separating axis theorem): 0 when they are apart
    /// or only touch, else the smallest push that separates them.
    static func overlapDepth(_ p: [Point], _ q: [Point]) -> Double {
        guard p.count >= 3, q.count >= 3 else { return 0 }
        var depth = Double.infinity
        for polygon in [p, q] {
            for i in polygon.indices {
                let a = polygon[i], b = polygon[(i + 1) % polygon.count]
                var nx = -(b.y - a.y), ny = b.x - a.x
                let length = (nx * nx + ny * ny).squareRoot()
                guard length > 0 else { continue }
                nx /= length; ny /= length
                let pp = p.map { $0.x * nx + $0.y * ny }, qq = q.map { $0.x * nx + $0.y * ny }
                let overlap = min(pp.max()!, qq.max()!) - max(pp.min()!, qq.min()!)
                if overlap <= 0 { return 0 }
                depth = min(depth, overlap)
            }
        }
        return depth
    }

    static func rectOverlap(_ a: Rect, _ b: Rect) -> Bool {
        min(a.maxX, b.maxX) - max(a.minX, b.minX) > overlapTolerance
            && min(a.maxY, b.maxY) - max(a.minY, b.minY) > overlapTolerance
    }

    /// Bends of an orthogonal polyline: interior points where the direction changes.
    static func orthogonalBends(_ points: [Point]) -> Int { max(0, simplify(points).count - 2) }

    /// Bends of a sampled curve: the signed turning angles at the sample points are grouped into
    /// runs of one sign (turns under 0.5° are neutral and neither start nor end a run); a run
    /// that turns more than 20° in total is max(1, round(total / 90°)) bends, so a smooth 90°
    /// turn counts 1, an S counts 2 and a U-turn 2, as they would drawn orthogonally.
    static func curveBends(_ points: [Point]) -> Int {
        let p = simplify(points)
        guard p.count >= 3 else { return 0 }
        var bends = 0
        var run = 0.0
        func close() {
            let degrees = abs(run) * 180 / .pi
            if degrees > 20 { bends += max(1, Int((degrees / 90).rounded())) }
            run = 0
        }
        for i in 1..<(p.count - 1) {
            let a1 = atan2(p[i].y - p[i - 1].y, p[i].x - p[i - 1].x)
            let a2 = atan2(p[i + 1].y - p[i].y, p[i + 1].x - p[i].x)
            var turn = a2 - a1
            while turn > .pi { turn -= 2 * .pi }
            while turn <= -.pi { turn += 2 * .pi }
            if abs(turn) < 0.5 * .pi / 180 { continue }
            if run != 0 && (run > 0) != (turn > 0) { close() }
            run += turn
        }
        close()
        return bends
    }

    /// Two axis-parallel segments on the same line sharing more than 1 px.
    static func collinearOverlap(_ a: Point, _ b: Point, _ c: Point, _ d: Point) -> Bool {
        let tol = 0.5
        if abs(a.x - b.x) < tol && abs(c.x - d.x) < tol && abs(a.x - c.x) < tol {
            return min(max(a.y, b.y), max(c.y, d.y)) - max(min(a.y, b.y), min(c.y, d.y)) > 1
        }
        if abs(a.y - b.y) < tol && abs(c.y - d.y) < tol && abs(a.y - c.y) < tol {
            return min(max(a.x, b.x), max(c.x, d.x)) - max(min(a.x, b.x), min(c.x, d.x)) > 1
        }
        return false
    }
}

extension Drawing {
    func metrics(explain: Bool = false) -> Metrics {
        var m = Metrics()
        m.keptLaneOrder = keptLaneOrder
        m.upward = Set(ends.indices.filter { nodes[ends[$0].to].midY < nodes[ends[$0].from].midY - 1 })
        func note(_ text: @autoclosure () -> String) { if explain { m.notes.append(text()) } }
        let polylines = edges.map(Geometry.simplify)
        let outlines = nodes.indices.map { Geometry.outline(nodes[$0], shapes[$0]) }
        let shrunk = nodes.indices.map { Geometry.outline(nodes[$0], shapes[$0], inset: Geometry.shrink) }
        m.edgeCount = edges.count
        func share(_ i: Int, _ j: Int) -> Bool {
            let a = ends[i], b = ends[j]
            return a.from == b.from || a.from == b.to || a.to == b.from || a.to == b.to
        }
        // Bounding boxes of the polylines, to skip far pairs quickly.
        let boxes: [Rect] = polylines.map { pts in
            guard let first = pts.first else { return Rect(x: 0, y: 0, width: -1, height: -1) }
            var x0 = first.x, x1 = first.x, y0 = first.y, y1 = first.y
            for p in pts { x0 = min(x0, p.x); x1 = max(x1, p.x); y0 = min(y0, p.y); y1 = max(y1, p.y) }
            return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        }
        func near(_ a: Rect, _ b: Rect, _ slack: Double = 0.5) -> Bool {
            a.width >= 0 && b.width >= 0 && a.minX <= b.maxX + slack && b.minX <= a.maxX + slack
                && a.minY <= b.maxY + slack && b.minY <= a.maxY + slack
        }

        // Crossings and collinear edge overlaps, between edges with no endpoint in common.
        for i in polylines.indices {
            for j in (i + 1)..<polylines.count where !share(i, j) && near(boxes[i], boxes[j]) {
                let p = polylines[i], q = polylines[j]
                guard p.count >= 2, q.count >= 2 else { continue }
                var runsTogether = false
                for s in 0..<(p.count - 1) {
                    for t in 0..<(q.count - 1) {
                        if Geometry.properlyIntersect(p[s], p[s + 1], q[t], q[t + 1]) {
                            m.crossings += 1
                            note("crossing: edge \(i) (\(ends[i].from)→\(ends[i].to)) × edge \(j) (\(ends[j].from)→\(ends[j].to))")
                        }
                        if !runsTogether && Geometry.collinearOverlap(p[s], p[s + 1], q[t], q[t + 1]) {
                            runsTogether = true
                        }
                    }
                }
                if runsTogether {
                    m.edgeEdgeOverlaps += 1
                    note("edge–edge overlap: edge \(i) (\(ends[i].from)→\(ends[i].to)) and edge \(j) (\(ends[j].from)→\(ends[j].to))")
                }
            }
        }
        // Node–node overlaps (boxes as rectangles, diamonds as rhombi).
        for i in nodes.indices {
            for j in (i + 1)..<nodes.count where near(nodes[i], nodes[j])
                && Geometry.overlapDepth(outlines[i], outlines[j]) > Geometry.overlapTolerance {
                m.nodeOverlaps += 1
                note("node–node overlap: node \(i) and node \(j)")
            }
        }
        // Edges through nodes that are not their endpoints (node outline shrunk by 1 px).
        for e in polylines.indices {
            for k in nodes.indices where k != ends[e].from && k != ends[e].to && near(boxes[e], nodes[k])
                && Geometry.polylineEnters(polylines[e], shrunk[k]) {
                m.edgesThroughNodes += 1
                note("edge through node: edge \(e) (\(ends[e].from)→\(ends[e].to)) through node \(k)")
            }
        }
        // Labels.
        let labelled = labels.indices.filter { labels[$0] != nil }
        for (n, i) in labelled.enumerated() {
            let a = labels[i]!
            for j in labelled[(n + 1)...] where Geometry.rectOverlap(a, labels[j]!) {
                m.labelLabelOverlaps += 1
                note("label–label overlap: labels of edges \(i) and \(j)")
            }
            let box = Geometry.outline(a, .box)
            for k in nodes.indices where near(a, nodes[k])
                && Geometry.overlapDepth(box, outlines[k]) > Geometry.overlapTolerance {
                m.labelNodeOverlaps += 1
                note("label–node overlap: label of edge \(i) on node \(k)")
            }
            let inner = Geometry.outline(a, .box, inset: Geometry.shrink)
            for e in polylines.indices where e != i && near(boxes[e], a) && Geometry.polylineEnters(polylines[e], inner) {
                m.labelEdgeOverlaps += 1
                note("label–edge overlap: label of edge \(i) crossed by edge \(e)")
            }
        }
        // Bends.
        for points in edges {
            let b = bendRule == .orthogonal ? Geometry.orthogonalBends(points) : Geometry.curveBends(points)
            m.bends += b
            m.maxBends = max(m.maxBends, b)
        }
        // Bounding box of everything drawn.
        var x0 = Double.infinity, y0 = Double.infinity, x1 = -Double.infinity, y1 = -Double.infinity
        func add(_ r: Rect) { x0 = min(x0, r.minX); y0 = min(y0, r.minY); x1 = max(x1, r.maxX); y1 = max(y1, r.maxY) }
        nodes.forEach(add)
        labels.compactMap { $0 }.forEach(add)
        extras.forEach(add)
        boxes.filter { $0.width >= 0 }.forEach(add)
        if x1 > x0 { m.width = x1 - x0; m.height = y1 - y0 }
        return m
    }
}
