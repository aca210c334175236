/// Phase 1: make the graph acyclic by turning back edges around, keeping the author's order.
///
/// A depth-first search starts from the start nodes (those the caller lists first) and otherwise from
/// nodes in input order, and follows edges in input order. An edge into a node that is still on the
/// search stack closes a cycle: it is a back edge (退回, 催办) and is laid out reversed, so it points
/// back up. Everything else keeps its direction, so the steps come down the page as written.
struct CycleBreaking {
    /// For each edge, whether it is laid out reversed.
    let reversed: [Bool]

    init(nodeCount: Int, edges: [(from: Int, to: Int)], starts: [Int]) {
        var outgoing = Array(repeating: [Int](), count: nodeCount)
        for (index, edge) in edges.enumerated() where edge.from != edge.to {
            outgoing[edge.from].append(index)
        }
        var reversed = Array(repeating: false, count: edges.count)
        var state = Array(repeating: 0, count: nodeCount)  // 0 new, 1 on stack, 2 done
        var roots = starts
        roots.append(contentsOf: 0..<nodeCount)
        for root in roots where state[root] == 0 {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                let list = outgoing[top.node]
                if top.next < list.count {
                    stack[stack.count - 1].next += 1
                    let e = list[top.next]
                    let target = edges[e].to
                    switch state[target] {
                    case 0:
                        state[target] = 1
                        stack.append((target, 0))
                    case 1:
                        reversed[e] = true
                    default:
                        break
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        self.reversed = reversed
    }
}
