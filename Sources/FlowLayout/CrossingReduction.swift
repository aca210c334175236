/// Phase 4: the order of the nodes in each row, with as few edge crossings as the heuristics find.
///
/// Several deterministic start orders (depth-first in the author's order, breadth-first, depth-first
/// with the last branch first); from each, barycenter sweeps down and up the rows (then median sweeps), each followed by
/// swaps of neighbours while a swap removes crossings; the order with the fewest crossings, counted
/// exactly, wins (the earlier start on a tie). Then whole edges move: the dummies and ports of an edge
/// that crosses another go to the far side of their rows, which a sweep, one row at a time, does not
/// find (a back edge running up the other side of its steps). Steps stay grouped by lane, lanes in their order; the
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
    /// The block a node moves with: a port's step, else the node itself.
    private let group: [Int]

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
        group = graph.nodes.indices.map { index in
            if case .port(_, let owner) = graph.nodes[index].kind { return owner }
            return index
        }
        rows = []
        crossings = 0

        var best: [[Int]]?
        var bestCount = Int.max
        let visits = Self.startOrders(graph, lower: lower, starts: starts)
        var position = [Int](repeating: 0, count: graph.nodes.count)
        search: for useMedian in [false, true] {
            for visit in visits {
                var current = FlowLayoutEngine.keepPortsBesideOwners(Self.rows(from: visit, graph: graph, lanes: lanes), graph)
                var candidate = current
                var count = countAll(candidate)
                var stale = 0
                var sweep = 0
                while sweep < maxSweeps && count > 0 && stale < 6 {
                    for row in current {
                        for (i, node) in row.enumerated() { position[node] = i }
                    }
                    if sweep % 2 == 0 {
                        for r in 1..<max(1, current.count) {
                            reorder(&current, row: r, by: upper, position: &position, median: useMedian, reverse: sweep % 4 >= 2)
                        }
                    } else {
                        for r in stride(from: current.count - 2, through: 0, by: -1) {
                            reorder(&current, row: r, by: lower, position: &position, median: useMedian, reverse: sweep % 4 >= 2)
                        }
                    }
                    // Every other pair of sweeps, ties go the other way, to walk off plateaus.
                    transpose(&current, reverse: sweep % 4 >= 2)
                    sift(&current)
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
        if var improved = best, bestCount > 0 {
            moveChains(&improved, count: &bestCount, graph)
            best = improved
        }
        rows = best ?? []
        crossings = bestCount == Int.max ? 0 : bestCount
        var final = lanes
        for row in rows {
            for (node, lane) in zip(row, assignLanes(row) ?? row.map { lanes[$0] }) { final[node] = lane }
        }
        finalLanes = final
    }

    /// Moves of whole edges, which the sweeps (one row at a time) do not find: every dummy, label and
    /// port of an edge that crosses another goes to the far left of where it may stand in each of its
    /// rows, then to the far right (a back edge thus runs up on the other side of its steps); after
    /// each move the rows are tidied by swaps and sifting, and the move stays when it removed crossings.
    private func moveChains(_ rows: inout [[Int]], count: inout Int, _ graph: LayeredGraph) {
        var edgeOf = [Int](repeating: -1, count: graph.nodes.count)
        for (edge, chain) in graph.chains.enumerated() {
            guard let chain else { continue }
            for node in chain where !graph.nodes[node].isReal { edgeOf[node] = edge }
        }
        var tried: Set<Int> = []
        var rounds = 0
        while count > 0 && rounds < 4 {
            rounds += 1
            let candidates = crossingEdges(rows, edgeOf: edgeOf).filter { !tried.contains($0) }
            guard !candidates.isEmpty else { return }
            var changed = false
            for edge in candidates {
                tried.insert(edge)
                guard let chain = graph.chains[edge] else { continue }
                let interior = Set(chain.filter { !graph.nodes[$0].isReal })
                // Only the rows the edge runs through, and their neighbours, change: those are tidied
                // and counted (gaps by the row above them).
                let ranks = chain.map { graph.nodes[$0].rank }
                let span = max(0, ranks.min()! - 1)...min(rows.count - 1, ranks.max()! + 1)
                let gaps = span.lowerBound...max(span.lowerBound, span.upperBound - 1)
                let before = countAll(rows, only: gaps)
                for toLeft in [true, false] {
                    var trial = rows
                    for r in trial.indices where trial[r].contains(where: interior.contains) {
                        let moving = trial[r].filter(interior.contains)
                        var row = trial[r].filter { !interior.contains($0) }
                        for node in moving {
                            let places = toLeft ? Array(0...row.count) : Array((0...row.count).reversed())
                            for place in places {
                                var attempt = row
                                attempt.insert(node, at: place)
                                if assignLanes(attempt) != nil {
                                    row = attempt
                                    break
                                }
                            }
                        }
                        trial[r] = row
                    }
                    trial = FlowLayoutEngine.keepPortsBesideOwners(trial, graph)
                    guard trial.allSatisfy({ assignLanes($0) != nil }) else { continue }
                    transpose(&trial, reverse: false, only: span)
                    sift(&trial, only: span)
                    trial = FlowLayoutEngine.keepPortsBesideOwners(trial, graph)
                    let after = countAll(trial, only: gaps)
                    if after < before {
                        rows = trial
                        count -= before - after
                        changed = true
                        break
                    }
                }
                if count == 0 { return }
            }
            if !changed { return }
        }
    }

    /// The edges with a dummy, label or port on a link that crosses another link.
    private func crossingEdges(_ rows: [[Int]], edgeOf: [Int]) -> [Int] {
        let position = positions(rows)
        var found: Set<Int> = []
        for r in 0..<max(0, rows.count - 1) {
            var links: [(Int, Int)] = []
            for node in rows[r] {
                for child in lower[node] { links.append((node, child)) }
            }
            for i in links.indices {
                for j in links.indices where i < j {
                    let (a, b) = links[i], (c, d) = links[j]
                    if (position[a] - position[c]) * (position[b] - position[d]) < 0 {
                        for node in [a, b, c, d] where edgeOf[node] >= 0 { found.insert(edgeOf[node]) }
                    }
                }
            }
        }
        return found.sorted()
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

    /// A row as blocks: a step with the ports of its back edges beside it moves as one; every other
    /// node is a block of its own.
    private func blocks(_ row: [Int]) -> [[Int]] {
        var result: [[Int]] = []
        for node in row {
            if let last = result.last?.last, group[last] == group[node] {
                result[result.count - 1].append(node)
            } else {
                result.append([node])
            }
        }
        return result
    }

    /// Sorts one row's blocks by the barycenter (or median) of their neighbours in the reference row,
    /// within lanes. A block with no neighbour there keeps its place. A dummy that may change lanes
    /// joins the lane of the step whose key is nearest its own.
    /// `position` holds every node's place in its row (each node is in one row only); the reordered
    /// row's entries are updated.
    private func reorder(_ rows: inout [[Int]], row r: Int, by neighbours: [[Int]], position: inout [Int],
                         median: Bool, reverse: Bool) {
        guard rows.indices.contains(r) else { return }
        let row = rows[r]
        let current = assignLanes(row) ?? row.map { lanes[$0] }
        let blocks = blocks(row)
        var keys = [Double](repeating: 0, count: blocks.count)
        var list: [Int] = []
        for (b, block) in blocks.enumerated() {
            list.removeAll(keepingCapacity: true)
            for node in block {
                for neighbour in neighbours[node] { list.append(position[neighbour]) }
            }
            if list.isEmpty {
                keys[b] = Double(b)
            } else if median {
                let sorted = list.sorted()
                let middle = sorted.count / 2
                keys[b] = sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
            } else {
                keys[b] = Double(list.reduce(0, +)) / Double(list.count)
            }
        }
        let fixed = blocks.indices.filter { !flexible[blocks[$0][0]] }
        var effective = [Int](repeating: 0, count: blocks.count)
        for b in blocks.indices {
            let node = blocks[b][0]
            guard flexible[node] else {
                effective[b] = lanes[group[node]]
                continue
            }
            var lane = current[position[node]]
            var nearest = Double.infinity
            for j in fixed where abs(keys[j] - keys[b]) < nearest {
                nearest = abs(keys[j] - keys[b])
                lane = lanes[blocks[j][0]]
            }
            effective[b] = min(max(lane, ranges[node].lowerBound), ranges[node].upperBound)
        }
        let sorted = blocks.indices.sorted { a, b in
            if effective[a] != effective[b] { return effective[a] < effective[b] }
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            return reverse ? a > b : a < b
        }
        rows[r] = sorted.flatMap { blocks[$0] }
        for (i, node) in rows[r].enumerated() { position[node] = i }
    }

    /// Swaps neighbouring blocks, and a step with its ports, while that removes crossings with the
    /// rows above and below; on `reverse` passes a swap that neither adds nor removes any is made too.
    private func transpose(_ rows: inout [[Int]], reverse: Bool, only span: ClosedRange<Int>? = nil) {
        var position = positions(rows)
        func crossings(_ first: [Int], _ second: [Int]) -> Int { blockCrossings(first, second, position) }
        var improved = true
        var rounds = 0
        while improved && rounds < 8 {
            improved = false
            rounds += 1
            for r in rows.indices where rows[r].count > 1 && span?.contains(r) != false {
                var blocks = blocks(rows[r])
                var i = 0
                while i + 1 < blocks.count {
                    let first = blocks[i], second = blocks[i + 1]
                    let a = first[0], b = second[0]
                    var allowed = true
                    if !flexible[a] && !flexible[b] {
                        allowed = lanes[group[a]] == lanes[group[b]]
                    } else {
                        var swapped = blocks
                        swapped.swapAt(i, i + 1)
                        allowed = assignLanes(swapped.flatMap { $0 }) != nil
                    }
                    if allowed {
                        let now = crossings(first, second)
                        let after = crossings(second, first)
                        if after < now || (reverse && now > 0 && after == now) {
                            blocks.swapAt(i, i + 1)
                            var p = blocks[..<i].reduce(0) { $0 + $1.count }
                            for node in blocks[i] + blocks[i + 1] {
                                position[node] = p
                                p += 1
                            }
                            if after < now { improved = true }
                        }
                    }
                    i += 1
                }
                // Inside a block: a port may go to the other side of its step.
                var row = blocks.flatMap { $0 }
                for j in 0..<(row.count - 1) where group[row[j]] == group[row[j + 1]] {
                    let now = pairCrossings(row[j], row[j + 1], position)
                    let after = pairCrossings(row[j + 1], row[j], position)
                    if after < now {
                        row.swapAt(j, j + 1)
                        position[row[j]] = j
                        position[row[j + 1]] = j + 1
                        improved = true
                    }
                }
                rows[r] = row
            }
        }
    }

    /// Sifting: each block in turn tries every place in its row (within its lane) and moves to the one
    /// with the fewest crossings against the rows above and below, counted exactly by pairs.
    private func sift(_ rows: inout [[Int]], only span: ClosedRange<Int>? = nil) {
        var position = positions(rows)
        func crossings(_ first: [Int], _ second: [Int]) -> Int { blockCrossings(first, second, position) }
        func passable(_ moving: [Int], _ other: [Int]) -> Bool {
            let a = moving[0], b = other[0]
            if !flexible[a] && !flexible[b] { return lanes[group[a]] == lanes[group[b]] }
            return true
        }
        for r in rows.indices where rows[r].count > 2 && span?.contains(r) != false {
            var blocks = blocks(rows[r])
            let order = blocks.map { $0[0] }
            for id in order {
                guard let i = blocks.firstIndex(where: { $0[0] == id }) else { continue }
                let block = blocks[i]
                var bestDelta = 0
                var bestPlace = i
                var delta = 0
                var j = i - 1
                while j >= 0, passable(block, blocks[j]) {
                    delta += crossings(block, blocks[j]) - crossings(blocks[j], block)
                    if delta < bestDelta {
                        var trial = blocks
                        trial.remove(at: i)
                        trial.insert(block, at: j)
                        if assignLanes(trial.flatMap { $0 }) != nil {
                            bestDelta = delta
                            bestPlace = j
                        }
                    }
                    j -= 1
                }
                delta = 0
                j = i + 1
                while j < blocks.count, passable(block, blocks[j]) {
                    delta += crossings(blocks[j], block) - crossings(block, blocks[j])
                    if delta < bestDelta {
                        var trial = blocks
                        trial.remove(at: i)
                        trial.insert(block, at: j)
                        if assignLanes(trial.flatMap { $0 }) != nil {
                            bestDelta = delta
                            bestPlace = j
                        }
                    }
                    j += 1
                }
                if bestPlace != i {
                    blocks.remove(at: i)
                    blocks.insert(block, at: bestPlace)
                }
            }
            rows[r] = blocks.flatMap { $0 }
            for (i, node) in rows[r].enumerated() { position[node] = i }
        }
    }

    /// Every node's place in its row (each node is in one row only).
    private func positions(_ rows: [[Int]]) -> [Int] {
        var position = [Int](repeating: 0, count: upper.count)
        for row in rows {
            for (i, node) in row.enumerated() { position[node] = i }
        }
        return position
    }

    /// Crossings between the edges of two blocks when `first` stands left of `second`.
    private func blockCrossings(_ first: [Int], _ second: [Int], _ position: [Int]) -> Int {
        var total = 0
        for a in first {
            for b in second { total += pairCrossings(a, b, position) }
        }
        return total
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
    private func countAll(_ rows: [[Int]], only span: ClosedRange<Int>? = nil) -> Int {
        guard rows.count > 1 else { return 0 }
        var total = 0
        var position = Array(repeating: 0, count: upper.count)
        for row in rows {
            for (i, node) in row.enumerated() { position[node] = i }
        }
        for r in 0..<(rows.count - 1) where span?.contains(r) != false {
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
