/// Phases 6 and 7: rows stacked top to bottom, and every edge drawn as an orthogonal polyline.
///
/// An edge leaves its step at the bottom and enters the next at the top; where it must move sideways it
/// does so on a track of its own in the gap between two rows, and each gap is as tall as its tracks
/// need. Edges that come down into one box each enter it at a port of their own along its top (see
/// `entries`), so every branch that meets another there ends in its own arrow. Between rows an edge runs vertically through its dummy nodes, which the coordinate phase kept
/// clear of everything else. A back edge leaves its step at the side, runs up beside the steps through
/// its port and dummy nodes and enters its target at the side. A label sits right of its line, in the
/// room its label node reserved.
struct EdgeRouting {
    struct Route {
        var points: [Point]
        var label: Rect?
        var isBack: Bool
    }

    private struct Jog {
        var edge: Int
        var from: Double
        var to: Double
        var upper: Int
        var lower: Int
        var low: Double { min(from, to) }
        var high: Double { max(from, to) }
    }

    let graph: LayoutGraph
    let layered: LayeredGraph
    let rows: [[Int]]
    let x: [Double]
    let reversed: [Bool]
    let options: LayoutOptions

    private var rowHeight: [Double]
    private var rowTop: [Double] = []
    private var gapHeight: [Double] = []
    /// Per edge, the x where it enters its target's top when that is not the target's centre line.
    private let entry: [Double?]
    /// Per edge and gap (the gap below row r is r), the track's index and the gap's track count.
    private var track: [[Int: Int]]
    private var trackCount: [Int]
    private(set) var bottom: Double = 0

    init(graph: LayoutGraph, layered: LayeredGraph, rows: [[Int]], x: [Double], reversed: [Bool],
         options: LayoutOptions) {
        self.graph = graph
        self.layered = layered
        self.rows = rows
        self.x = x
        self.reversed = reversed
        self.options = options
        rowHeight = rows.map { row in row.map { layered.nodes[$0].height }.max() ?? 0 }
        entry = Self.entries(graph: graph, layered: layered, x: x, reversed: reversed, options: options)
        track = Array(repeating: [:], count: graph.edges.count)
        trackCount = Array(repeating: 0, count: max(0, rows.count - 1))
        assignTracks()
    }

    /// The ports on the top of each box that several forward edges come down into: each edge enters
    /// straight below the node it comes from when that lies over the box (so it needs no sideways move),
    /// else at the box's nearer end; ports keep the order the edges arrive in, from left to right, and
    /// stand `2 × edgeSeparation` apart (closer on a narrow box), clear of the corners. A decision is
    /// entered at its top corner, the one point its top has.
    private static func entries(graph: LayoutGraph, layered: LayeredGraph, x: [Double], reversed: [Bool],
                                options: LayoutOptions) -> [Double?] {
        var incoming = Array(repeating: [Int](), count: graph.nodes.count)
        for (edge, chain) in layered.chains.enumerated() where chain != nil && !reversed[edge] {
            incoming[graph.edges[edge].to].append(edge)
        }
        var entry = Array(repeating: Double?.none, count: graph.edges.count)
        for (target, edges) in incoming.enumerated() where edges.count > 1 && graph.nodes[target].shape == .box {
            // The node in the row above each edge's end: the edge comes down from its x.
            func above(_ edge: Int) -> Double {
                let chain = layered.chains[edge]!
                return x[chain[chain.count - 2]]
            }
            let arriving = edges.sorted { (above($0), $0) < (above($1), $1) }
            let width = graph.nodes[target].size.width
            let inset = min(2 * options.edgeSeparation, width / 4)
            let low = x[target] - width / 2 + inset, high = x[target] + width / 2 - inset
            let spacing = min(2 * options.edgeSeparation, (high - low) / Double(arriving.count - 1))
            var ports = arriving.map { min(max(above($0), low), high) }
            // Apart, left to right, then back inside the box from the right.
            for i in ports.indices.dropFirst() { ports[i] = max(ports[i], ports[i - 1] + spacing) }
            ports[ports.count - 1] = min(ports[ports.count - 1], high)
            for i in ports.indices.dropLast().reversed() { ports[i] = min(ports[i], ports[i + 1] - spacing) }
            for (edge, port) in zip(arriving, ports) { entry[edge] = port }
        }
        return entry
    }

    /// The x of an edge's line where it meets `node`, the lower end of one of its links: its port on its
    /// target, or the node's own line.
    private func lineX(edge: Int, at node: Int) -> Double {
        if node == graph.edges[edge].to && !reversed[edge], let port = entry[edge] { return port }
        return x[node]
    }

    /// Gives each sideways move in each gap a track, so no two moves share a stretch of line.
    private mutating func assignTracks() {
        var jogs = Array(repeating: [Jog](), count: trackCount.count)
        for (edge, chain) in layered.chains.enumerated() {
            guard let chain else { continue }
            for (upper, lower) in zip(chain, chain.dropFirst()) where x[upper] != lineX(edge: edge, at: lower) {
                jogs[layered.nodes[upper].rank].append(
                    Jog(edge: edge, from: x[upper], to: lineX(edge: edge, at: lower), upper: upper, lower: lower))
            }
        }
        for gap in jogs.indices {
            // Top to bottom: moves to the right, the one that leaves furthest right first, then moves to
            // the left, the one that leaves furthest left first. Of two overlapping moves in the same
            // direction, the other order would make each cross the other's vertical stub.
            let rightward = jogs[gap].filter { $0.to > $0.from }.sorted { ($1.from, $0.edge) < ($0.from, $1.edge) }
            let leftward = jogs[gap].filter { $0.to < $0.from }.sorted { ($0.from, $0.edge) < ($1.from, $1.edge) }
            var placed: [(jog: Jog, track: Int)] = []
            for jog in rightward + leftward {
                // Below every earlier move it conflicts with; otherwise as high as it goes.
                let below = placed.filter { !compatible($0.jog, jog) }.map(\.track).max() ?? -1
                var t = below + 1
                // Sharing a track with a compatible move is fine; sharing with a conflicting one is not.
                while placed.contains(where: { $0.track == t && !compatible($0.jog, jog) }) { t += 1 }
                placed.append((jog, t))
                track[jog.edge][gap] = t
            }
            trackCount[gap] = (placed.map(\.track).max() ?? -1) + 1
        }
    }

    /// Two moves may share a track when they do not overlap, or meet only where they leave the same
    /// node (a decision's trunk) or reach the same node (a merge).
    private func compatible(_ a: Jog, _ b: Jog) -> Bool {
        let gap = options.edgeSeparation
        if a.high + gap <= b.low || b.high + gap <= a.low { return true }
        if a.upper == b.upper && a.from == b.from {
            // Same trunk: fine when they go opposite ways.
            return (a.to - a.from) * (b.to - b.from) < 0
        }
        if a.lower == b.lower && a.to == b.to {
            return (a.from - a.to) * (b.from - b.to) < 0
        }
        return false
    }

    mutating func stackRows(top: Double) {
        rowTop = []
        gapHeight = trackCount.map { max(options.rankSeparation, Double($0 + 1) * options.edgeSeparation) }
        var y = top
        for r in rows.indices {
            rowTop.append(y)
            y += rowHeight[r]
            if r < gapHeight.count { y += gapHeight[r] }
        }
        bottom = y
    }

    private func centreY(_ node: Int) -> Double {
        let r = layered.nodes[node].rank
        return rowTop[r] + rowHeight[r] / 2
    }

    private func trackY(edge: Int, gap: Int) -> Double {
        let t = track[edge][gap] ?? 0
        let rowBottom = rowTop[gap] + rowHeight[gap]
        return rowBottom + Double(t + 1) * gapHeight[gap] / Double(trackCount[gap] + 1)
    }

    func rect(ofReal index: Int) -> Rect {
        let size = graph.nodes[index].size
        let cy = centreY(index)
        return Rect(x: x[index] - size.width / 2, y: cy - size.height / 2, width: size.width, height: size.height)
    }

    /// Where a back edge meets its step's side, towards `towardsX`; several on one side are spread out.
    private func sidePoint(owner: Int, port: Int, edge: Int) -> Point {
        let r = rect(ofReal: owner)
        let onRight = x[port] > x[owner]
        let sideX = onRight ? r.maxX : r.minX
        if graph.nodes[owner].shape == .diamond { return Point(x: sideX, y: r.midY) }
        // Ports of this owner on this side, in row order.
        let row = rows[layered.nodes[owner].rank]
        let siblings = row.filter { node in
            if case .port(_, let o) = layered.nodes[node].kind, o == owner { return (x[node] > x[owner]) == onRight }
            return false
        }
        guard siblings.count > 1, let i = siblings.firstIndex(of: port) else { return Point(x: sideX, y: r.midY) }
        let spread = min(options.edgeSeparation, (r.height - 8) / Double(siblings.count - 1))
        let offset = (Double(i) - Double(siblings.count - 1) / 2) * spread
        return Point(x: sideX, y: r.midY + offset)
    }

    func routes() -> [Route] {
        graph.edges.indices.map { route(edge: $0) }
    }

    private func route(edge index: Int) -> Route {
        let edge = graph.edges[index]
        guard let chain = layered.chains[index] else { return selfLoop(index) }
        let isBack = reversed[index]
        var points: [Point] = []
        var portY: [Int: Double] = [:]
        // Top end.
        let first = chain[0]
        if isBack {
            let side = sidePoint(owner: edge.to, port: first, edge: index)
            points.append(side)
            points.append(Point(x: x[first], y: side.y))
            portY[first] = side.y
        } else {
            points.append(Point(x: x[first], y: rect(ofReal: first).maxY))
        }
        for (upper, lower) in zip(chain, chain.dropFirst()) where x[upper] != lineX(edge: index, at: lower) {
            let y = trackY(edge: index, gap: layered.nodes[upper].rank)
            points.append(Point(x: x[upper], y: y))
            points.append(Point(x: lineX(edge: index, at: lower), y: y))
        }
        let last = chain[chain.count - 1]
        if isBack {
            let side = sidePoint(owner: edge.from, port: last, edge: index)
            points.append(Point(x: x[last], y: side.y))
            points.append(side)
        } else {
            points.append(Point(x: lineX(edge: index, at: last), y: rect(ofReal: last).minY))
        }
        var label: Rect?
        if let size = edge.label, let node = chain.first(where: {
            if case .label = layered.nodes[$0].kind { return true }
            return false
        }) {
            label = Rect(x: x[node] + 4, y: centreY(node) - size.height / 2, width: size.width, height: size.height)
        }
        if isBack { points.reverse() }
        return Route(points: simplified(points), label: label, isBack: isBack)
    }

    private func selfLoop(_ index: Int) -> Route {
        let r = rect(ofReal: graph.edges[index].from)
        let out = r.maxX + 2 * options.edgeSeparation
        let upper = r.midY - r.height / 4, lower = r.midY + r.height / 4
        let points = graph.nodes[graph.edges[index].from].shape == .diamond
            ? [Point(x: r.midX, y: r.minY), Point(x: r.midX, y: r.minY - 6), Point(x: out, y: r.minY - 6),
               Point(x: out, y: r.midY), Point(x: r.maxX, y: r.midY)]
            : [Point(x: r.maxX, y: upper), Point(x: out, y: upper), Point(x: out, y: lower), Point(x: r.maxX, y: lower)]
        return Route(points: points, label: nil, isBack: true)
    }

    /// Drops repeated points and points in the middle of a straight run.
    private func simplified(_ points: [Point]) -> [Point] {
        var result: [Point] = []
        for p in points {
            if let last = result.last, last == p { continue }
            if result.count >= 2 {
                let a = result[result.count - 2], b = result[result.count - 1]
                if (a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y) {
                    result[result.count - 1] = p
                    continue
                }
            }
            result.append(p)
        }
        return result
    }
}
