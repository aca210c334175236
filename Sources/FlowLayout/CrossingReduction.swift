/// Phase 4: the order of the nodes in each row, with as few edge crossings as the heuristics find.
///
/// Several deterministic start orders (depth-first in the author's order, breadth-first, depth-first
/// with the last branch first); from each, barycenter sweeps down and up the rows (then median sweeps), each followed by
/// swaps of neighbours while a swap removes crossings; the order with the fewest crossings, counted
/// exactly, wins (the earlier start on a tie). Steps stay grouped by lane, lanes in their order; the
/// dummy nodes of an edge between two lanes may sit in any lane between them, wherever their
/// neighbours pull them.
struct CrossingReduction {
    /// The nodes of each row, left to right.
    private(set) var rows: [[Int]]
    private(set) var crossings: Int
    /// The lane of every node in the final order (dummies get one from where they ended up).
    private(set) var finalLanes: [Int] = []

    private let upper: [[Int]]
    private let lower: [[Int]]
    private let lanes: [Int]
    private let ranges: [ClosedRange<Int>]
    private let flexible: [Bool]

    init(_ graph: LayeredGraph, starts: [Int], maxSweeps: Int = 24) {
        var upper = Array(repeating: [Int](), count: graph.nodes.count)
        var lower = Array(repeating: [Int](), count: graph.nodes.count)
        for link in graph.links {
            lower[link.upper].append(link.lower)
            upper[link.lower].append(link.upper)
        }
        self.upper = upper
        self.lower = lower
        lanes = graph.nodes.map(\.lane)
        ranges = graph.nodes.map(\.lanes)
        flexible = graph.nodes.map { $0.lanes.count > 1 }
        rows = []
        crossings = 0

        var best: [[Int]]?
        var bestCount = Int.max
        let visits = Self.startOrders(graph, lower: lower, starts: starts)
        search: for useMedian in [false, true] {
            for visit in visits {
                var current = FlowLayoutEngine.keepPortsBesideOwners(Self.rows(from: visit, graph: graph, lanes: lanes), graph)
                var candidate = current
                var count = countAll(candidate)
                var stale = 0
                var sweep = 0
                while sweep < maxSweeps && count > 0 && stale < 6 {
                    if sweep % 2 == 0 {
                        for r in 1..<max(1, current.count) {
                            reorder(&current, row: r, by: upper, reference: r - 1, median: useMedian, reverse: sweep % 4 >= 2)
                        }
                    } else {
                        for r in stride(from: current.count - 2, through: 0, by: -1) {
                            reorder(&current, row: r, by: lower, reference: r + 1, median: useMedian, reverse: sweep % 4 >= 2)
                        }
                    }
                    // Every other pair of sweeps, ties go the other way, to walk off plateaus.
                    transpose(&current, reverse: sweep % 4 >= 2)
                    // Ports go beside their steps before counting, so the count is the drawing's.
                    current = FlowLayoutEngine.keepPortsBesideOwners(current, graph)
                    let nextCount = countAll(current)
                    // Sweeping goes on from the new order (it may lead somewhere better); the best is kept.
                    if nextCount < count {
                        candidate = current
                        count = nextCount
                        stale = 0
                    } else {
                        stale += 1
                    }
                    sweep += 1
                }
                if count < bestCount {
                    bestCount = count
                    best = candidate
                }
                if bestCount == 0 { break search }
            }
        }
        rows = best ?? []
        crossings = bestCount == Int.max ? 0 : bestCount
        var final = lanes
        for row in rows {
            for (node, lane) in zip(row, assignLanes(row) ?? row.map { lanes[$0] }) { final[node] = lane }
        }
        finalLanes = final
    }

    /// The lowest lanes, left to right never decreasing, each node in its range; nil when the row
    /// cannot have such lanes (a dummy left of a step of a lane beyond its range).
    private func assignLanes(_ row: [Int]) -> [Int]? {
        var current = Int.min
        var result: [Int] = []
        result.reserveCapacity(row.count)
        for node in row {
            let lane = max(current, ranges[node].lowerBound)
            guard lane <= ranges[node].upperBound else { return nil }
            result.append(lane)
            current = lane
        }
        return result
    }

    /// Visit orders: each gives every node a sequence number.
    private static func startOrders(_ graph: LayeredGraph, lower: [[Int]], starts: [Int]) -> [[Int]] {
        let roots = starts + Array(0..<graph.realCount) + Array(graph.realCount..<graph.nodes.count)
        func depthFirst(lastFirst: Bool) -> [Int] {
            var order = Array(repeating: -1, count: graph.nodes.count)
            var counter = 0
            for root in roots where order[root] < 0 {
                var stack = [root]
                while let node = stack.popLast() {
                    if order[node] >= 0 { continue }
                    order[node] = counter
                    counter += 1
                    let next = lower[node]
                    for child in (lastFirst ? next : next.reversed()) where order[child] < 0 { stack.append(child) }
                }
            }
            return order
        }
        func breadthFirst() -> [Int] {
            var order = Array(repeating: -1, count: graph.nodes.count)
            var counter = 0
            for root in roots where order[root] < 0 {
                var queue = [root]
                order[root] = counter
                counter += 1
                var head = 0
                while head < queue.count {
                    let node = queue[head]
                    head += 1
                    for child in lower[node] where order[child] < 0 {
                        order[child] = counter
                        counter += 1
                        queue.append(child)
                    }
                }
            }
            return order
        }
        return [depthFirst(lastFirst: false), breadthFirst(), depthFirst(lastFirst: true)]
    }

    private static func rows(from order: [Int], graph: LayeredGraph, lanes: [Int]) -> [[Int]] {
        // Every node starts in its own lane (dummies in their edge's target lane).
        var rows = Array(repeating: [Int](), count: graph.rankCount)
        for (index, node) in graph.nodes.enumerated() { rows[node.rank].append(index) }
        for r in rows.indices {
            rows[r].sort { (lanes[$0], order[$0]) < (lanes[$1], order[$1]) }
        }
        return rows
    }

    /// Sorts one row by the barycenter of each node's neighbours in the reference row, within lanes.
    /// A node with no neighbour there keeps its place. A dummy that may change lanes joins the lane
    /// of the step whose key is nearest its own.
    private func reorder(_ rows: inout [[Int]], row r: Int, by neighbours: [[Int]], reference: Int, median: Bool,
                         reverse: Bool) {
        guard rows.indices.contains(r), rows.indices.contains(reference) else { return }
        // Each node is in one row only: an array indexed by node holds the reference row's positions.
        var position = [Int](repeating: -1, count: upper.count)
        for (i, node) in rows[reference].enumerated() { position[node] = i }
        let row = rows[r]
        var keys = [Double](repeating: 0, count: row.count)
        for (i, node) in row.enumerated() {
            let list = neighbours[node].compactMap { position[$0] >= 0 ? position[$0] : nil }
            if list.isEmpty {
                keys[i] = Double(i)
            } else if median {
                let sorted = list.sorted()
                let middle = sorted.count / 2
                keys[i] = sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
            } else {
                keys[i] = Double(list.reduce(0, +)) / Double(list.count)
            }
        }
        let current = assignLanes(row) ?? row.map { lanes[$0] }
        let fixed = row.indices.filter { !flexible[row[$0]] }
        var effective = [Int](repeating: 0, count: row.count)
        for i in row.indices {
            let node = row[i]
            guard flexible[node] else {
                effective[i] = lanes[node]
                continue
            }
            var lane = current[i]
            var nearest = Double.infinity
            for j in fixed where abs(keys[j] - keys[i]) < nearest {
                nearest = abs(keys[j] - keys[i])
                lane = lanes[row[j]]
            }
            effective[i] = min(max(lane, ranges[node].lowerBound), ranges[node].upperBound)
        }
        let sorted = row.indices.sorted { a, b in
            if effective[a] != effective[b] { return effective[a] < effective[b] }
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            return reverse ? a > b : a < b
        }
        rows[r] = sorted.map { row[$0] }
    }

    /// Swaps neighbours in the same lane while that removes crossings with the rows above and below.
    private func transpose(_ rows: inout [[Int]], reverse: Bool) {
        var position = [Int](repeating: 0, count: upper.count)
        for row in rows {
            for (i, node) in row.enumerated() { position[node] = i }
        }
        var improved = true
        var rounds = 0
        while improved && rounds < 8 {
            improved = false
            rounds += 1
            for r in rows.indices where rows[r].count > 1 {
                for i in 0..<(rows[r].count - 1) {
                    let a = rows[r][i], b = rows[r][i + 1]
                    if !flexible[a] && !flexible[b] {
                        guard lanes[a] == lanes[b] else { continue }
                    } else {
                        var swappedRow = rows[r]
                        swappedRow.swapAt(i, i + 1)
                        guard assignLanes(swappedRow) != nil else { continue }
                    }
                    let now = pairCrossings(a, b, position)
                    let swapped = pairCrossings(b, a, position)
                    if swapped < now || (reverse && now > 0 && swapped == now) {
                        rows[r].swapAt(i, i + 1)
                        position[a] = i + 1
                        position[b] = i
                        if swapped < now { improved = true }
                    }
                }
            }
        }
    }

    /// Crossings between the edges of `left` and of `right` when `left` is placed first. Their
    /// neighbours above and below are each in one row, so `position` (by node) is enough.
    private func pairCrossings(_ left: Int, _ right: Int, _ position: [Int]) -> Int {
        var count = 0
        for p in upper[left] {
            for q in upper[right] where position[p] > position[q] { count += 1 }
        }
        for p in lower[left] {
            for q in lower[right] where position[p] > position[q] { count += 1 }
        }
        return count
    }

    /// Exact number of crossings between every pair of neighbouring rows.
    private func countAll(_ rows: [[Int]]) -> Int {
        guard rows.count > 1 else { return 0 }
        var total = 0
        var position = Array(repeating: 0, count: upper.count)
        for row in rows {
            for (i, node) in row.enumerated() { position[node] = i }
        }
        for r in 0..<(rows.count - 1) {
            var pairs: [(Int, Int)] = []
            for node in rows[r] {
                for child in lower[node] { pairs.append((position[node], position[child])) }
            }
            pairs.sort { $0 < $1 }
            // Count inversions of the lower ends (pairs are few: a simple count is fast enough).
            for i in 0..<pairs.count {
                for j in (i + 1)..<pairs.count where pairs[i].0 < pairs[j].0 && pairs[i].1 > pairs[j].1 {
                    total += 1
                }
            }
        }
        return total
    }
}
