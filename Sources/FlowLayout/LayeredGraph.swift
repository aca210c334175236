/// Phases 2 and 3: ranks by network simplex, then the proper layered graph, where every edge joins
/// neighbouring rows. Long edges become chains of dummy nodes; a branch label becomes a dummy node of
/// the label's size on its edge; a back edge gets a port node beside each of its ends, so it leaves
/// and enters its steps from the side and runs up beside them.
struct LayeredGraph {
    enum Kind: Equatable {
        case real(Int)
        case dummy(edge: Int)
        case label(edge: Int)
        case port(edge: Int, owner: Int)
    }

    struct Node {
        var kind: Kind
        var rank: Int
        /// The lane it starts in; dummies and labels may move to any lane in `lanes` (between the lanes
        /// of their edge's ends) when the crossing reduction finds that better.
        var lane: Int
        var lanes: ClosedRange<Int>
        /// Extent left and right of the node's x (its centre line, or the line an edge runs along).
        var left: Double
        var right: Double
        var height: Double
        var isReal: Bool {
            if case .real = kind { return true }
            return false
        }
    }

    var nodes: [Node] = []
    /// Per input edge, the chain of layered nodes from the top row down (nil for self loops).
    var chains: [[Int]?] = []
    /// Layered edges (upper, lower) between neighbouring rows, with their weight.
    var links: [(upper: Int, lower: Int, weight: Int)] = []
    var rankCount = 0
    /// Per input node, its layered node (the same index: real nodes come first).
    let realCount: Int

    init(graph: LayoutGraph, reversed: [Bool], options: LayoutOptions) {
        realCount = graph.nodes.count
        let edges = graph.edges
        // Ranks: labelled edges span two rows so the label gets a row of its own.
        var constraints: [NetworkSimplex.Edge] = []
        for (index, edge) in edges.enumerated() where edge.from != edge.to {
            let (top, bottom) = reversed[index] ? (edge.to, edge.from) : (edge.from, edge.to)
            constraints.append(.init(from: top, to: bottom, minlen: edge.label == nil ? 1 : 2,
                                     weight: max(1, edge.weight)))
        }
        // Every step that nothing leads to (a start) is pulled up to the top row by a virtual root, so
        // a chart's second track (发文 beside 收文) starts level with the first instead of hanging low.
        var hasIncoming = Array(repeating: false, count: graph.nodes.count)
        for constraint in constraints { hasIncoming[constraint.to] = true }
        let root = graph.nodes.count
        for node in graph.nodes.indices where !hasIncoming[node] {
            constraints.append(.init(from: root, to: node, minlen: 0, weight: 3))
        }
        var simplex = NetworkSimplex(nodeCount: graph.nodes.count + 1, edges: constraints)
        var ranks = Array(simplex.solve().prefix(graph.nodes.count))
        let lowest = ranks.min() ?? 0
        ranks = ranks.map { $0 - lowest }
        rankCount = (ranks.max() ?? -1) + 1

        for (index, node) in graph.nodes.enumerated() {
            let half = node.size.width / 2
            let hasLoop = edges.contains { $0.from == index && $0.to == index }
            nodes.append(Node(kind: .real(index), rank: ranks[index], lane: node.lane ?? 0, lanes: (node.lane ?? 0)...(node.lane ?? 0),
                              left: half, right: hasLoop ? half + 2 * options.edgeSeparation + 8 : half,
                              height: node.size.height))
        }

        let line = options.edgeSeparation / 2
        chains = Array(repeating: nil, count: edges.count)
        for (index, edge) in edges.enumerated() where edge.from != edge.to {
            let isBack = reversed[index]
            let (top, bottom) = isBack ? (edge.to, edge.from) : (edge.from, edge.to)
            let topRank = ranks[top]
            let bottomRank = ranks[bottom]
            // Dummies sit in the target's lane: an edge to another actor crosses over at once, then runs
            // down in the target's band. A back edge runs up in the band of the step it returns to.
            let lane = isBack ? nodes[top].lane : nodes[bottom].lane
            // The row that carries the label: just below a forward edge's source, just above a back
            // edge's source.
            let labelRank: Int? = edge.label == nil ? nil : (isBack ? bottomRank - 1 : topRank + 1)
            var chain: [Int] = []
            if isBack {
                chain.append(addNode(.port(edge: index, owner: top), rank: topRank, lane: nodes[top].lane,
                                     left: line, right: line, height: 0))
            } else {
                chain.append(top)
            }
            if bottomRank - topRank > 1 {
                for rank in (topRank + 1)..<bottomRank {
                    if rank == labelRank, let size = edge.label {
                        chain.append(addNode(.label(edge: index), rank: rank, lane: lane, left: line,
                                             right: 4 + size.width + line, height: size.height))
                    } else {
                        chain.append(addNode(.dummy(edge: index), rank: rank, lane: lane, left: line,
                                             right: line, height: 0))
                    }
                }
            }
            if isBack {
                chain.append(addNode(.port(edge: index, owner: bottom), rank: bottomRank,
                                     lane: nodes[bottom].lane, left: line, right: line, height: 0))
            } else {
                chain.append(bottom)
            }
            let ends = [nodes[top].lane, nodes[bottom].lane]
            for node in chain.dropFirst().dropLast() { nodes[node].lanes = ends.min()!...ends.max()! }
            for (upper, lower) in zip(chain, chain.dropFirst()) {
                links.append((upper, lower, max(1, edge.weight)))
            }
            chains[index] = chain
        }
    }

    private mutating func addNode(_ kind: Kind, rank: Int, lane: Int, left: Double, right: Double,
                                  height: Double) -> Int {
        nodes.append(Node(kind: kind, rank: rank, lane: lane, lanes: lane...lane, left: left, right: right, height: height))
        return nodes.count - 1
    }
}
