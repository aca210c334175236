/// The layered (Sugiyama) layout of a flow chart, phase by phase:
///
/// 1. ``CycleBreaking`` — back edges turned round, the author's order kept;
/// 2. ranks by ``NetworkSimplex`` and 3. the proper ``LayeredGraph`` (dummies, label nodes, ports);
/// 4. ``CrossingReduction`` — the order in each row;
/// 5. ``CoordinateAssignment`` — x by network simplex, lanes as bands;
/// 6. rows stacked top to bottom, and 7. ``EdgeRouting`` — orthogonal polylines in the gaps between rows.
public enum FlowLayoutEngine {
    /// Lays `graph` out. Deterministic: the same graph and options give the same layout.
    /// `starts` are nodes to begin the flow from (start steps), in order; the first node otherwise.
    public static func layout(_ graph: LayoutGraph, starts: [Int] = [], options: LayoutOptions = LayoutOptions())
        -> Layout
    {
        guard !graph.nodes.isEmpty else {
            return Layout(nodes: [], edges: [], lanes: [], laneHeaders: [],
                          size: Size(width: 2 * options.margin, height: 2 * options.margin), ranks: [])
        }
        let validStarts = starts.filter { graph.nodes.indices.contains($0) }
        let cycles = CycleBreaking(nodeCount: graph.nodes.count, edges: graph.edges.map { ($0.from, $0.to) },
                                   starts: validStarts)
        var layered = LayeredGraph(graph: graph, reversed: cycles.reversed, options: options)
        let order = CrossingReduction(layered, starts: validStarts)
        for (node, lane) in order.finalLanes.enumerated() { layered.nodes[node].lane = lane }
        let laneCount = graph.laneCount
        let headerWidths = (0..<max(1, laneCount)).map { lane in
            lane < graph.laneHeaders.count ? graph.laneHeaders[lane].width : 0
        }
        let rows = keepPortsBesideOwners(order.rows, layered)
        let coordinates = CoordinateAssignment(layered, rows: rows, laneCount: laneCount,
                                               laneHeaderWidths: headerWidths, options: options)
        let headerHeight = laneCount > 0 ? (graph.laneHeaders.map(\.height).max() ?? 0) + options.lanePadding : 0
        var routing = EdgeRouting(graph: graph, layered: layered, rows: rows, x: coordinates.x,
                                  reversed: cycles.reversed, options: options)
        routing.stackRows(top: options.margin + headerHeight + options.lanePadding)
        let routes = routing.routes()

        let dx = options.margin
        func shifted(_ r: Rect) -> Rect { Rect(x: r.x + dx, y: r.y, width: r.width, height: r.height) }
        let nodeRects = graph.nodes.indices.map { shifted(routing.rect(ofReal: $0)) }
        let edgeRoutes = routes.map { route in
            Layout.EdgeRoute(points: route.points.map { Point(x: $0.x + dx, y: $0.y) },
                             label: route.label.map(shifted), isBack: route.isBack)
        }
        let height = routing.bottom + options.lanePadding + options.margin
        var lanes: [Rect] = []
        var headers: [Rect] = []
        if laneCount > 0 {
            for lane in 0..<laneCount {
                let bounds = coordinates.laneBounds[lane]
                lanes.append(Rect(x: bounds.left + dx, y: options.margin, width: bounds.right - bounds.left,
                                  height: height - 2 * options.margin))
                let header = lane < graph.laneHeaders.count ? graph.laneHeaders[lane] : Size(width: 0, height: 0)
                headers.append(Rect(x: bounds.left + dx + (bounds.right - bounds.left - header.width) / 2,
                                    y: options.margin + options.lanePadding / 2, width: header.width,
                                    height: header.height))
            }
        }
        let right = coordinates.laneBounds.map(\.right).max() ?? 0
        return Layout(nodes: nodeRects, edges: edgeRoutes, lanes: lanes, laneHeaders: headers,
                      size: Size(width: right + 2 * options.margin, height: height),
                      ranks: graph.nodes.indices.map { layered.nodes[$0].rank })
    }

    /// A back edge runs horizontally from its step's side to its port: nothing may stand between them.
    /// Moves each port next to its owner, on the side where the crossing reduction put it.
    static func keepPortsBesideOwners(_ rows: [[Int]], _ graph: LayeredGraph) -> [[Int]] {
        rows.map { row in
            guard row.contains(where: { if case .port = graph.nodes[$0].kind { return true } else { return false } }) else {
                return row
            }
            var result = row.filter { node in
                if case .port = graph.nodes[node].kind { return false }
                return true
            }
            let ports = row.enumerated().compactMap { (i, node) -> (position: Int, node: Int, owner: Int)? in
                if case .port(_, let owner) = graph.nodes[node].kind { return (i, node, owner) }
                return nil
            }
            let original = Dictionary(uniqueKeysWithValues: row.enumerated().map { ($1, $0) })
            for port in ports {
                guard let at = result.firstIndex(of: port.owner) else { continue }
                let onLeft = port.position < (original[port.owner] ?? 0)
                if onLeft {
                    result.insert(port.node, at: at)
                } else {
                    // After the owner and any ports already placed to its right.
                    var i = at + 1
                    while i < result.count, case .port(_, let o) = graph.nodes[result[i]].kind, o == port.owner {
                        i += 1
                    }
                    result.insert(port.node, at: i)
                }
            }
            return result
        }
    }
}
