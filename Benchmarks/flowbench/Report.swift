import FlowLayout
import Foundation

enum Report {
    struct Row {
        var name: String
        var value: (Metrics) -> Double
        var decimals = 0
        var note = ""
    }

    static func format(_ v: Double, _ decimals: Int) -> String {
        if v.isNaN { return "–" }
        if v.isInfinite { return "∞" }
        return String(format: "%.\(decimals)f", v)
    }

    static func ratio(_ a: Double, _ b: Double) -> String {
        if b == 0 { return a == 0 ? "=" : "∞" }
        return String(format: "%.2f", a / b)
    }

    static func markdown(
        results: [Result], options: Options, examples: (graphs: [BenchGraph], problems: [String]), dotVersion: String,
        dotStartup: Double, dotBatch: (total: Double, sum: Double, graphs: Int)?, dotBatchProblem: String?,
        crossProcessDifferent: [String]?, samples: [String]
    ) -> String {
        var out = ""
        var laneNote = ""
        let n = results.count
        let compared = results.filter { $0.dot != nil }
        let generatedCount = results.filter { $0.bench.origin == .generated }.count
        let exampleCount = n - generatedCount

        // The graph set.
        let nodeCounts = results.map { Double($0.bench.graph.nodes.count) }
        let edgeCounts = results.map { Double($0.bench.graph.edges.count) }
        let laned = results.filter { $0.bench.graph.laneCount > 0 }.count
        let decisions = results.map { $0.bench.graph.nodes.filter { $0.shape == .diamond }.count }.reduce(0, +)
        let labelled = results.map { $0.bench.graph.edges.filter { $0.label != nil }.count }.reduce(0, +)
        let backward = results.map { $0.bench.graph.edges.filter { $0.to < $0.from }.count }.reduce(0, +)
        let multiStart = results.filter { r in
            let g = r.bench.graph
            let targets = Set(g.edges.map(\.to))
            return g.nodes.indices.filter { !targets.contains($0) }.count > 1
        }.count
        out += "### Graphs\n\n"
        out += "\(n) graphs: \(generatedCount) generated (seed \(options.seed)), \(exampleCount) example flows from "
            + "`\(options.content)/flows`" + (exampleCount == 0 ? " (none found)" : "") + ". "
        out += "Steps \(Int(nodeCounts.min() ?? 0))–\(Int(nodeCounts.max() ?? 0)) (median \(format(median(nodeCounts), 0))), "
            + "edges \(Int(edgeCounts.min() ?? 0))–\(Int(edgeCounts.max() ?? 0)) (median \(format(median(edgeCounts), 0))); "
            + "\(laned) with lanes, \(multiStart) with several start steps; \(decisions) decisions, "
            + "\(labelled) labelled edges, \(backward) edges pointing to an earlier step.\n"
        out += "\ndot's input: the same node, label and lane-header sizes (fixed-size nodes, fixed-size HTML labels), "
            + "lanes as clusters, `rankdir=TB`, `splines=spline`, ranksep/nodesep/pad from LayoutOptions"
            + (Dot.newrank ? ", `newrank=true` (one ranking across the lane clusters)" : ", without `newrank` (each cluster ranked on its own)")
            + ".\n"
        if !examples.problems.isEmpty {
            out += "\nExample flows not read: " + examples.problems.map { "`\($0)`" }.joined(separator: "; ") + "\n"
        }
        let dotFailures = results.filter { $0.dot == nil }
        if !dotFailures.isEmpty {
            out += "\ndot failed (exit status ≠ 0, e.g. an edge lost) on \(dotFailures.count) graphs, left out of the "
                + "comparison (our own targets still cover them): "
                + dotFailures.prefix(10).map { "\($0.bench.name) (\($0.dotError ?? "?"))" }.joined(separator: "; ") + "\n"
        }

        // The table.
        let rows: [Row] = [
            Row(name: "Edge crossings", value: { Double($0.crossings) }),
            Row(name: "Node–node overlaps", value: { Double($0.nodeOverlaps) }),
            Row(name: "Label–label overlaps", value: { Double($0.labelLabelOverlaps) }),
            Row(name: "Label–node overlaps", value: { Double($0.labelNodeOverlaps) }),
            Row(name: "Label–edge overlaps", value: { Double($0.labelEdgeOverlaps) }),
            Row(name: "Edges through nodes", value: { Double($0.edgesThroughNodes) }),
            Row(name: "Edge–edge overlaps ¹", value: { Double($0.edgeEdgeOverlaps) }),
            Row(name: "Bends per graph", value: { Double($0.bends) }),
            Row(name: "Bends per edge", value: { $0.edgeCount == 0 ? 0 : Double($0.bends) / Double($0.edgeCount) }, decimals: 2),
            Row(name: "Most bends on one edge", value: { Double($0.maxBends) }),
            Row(name: "Drawing area (kpx²)", value: { $0.area / 1000 }),
            Row(name: "Drawing width (px)", value: { $0.width }),
            Row(name: "Drawing height (px)", value: { $0.height }),
        ]
        out += "\n### Results (\(compared.count) graphs laid out by both)\n\n"
        out += "| metric | ours total | dot total | ours / dot | ours median | dot median | ours worst | dot worst |\n"
        out += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        for row in rows {
            let ours = compared.map { row.value($0.ours) }, dot = compared.map { row.value($0.dot!) }
            let d = row.decimals
            let isMean = row.name.hasPrefix("Bends per edge")
            let oursTotal = isMean ? compared.map { Double($0.ours.bends) }.reduce(0, +) / max(1, Double(compared.map { $0.ours.edgeCount }.reduce(0, +)))
                : ours.reduce(0, +)
            let dotTotal = isMean ? compared.map { Double($0.dot!.bends) }.reduce(0, +) / max(1, Double(compared.map { $0.dot!.edgeCount }.reduce(0, +)))
                : dot.reduce(0, +)
            out += "| \(row.name) | \(format(oursTotal, d)) | \(format(dotTotal, d)) | \(ratio(oursTotal, dotTotal)) "
                + "| \(format(median(ours), d)) | \(format(median(dot), d)) | \(format(ours.max() ?? .nan, d)) "
                + "| \(format(dot.max() ?? .nan, d)) |\n"
        }
        let timed = compared.filter { $0.dotNanoseconds != nil }
        if !timed.isEmpty {
            let ours = timed.map { $0.oursNanoseconds / 1e6 }, dot = timed.map { $0.dotNanoseconds! / 1e6 }
            let o = ours.reduce(0, +), d = dot.reduce(0, +)
            out += "| Layout time (ms) ² | \(format(o, 1)) | \(format(d, 1)) | \(ratio(o, d)) | \(format(median(ours), 3)) "
                + "| \(format(median(dot), 3)) | \(format(ours.max()!, 3)) | \(format(dot.max()!, 3)) |\n"
        } else {
            let ours = results.map { $0.oursNanoseconds / 1e6 }
            out += "| Layout time (ms) ² | \(format(ours.reduce(0, +), 1)) | – | – | \(format(median(ours), 3)) | – "
                + "| \(format(ours.max()!, 3)) | – |\n"
        }
        out += "\n¹ Informational, not a target: pairs of edges without a common end node that run on top of each "
            + "other along a horizontal or vertical line for more than 1 px.  \n"
        out += "² Ours: median of \(options.repetitions) in-process runs per graph after a warm-up (monotonic clock, "
            + "release build). dot: per graph, (t(1+\(options.dotCopies) copies) − t(1 copy)) / \(options.dotCopies) in two "
            + "`dot -Tplain` processes, median of \(options.dotRuns) runs"
        let cold = timed.filter(\.dotTimedCold).count
        if cold > 0 {
            out += "; \(cold) graphs with lanes, on which dot 2.43 crashes when it lays out several copies in one process, "
                + "timed cold instead: t(1 copy) − t(a tiny graph with a cluster and an HTML label), median of "
                + "\(2 * options.dotRuns + 1) runs"
        }
        if !dotStartup.isNaN { out += "; dot's process start-up (that tiny graph) is \(format(dotStartup / 1e6, 1)) ms, not included" }
        if let batch = dotBatch {
            out += "; cross-check: the \(batch.graphs) graphs without lanes in one process take \(format(batch.total / 1e6, 0)) ms "
                + "after subtracting start-up, against \(format(batch.sum / 1e6, 0)) ms summed per graph"
        } else if let problem = dotBatchProblem {
            out += "; the one-process cross-check failed: \(problem)"
        }
        out += ".\n"

        // Targets.
        func names(_ list: [Result], _ detail: (Result) -> String) -> String {
            list.isEmpty ? "" : " — " + list.prefix(40).map { "\($0.bench.name) (\(detail($0)))" }.joined(separator: ", ")
                + (list.count > 40 ? ", …" : "")
        }
        func verdict(_ ok: Bool) -> String { ok ? "**PASS**" : "**FAIL**" }
        out += "\n### Targets\n\n| target | result | |\n| --- | --- | --- |\n"
        let overlapping = results.filter { $0.ours.overlapsOfAnyKind > 0 }
        out += "| Ours: no overlap of any kind (node–node, label–label, label–node, label–edge) on every graph | "
            + "\(overlapping.count) of \(n) graphs have overlaps"
            + names(overlapping) { m in
                let o = m.ours
                return "\(o.nodeOverlaps)/\(o.labelLabelOverlaps)/\(o.labelNodeOverlaps)/\(o.labelEdgeOverlaps)"
            } + " | \(verdict(overlapping.isEmpty)) |\n"
        let through = results.filter { $0.ours.edgesThroughNodes > 0 }
        out += "| Ours: no edge through a node on every graph | \(through.count) of \(n) graphs"
            + names(through) { "\($0.ours.edgesThroughNodes)" } + " | \(verdict(through.isEmpty)) |\n"
        let notWorse = compared.filter { $0.ours.crossings <= $0.dot!.crossings }
        let worse = compared.filter { $0.ours.crossings > $0.dot!.crossings }
            .sorted { ($0.ours.crossings - $0.dot!.crossings) > ($1.ours.crossings - $1.dot!.crossings) }
        let share = compared.isEmpty ? 0 : Double(notWorse.count) / Double(compared.count)
        out += "| Crossings ours ≤ dot on ≥ 95% of graphs | \(notWorse.count) of \(compared.count) (\(format(share * 100, 1))%)"
            + names(worse) { r in
                var notes: [String] = []
                if r.dot!.keptLaneOrder == false { notes.append("lanes moved") }
                if r.dot!.upward != r.ours.upward { notes.append("other edges turned") }
                return "\(r.ours.crossings) vs \(r.dot!.crossings)" + (notes.isEmpty ? "" : "; dot: " + notes.joined(separator: ", "))
            } + " | \(verdict(share >= 0.95)) |\n"
        let oursCrossings = compared.map(\.ours.crossings).reduce(0, +), dotCrossings = compared.map { $0.dot!.crossings }.reduce(0, +)
        out += "| Crossings ours ≤ dot in total | \(oursCrossings) vs \(dotCrossings) | \(verdict(oursCrossings <= dotCrossings)) |\n"
        // dot cannot be told to keep its clusters in order; riskpress always keeps the lanes as written.
        let withLanes = compared.filter { $0.dot!.keptLaneOrder != nil }
        let reordered = withLanes.filter { $0.dot!.keptLaneOrder == false }
        let sameConstraints = compared.filter { $0.dot!.keptLaneOrder != false }
        let sameNotWorse = sameConstraints.filter { $0.ours.crossings <= $0.dot!.crossings }
        let sameShare: Double = sameConstraints.isEmpty ? 0 : Double(sameNotWorse.count) / Double(sameConstraints.count) * 100
        let sameOurs: Int = sameConstraints.map(\.ours.crossings).reduce(0, +)
        let sameDot: Int = sameConstraints.map { $0.dot!.crossings }.reduce(0, +)
        laneNote = "dot moved the lanes out of their given order (which riskpress keeps) in \(reordered.count) of "
        laneNote += "\(withLanes.count) graphs with two or more lanes. On the \(sameConstraints.count) graphs where both kept "
        laneNote += "the given order (or had no lanes), ours has no more crossings than dot on \(sameNotWorse.count) "
        laneNote += "(\(format(sameShare, 1))%), \(sameOurs) crossings in total against dot's \(sameDot).\n"
        // dot also breaks cycles its own way: it may turn round other edges than the ones that go
        // against the author's order (which riskpress turns round), and so solve another problem.
        let turnedOther = compared.filter { $0.dot!.upward != $0.ours.upward }
        let sameProblem = sameConstraints.filter { $0.dot!.upward == $0.ours.upward }
        let sameProblemNotWorse = sameProblem.filter { $0.ours.crossings <= $0.dot!.crossings }
        let sameProblemShare = sameProblem.isEmpty ? 0 : Double(sameProblemNotWorse.count) / Double(sameProblem.count) * 100
        laneNote += "\ndot turned round other edges than the ones against the author's order (which riskpress turns round) in "
        laneNote += "\(turnedOther.count) of \(compared.count) graphs. On the \(sameProblem.count) graphs where dot kept the lane order "
        laneNote += "and turned round the same edges, ours has no more crossings than dot on \(sameProblemNotWorse.count) "
        laneNote += "(\(format(sameProblemShare, 1))%), \(sameProblem.map(\.ours.crossings).reduce(0, +)) crossings in total against dot's "
        laneNote += "\(sameProblem.map { $0.dot!.crossings }.reduce(0, +)).\n"
        let times = results.map { $0.oursNanoseconds / 1e6 }
        let byTime = results.sorted { $0.oursNanoseconds > $1.oursNanoseconds }
        let slowest = byTime.filter { $0.oursNanoseconds > 20e6 }
        out += "| Ours: median layout time ≤ 5 ms | \(format(median(times), 3)) ms | \(verdict(median(times) <= 5)) |\n"
        out += "| Ours: worst layout time ≤ 20 ms | \(format(times.max() ?? 0, 3)) ms"
            + (slowest.isEmpty ? " (slowest: " + byTime.prefix(3).map { "\($0.bench.name) \(format($0.oursNanoseconds / 1e6, 1)) ms, \($0.bench.graph.nodes.count) steps" }.joined(separator: "; ") + ")" : "")
            + names(slowest) { "\(format($0.oursNanoseconds / 1e6, 1)) ms" } + " | \(verdict((times.max() ?? 0) <= 20)) |\n"
        let unstable = results.filter { !$0.identicalRuns }
        out += "| Ours: deterministic — \(options.repetitions + 1) layouts of every graph serialise identically | "
            + "\(unstable.count) of \(n) graphs differ" + names(unstable) { _ in "differs" } + " | \(verdict(unstable.isEmpty)) |\n"
        if let different = crossProcessDifferent {
            out += "| Ours: deterministic across processes (another hash seed) | \(different.count) of \(n) graphs differ"
                + (different.isEmpty ? "" : " — " + different.prefix(8).joined(separator: ", "))
                + " | \(verdict(different.isEmpty)) |\n"
        }

        if !laneNote.isEmpty { out += "\n" + laneNote }

        // The engine's contract, for information.
        let broken = results.filter { !$0.contract.isEmpty }
        out += "\nContract checks on our layouts (informational: sizes kept, segments horizontal/vertical, end points on "
            + "the node border ±1 px, every label placed, nodes inside their lane band): "
        if broken.isEmpty {
            out += "all \(n) graphs pass.\n"
        } else {
            let total = broken.map(\.contract.count).reduce(0, +)
            out += "\(broken.count) of \(n) graphs have \(total) problems, e.g. "
                + broken.prefix(3).map { "\($0.bench.name): \($0.contract.prefix(3).joined(separator: "; "))" }.joined(separator: " · ") + ".\n"
        }
        if exampleCount > 0 {
            out += "\nExample flows, crossings ours / dot: "
                + results.filter { $0.bench.origin == .example }.map {
                    "\($0.bench.name) \($0.ours.crossings)/\($0.dot.map { String($0.crossings) } ?? "–")"
                }.joined(separator: ", ") + ".\n"
        }
        if !samples.isEmpty {
            out += "\nSide-by-side samples (ours, dot `-Tsvg`) in `\(options.samples)`: \(samples.joined(separator: ", ")).\n"
        }
        return out
    }
}
