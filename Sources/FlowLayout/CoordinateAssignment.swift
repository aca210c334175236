/// Phase 5: x coordinates, by network simplex on the auxiliary graph (Gansner et al. 1993, §4.2).
///
/// For every layered edge u–v an extra node n pulls both ends towards each other: edges n→u and n→v
/// of weight ω·weight make the optimum minimise Σ ω·|x(u) − x(v)|. ω is 1 between two steps, 2 when
/// one end is a dummy and 8 between two dummies, so long edges run straight, and 1 at a back edge's
/// ports, so a back edge bends before the main path does; the author's main path
/// weighs more still (its edges carry a higher weight). Neighbours in a row keep their separation. Each
/// lane is a pair of border nodes that every node of the lane lies between, lanes side by side, and the
/// width of each band is minimised too, so bands fit their content.
struct CoordinateAssignment {
    /// Per layered node, its x.
    let x: [Double]
    /// Per lane, its left and right border.
    let laneBounds: [(left: Double, right: Double)]

    /// Coordinates are solved in integer units of 1/scale px.
    private static let scale = 2.0

    init(_ graph: LayeredGraph, rows: [[Int]], laneCount: Int, laneHeaderWidths: [Double],
         options: LayoutOptions) {
        let n = graph.nodes.count
        let lanes = max(1, laneCount)
        func units(_ value: Double) -> Int { Int((value * Self.scale).rounded(.up)) }
        var edges: [NetworkSimplex.Edge] = []
        var nodeCount = n
        // Lane borders: left of lane k is node n + 2k, right is n + 2k + 1.
        let borderBase = nodeCount
        nodeCount += 2 * lanes
        for lane in 0..<lanes {
            let left = borderBase + 2 * lane, right = left + 1
            let header = lane < laneHeaderWidths.count ? laneHeaderWidths[lane] : 0
            edges.append(.init(from: left, to: right, minlen: units(header + 2 * options.lanePadding), weight: 1))
            if lane + 1 < lanes {
                edges.append(.init(from: right, to: left + 2, minlen: 0, weight: 0))
            }
        }
        for (index, node) in graph.nodes.enumerated() {
            let left = borderBase + 2 * min(node.lane, lanes - 1)
            let padding = node.isReal ? options.lanePadding : options.lanePadding / 2
            edges.append(.init(from: left, to: index, minlen: units(node.left + padding), weight: 0))
            edges.append(.init(from: index, to: left + 1, minlen: units(node.right + padding), weight: 0))
        }
        // Separation within rows.
        for row in rows {
            for (a, b) in zip(row, row.dropFirst()) {
                let bothReal = graph.nodes[a].isReal && graph.nodes[b].isReal
                let gap = bothReal ? options.nodeSeparation : options.edgeSeparation
                edges.append(.init(from: a, to: b, minlen: units(graph.nodes[a].right + gap + graph.nodes[b].left),
                                   weight: 0))
            }
        }
        // Straightness: one helper node per layered edge.
        func omega(_ a: Int, _ b: Int) -> Int {
            // A back edge gives way to the steps: its ports pull weakly, so the main path stays straight.
            if case .port = graph.nodes[a].kind { return 1 }
            if case .port = graph.nodes[b].kind { return 1 }
            switch (graph.nodes[a].isReal, graph.nodes[b].isReal) {
            case (true, true): return 1
            case (false, false): return 8
            // A long edge bends near its source and comes straight down into its target.
            case (false, true): return 3
            case (true, false): return 2
            }
        }
        for link in graph.links {
            let helper = nodeCount
            nodeCount += 1
            let w = omega(link.upper, link.lower) * link.weight
            edges.append(.init(from: helper, to: link.upper, minlen: 0, weight: w))
            edges.append(.init(from: helper, to: link.lower, minlen: 0, weight: w))
        }
        // A back edge's ports stay close to their steps.
        for (index, node) in graph.nodes.enumerated() {
            if case .port(_, let owner) = node.kind {
                let helper = nodeCount
                nodeCount += 1
                edges.append(.init(from: helper, to: owner, minlen: 0, weight: 2))
                edges.append(.init(from: helper, to: index, minlen: 0, weight: 2))
            }
        }
        var simplex = NetworkSimplex(nodeCount: nodeCount, edges: edges)
        var solution = simplex.solve()
        Self.alignTies(&solution, graph: graph, constraints: edges, realLimit: borderBase + 2 * lanes, omega: omega)
        let origin = solution[borderBase]
        x = (0..<n).map { Double(solution[$0] - origin) / Self.scale }
        laneBounds = (0..<lanes).map { lane in
            (Double(solution[borderBase + 2 * lane] - origin) / Self.scale,
             Double(solution[borderBase + 2 * lane + 1] - origin) / Self.scale)
        }
    }

    /// Network simplex leaves a step anywhere in a range when its pulls balance (a step between its
    /// predecessor and its successor, each one edge away). Where it costs nothing, a step moves under
    /// its predecessor (or over its successor), so short chains run straight rather than jogging twice.
    private static func alignTies(
        _ x: inout [Int], graph: LayeredGraph, constraints: [NetworkSimplex.Edge], realLimit: Int,
        omega: (Int, Int) -> Int
    ) {
        let n = graph.nodes.count
        var lowerBounds = Array(repeating: [(node: Int, minlen: Int)](), count: n)
        var upperBounds = Array(repeating: [(node: Int, minlen: Int)](), count: n)
        for edge in constraints where edge.from < realLimit && edge.to < realLimit {
            if edge.to < n { lowerBounds[edge.to].append((edge.from, edge.minlen)) }
            if edge.from < n { upperBounds[edge.from].append((edge.to, edge.minlen)) }
        }
        var above = Array(repeating: [(node: Int, weight: Int)](), count: n)
        var below = Array(repeating: [(node: Int, weight: Int)](), count: n)
        for link in graph.links {
            let w = omega(link.upper, link.lower) * link.weight
            below[link.upper].append((link.lower, w))
            above[link.lower].append((link.upper, w))
        }
        func cost(_ node: Int, at position: Int) -> Int {
            (above[node] + below[node]).reduce(0) { $0 + $1.weight * abs(position - x[$1.node]) }
        }
        let order = (0..<n).filter { graph.nodes[$0].isReal }.sorted {
            (graph.nodes[$0].rank, $0) < (graph.nodes[$1].rank, $1)
        }
        // Moving one step can free its neighbour in the row: a few rounds, until nothing moves.
        var moved = true
        var rounds = 0
        while moved && rounds < 4 {
            moved = false
            rounds += 1
            for node in order {
                let low = lowerBounds[node].map { x[$0.node] + $0.minlen }.max() ?? Int.min
                let high = upperBounds[node].map { x[$0.node] - $0.minlen }.min() ?? Int.max
                let current = cost(node, at: x[node])
                for candidate in above[node].map(\.node) + below[node].map(\.node) {
                    let target = x[candidate]
                    guard target != x[node], target >= low, target <= high else { continue }
                    if cost(node, at: target) <= current {
                        x[node] = target
                        moved = true
                        break
                    }
                }
            }
        }
    }
}
