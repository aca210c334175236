/// Network simplex for integer difference constraints (Gansner, Koutsofios, North, Vo: "A technique for
/// drawing directed graphs", 1993): find integer values `x` that minimise Σ weight·(x[v] − x[u]) over the
/// edges u→v subject to x[v] − x[u] ≥ minlen. Used twice: for the ranks (rows) and for the x coordinates.
///
/// The graph must be acyclic. Components are solved separately; each component's smallest value is 0.
/// Everything is kept in arrays indexed by node and edge, and every choice (tree root, leaving edge,
/// entering edge) takes the first candidate in index order, so the result is deterministic.
struct NetworkSimplex {
    struct Edge {
        var from: Int
        var to: Int
        var minlen: Int
        var weight: Int
    }

    let nodeCount: Int
    private(set) var edges: [Edge]
    /// Edge indices leaving and entering each node.
    private var outgoing: [[Int]]
    private var incoming: [[Int]]
    /// Every edge touching a node, flat: `incident[incidentStart[n]..<incidentStart[n + 1]]`.
    private var incident: [Int] = []
    private var incidentStart: [Int] = []

    // State of the spanning tree.
    private var inTree: [Bool] = []
    private var treeEdge: [Bool] = []
    private var parentEdge: [Int] = []
    private var low: [Int] = []
    private var lim: [Int] = []
    /// Cut value of each tree edge, by edge index.
    private var cutValue: [Int] = []
    /// The tree's nodes in post-order (children before parents), from the last `computeLowLim`.
    private var postOrder: [Int] = []
    private(set) var value: [Int] = []

    init(nodeCount: Int, edges: [Edge]) {
        self.nodeCount = nodeCount
        self.edges = edges
        outgoing = Array(repeating: [], count: nodeCount)
        incoming = Array(repeating: [], count: nodeCount)
        for (index, edge) in edges.enumerated() {
            outgoing[edge.from].append(index)
            incoming[edge.to].append(index)
        }
        incidentStart.reserveCapacity(nodeCount + 1)
        incident.reserveCapacity(2 * edges.count)
        for node in 0..<nodeCount {
            incidentStart.append(incident.count)
            incident.append(contentsOf: outgoing[node])
            incident.append(contentsOf: incoming[node])
        }
        incidentStart.append(incident.count)
    }

    /// Solves and returns one value per node. `maxIterations` bounds the pivots (the result stays feasible).
    mutating func solve(maxIterations: Int = 10_000) -> [Int] {
        value = Array(repeating: 0, count: nodeCount)
        guard nodeCount > 0 else { return [] }
        inTree = Array(repeating: false, count: nodeCount)
        treeEdge = Array(repeating: false, count: edges.count)
        parentEdge = Array(repeating: -1, count: nodeCount)
        low = Array(repeating: 0, count: nodeCount)
        lim = Array(repeating: 0, count: nodeCount)
        cutValue = Array(repeating: 0, count: edges.count)
        longestPathInit()
        for component in components() {
            solveComponent(component, maxIterations: maxIterations)
        }
        return value
    }

    // MARK: - Initial feasible values

    /// Every node as low as its successors allow: sinks at 0, then upwards.
    private mutating func longestPathInit() {
        var state = Array(repeating: 0, count: nodeCount)  // 0 new, 1 on stack, 2 done
        for start in 0..<nodeCount where state[start] == 0 {
            // Iterative post-order DFS along outgoing edges.
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                let edgesOut = outgoing[top.node]
                if top.next < edgesOut.count {
                    stack[stack.count - 1].next += 1
                    let target = edges[edgesOut[top.next]].to
                    if state[target] == 0 {
                        state[target] = 1
                        stack.append((target, 0))
                    }
                } else {
                    stack.removeLast()
                    state[top.node] = 2
                    var best: Int?
                    for e in edgesOut {
                        let candidate = value[edges[e].to] - edges[e].minlen
                        best = best.map { min($0, candidate) } ?? candidate
                    }
                    value[top.node] = best ?? 0
                }
            }
        }
    }

    private func components() -> [[Int]] {
        var seen = Array(repeating: false, count: nodeCount)
        var result: [[Int]] = []
        for start in 0..<nodeCount where !seen[start] {
            var component: [Int] = []
            var stack = [start]
            seen[start] = true
            while let node = stack.popLast() {
                component.append(node)
                for e in outgoing[node] where !seen[edges[e].to] {
                    seen[edges[e].to] = true
                    stack.append(edges[e].to)
                }
                for e in incoming[node] where !seen[edges[e].from] {
                    seen[edges[e].from] = true
                    stack.append(edges[e].from)
                }
            }
            result.append(component.sorted())
        }
        return result
    }

    private func slack(_ e: Int) -> Int {
        value[edges[e].to] - value[edges[e].from] - edges[e].minlen
    }

    // MARK: - Per component

    private mutating func solveComponent(_ component: [Int], maxIterations: Int) {
        let root = component[0]
        feasibleTree(component, root: root)
        computeLowLim(root: root)
        computeCutValues(component, root: root)
        var iterations = 0
        while iterations < maxIterations, let leaving = leavingEdge(component) {
            guard let entering = enteringEdge(leaving) else { break }
            exchange(leaving: leaving, entering: entering, component: component, root: root)
            iterations += 1
        }
        let minimum = component.map { value[$0] }.min() ?? 0
        for node in component { value[node] -= minimum }
    }

    /// Grows a tree of tight edges from `root`, shifting the tree to make the nearest edge tight
    /// whenever it can grow no more.
    private mutating func feasibleTree(_ component: [Int], root: Int) {
        inTree[root] = true
        var members = [root]
        var size = growTightTree(from: &members)
        while size < component.count {
            // The incident edge with the least slack.
            var best: Int?
            var bestSlack = Int.max
            for node in members {
                for e in outgoing[node] where !inTree[edges[e].to] {
                    let s = slack(e)
                    if s < bestSlack { bestSlack = s; best = e }
                }
                for e in incoming[node] where !inTree[edges[e].from] {
                    let s = slack(e)
                    if s < bestSlack { bestSlack = s; best = e }
                }
            }
            guard let edge = best else { break }
            let delta = inTree[edges[edge].from] ? bestSlack : -bestSlack
            for node in members { value[node] += delta }
            size = growTightTree(from: &members)
        }
    }

    /// Adds every node reachable from the tree through tight edges; returns the tree's size.
    private mutating func growTightTree(from members: inout [Int]) -> Int {
        var stack = members
        while let node = stack.popLast() {
            for e in outgoing[node] {
                let other = edges[e].to
                if !inTree[other] && slack(e) == 0 {
                    inTree[other] = true
                    treeEdge[e] = true
                    members.append(other)
                    stack.append(other)
                }
            }
            for e in incoming[node] {
                let other = edges[e].from
                if !inTree[other] && slack(e) == 0 {
                    inTree[other] = true
                    treeEdge[e] = true
                    members.append(other)
                    stack.append(other)
                }
            }
        }
        return members.count
    }

    private func otherEnd(_ e: Int, _ node: Int) -> Int {
        edges[e].from == node ? edges[e].to : edges[e].from
    }

    /// Post-order numbers (`lim`) and the smallest number in each subtree (`low`), with parent edges.
    /// Iterative, allocation-free apart from the stack: each frame walks the node's outgoing edges,
    /// then its incoming ones, following tree edges only.
    private mutating func computeLowLim(root: Int) {
        var counter = 1
        parentEdge[root] = -1
        postOrder.removeAll(keepingCapacity: true)
        // next: the position in `incident` of the next edge to look at.
        var stack: [(node: Int, next: Int, low: Int)] = [(root, incidentStart[root], 1)]
        while !stack.isEmpty {
            let top = stack[stack.count - 1]
            if top.next < incidentStart[top.node + 1] {
                stack[stack.count - 1].next += 1
                let e = incident[top.next]
                if !treeEdge[e] || e == parentEdge[top.node] { continue }
                let child = otherEnd(e, top.node)
                parentEdge[child] = e
                stack.append((child, incidentStart[child], counter))
            } else {
                stack.removeLast()
                low[top.node] = top.low
                lim[top.node] = counter
                postOrder.append(top.node)
                counter += 1
            }
        }
    }

    /// Cut values, children before parents (post-order).
    private mutating func computeCutValues(_ component: [Int], root: Int) {
        for node in postOrder where node != root { cutValue[parentEdge[node]] = cutValueOfParentEdge(node) }
    }

    /// The cut value of the tree edge joining `child` to its parent, from the cut values of the
    /// child's own tree children (already known).
    private func cutValueOfParentEdge(_ child: Int) -> Int {
        let e = parentEdge[child]
        let childIsTail = edges[e].from == child
        var result = edges[e].weight
        do {
            for position in incidentStart[child]..<incidentStart[child + 1] {
                let other = incident[position]
                guard other != e else { continue }
                let isOut = edges[other].from == child
                let pointsToHead = isOut == childIsTail
                let w = edges[other].weight
                result += pointsToHead ? w : -w
                if treeEdge[other] {
                    let c = cutValue[other]
                    result += pointsToHead ? -c : c
                }
            }
        }
        return result
    }

    private func leavingEdge(_ component: [Int]) -> Int? {
        for node in component {
            let e = parentEdge[node]
            if e >= 0 && cutValue[e] < 0 { return e }
        }
        return nil
    }

    private func isDescendant(_ node: Int, of root: Int) -> Bool {
        low[root] <= lim[node] && lim[node] <= lim[root]
    }

    /// The non-tree edge with least slack that crosses the cut made by removing `leaving`, in the
    /// direction that can replace it.
    private func enteringEdge(_ leaving: Int) -> Int? {
        var tail = edges[leaving].from
        let head = edges[leaving].to
        var flip = false
        // The subtree side is the end further from the root (smaller lim).
        if lim[tail] > lim[head] {
            tail = head
            flip = true
        }
        var best: Int?
        var bestSlack = Int.max
        for (index, edge) in edges.enumerated() where !treeEdge[index] {
            if flip == isDescendant(edge.from, of: tail) && flip != isDescendant(edge.to, of: tail) {
                let s = slack(index)
                if s < bestSlack {
                    bestSlack = s
                    best = index
                }
            }
        }
        return best
    }

    private mutating func exchange(leaving: Int, entering: Int, component: [Int], root: Int) {
        treeEdge[leaving] = false
        treeEdge[entering] = true
        computeLowLim(root: root)
        computeCutValues(component, root: root)
        // New values along the tree from the root: reversed post-order visits parents first.
        for node in postOrder.reversed() where node != root {
            let e = parentEdge[node]
            let parent = otherEnd(e, node)
            value[node] = edges[e].from == parent ? value[parent] + edges[e].minlen : value[parent] - edges[e].minlen
        }
    }
}
