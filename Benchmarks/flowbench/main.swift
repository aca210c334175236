import FlowLayout
import Foundation

// flowbench: riskpress's FlowLayout against Graphviz dot on generated and example flow charts.
// See Benchmarks/README.md. Run with --help for the options.

struct Options {
    var count = 240
    var seed: UInt64 = 20_240_601
    var content = "Content"
    var dot = "dot"
    var work = "/tmp/flowbench-work"
    var samples = "/tmp/flowbench-samples"
    var samplesOf: [String] = []
    var out: String?
    var repetitions = 20
    var dotCopies = 4
    var dotRuns = 5
    var dotTiming = true
    var only: [String] = []
    var selftest = false
    var digest = false
    var explain = false

    static let usage = """
    flowbench [options]
      --count N          generated graphs (default 240)
      --seed S           generator seed (default 20240601)
      --content DIR      Content folder whose flows/**/*.yaml are added (default Content)
      --dot PATH         the dot executable (default: dot on PATH)
      --work DIR         scratch folder for DOT/JSON files (default /tmp/flowbench-work)
      --samples DIR      side-by-side SVG samples (default /tmp/flowbench-samples)
      --samples-of A,B   names of the graphs to draw as samples (default: 5 chosen)
      --only A,B         run only these graphs (names as in the report: gen-17, flow:…)
      --out FILE         also write the Markdown report there
      --reps N           our layouts per graph: timing median and determinism (default 20)
      --dot-copies N     dot timing: extra copies per process (default 4)
      --dot-runs N       dot timing: runs per graph, median taken (default 5)
      --no-dot-timing    skip timing dot (geometry only)
      --no-newrank       dot without newrank=true (each lane cluster ranked on its own)
      --selftest         check the metric code on hand-made layouts and exit
      --explain          list every crossing, overlap and edge through a node found (use with --only)
      --digest           print a digest of every layout and exit (used for the cross-process check)
    """

    init(_ arguments: [String]) {
        var i = 0
        func value() -> String {
            i += 1
            guard i < arguments.count else { fail("\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--count": count = Int(value()) ?? { fail("bad --count") }()
            case "--seed": seed = UInt64(value()) ?? { fail("bad --seed") }()
            case "--content": content = value()
            case "--dot": dot = value()
            case "--work": work = value()
            case "--samples": samples = value()
            case "--samples-of": samplesOf = value().split(separator: ",").map(String.init)
            case "--only": only = value().split(separator: ",").map(String.init)
            case "--out": out = value()
            case "--reps": repetitions = max(1, Int(value()) ?? 20)
            case "--dot-copies": dotCopies = max(1, Int(value()) ?? 4)
            case "--dot-runs": dotRuns = max(1, Int(value()) ?? 5)
            case "--no-dot-timing": dotTiming = false
            case "--no-newrank": Dot.newrank = false
            case "--selftest": selftest = true
            case "--digest": digest = true
            case "--explain": explain = true
            case "--help", "-h": print(Self.usage); exit(0)
            default: fail("unknown option \(arguments[i])\n\(Self.usage)")
            }
            i += 1
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("flowbench: \(message)\n".utf8))
    exit(2)
}

func progress(_ message: String) {
    FileHandle.standardError.write(Data("flowbench: \(message)\n".utf8))
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
if options.selftest { exit(SelfTest.run() ? 0 : 1) }

let layoutOptions = LayoutOptions()

// The graphs: the generated set, then the example flows.
let generator = FlowGenerator(seed: options.seed)
var graphs = (0..<options.count).map(generator.graph)
let examples = ExampleFlows.load(contentDirectory: options.content)
graphs += examples.graphs
if !options.only.isEmpty { graphs = graphs.filter { options.only.contains($0.name) } }
guard !graphs.isEmpty else { fail("no graphs") }

if options.digest {
    for bench in graphs {
        let digest = Ours.digest(Ours.serialise(FlowLayoutEngine.layout(bench.graph, options: layoutOptions)))
        print("\(bench.name) \(String(digest, radix: 16))")
    }
    exit(0)
}

// MARK: ours: timing, determinism, metrics

struct Result {
    var bench: BenchGraph
    var layout: Layout
    var ours: Metrics
    var oursNanoseconds: Double
    var identicalRuns: Bool
    var digest: UInt64
    var contract: [String]
    var dot: Metrics?
    var dotError: String?
    var dotNanoseconds: Double?
    /// dot crashed laying out several copies in one process: timed cold, one copy against a tiny graph.
    var dotTimedCold = false
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

progress("laying out \(graphs.count) graphs with FlowLayout, \(options.repetitions)× each")
var results: [Result] = []
for bench in graphs {
    let reference = FlowLayoutEngine.layout(bench.graph, options: layoutOptions)  // also the warm-up
    let text = Ours.serialise(reference)
    var times: [Double] = []
    var identical = true
    for _ in 0..<options.repetitions {
        let start = Ours.monotonicNanoseconds()
        let layout = FlowLayoutEngine.layout(bench.graph, options: layoutOptions)
        times.append(Double(Ours.monotonicNanoseconds() - start))
        if Ours.serialise(layout) != text { identical = false }
    }
    results.append(Result(
        bench: bench, layout: reference, ours: Ours.drawing(reference, bench).metrics(explain: options.explain), oursNanoseconds: median(times),
        identicalRuns: identical, digest: Ours.digest(text), contract: Ours.contractViolations(reference, bench)))
}

// The same layouts in a second process (a different hash seed): a layout that depends on
// Set/Dictionary order shows up here even when it is stable within one process.
var crossProcessDifferent: [String]? = nil
do {
    let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    let executable = FileManager.default.isExecutableFile(atPath: me) ? me : CommandLine.arguments[0]
    var arguments = Array(CommandLine.arguments.dropFirst())
    if let i = arguments.firstIndex(of: "--out") { arguments.removeSubrange(i...(i + 1)) }
    arguments.append("--digest")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    var digests: [String: String] = [:]
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        let parts = line.split(separator: " ")
        if parts.count == 2 { digests[String(parts[0])] = String(parts[1]) }
    }
    crossProcessDifferent = results.filter { digests[$0.bench.name] != String($0.digest, radix: 16) }.map(\.bench.name)
} catch {
    progress("cross-process determinism check not run: \(error)")
}

// MARK: dot: geometry

guard let dotPath = Dot.findExecutable(options.dot) else { fail("dot not found (\(options.dot)); install graphviz") }
let dotVersion = (try? Dot.run(dotPath, ["-V"]).stderr.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "?"
let fm = FileManager.default
let geometryDir = options.work + "/geometry", timingDir = options.work + "/timing"
try? fm.removeItem(atPath: options.work)
try fm.createDirectory(atPath: geometryDir, withIntermediateDirectories: true)
try fm.createDirectory(atPath: timingDir, withIntermediateDirectories: true)

progress("dot: laying out \(graphs.count) graphs (-Tjson, one process each)")
for (i, result) in results.enumerated() {
    let path = "\(geometryDir)/g\(i).dot", json = path + ".json"
    try Dot.source(result.bench, options: layoutOptions, withText: false).write(toFile: path, atomically: true, encoding: .utf8)
    let run = try Dot.run(dotPath, ["-Tjson", "-o", json, path])
    guard run.status == 0 else {
        results[i].dotError = Dot.firstError(run.stderr, status: run.status)
        continue
    }
    do {
        let data = try Data(contentsOf: URL(fileURLWithPath: json))
        results[i].dot = try Dot.drawing(json: data, results[i].bench).metrics(explain: options.explain)
    } catch {
        results[i].dotError = "\(error)"
    }
}

// MARK: dot: timing

/// Per graph: one process lays out 1 copy, another 1 + R copies of the same graph (-Tplain,
/// output discarded); (t(1+R) − t(1)) / R is dot's time per layout with process start-up,
/// plugin and font set-up cancelled out. Median over several runs. dot 2.43 corrupts its heap
/// laying out some graphs with clusters several times in one process; those are timed cold:
/// t(1 copy) − t(a tiny graph with the same features), median of 2 × runs + 1.
var dotStartup = Double.nan
var dotBatch: (total: Double, sum: Double, graphs: Int)? = nil
var dotBatchProblem: String? = nil
if options.dotTiming {
    progress("dot: timing (\(options.dotCopies) extra copies, \(options.dotRuns) runs per graph)")
    let tiny = BenchGraph.make(
        name: "tiny", origin: .generated, labels: ["开始", "是否同意"], kinds: ["task", "decision"], lanes: [0, 0],
        edges: [(0, 1, "同意", 2)], laneNames: ["经办人"])
    let baseline = "\(timingDir)/tiny.dot"
    try Dot.source(tiny, options: layoutOptions, withText: false).write(toFile: baseline, atomically: true, encoding: .utf8)
    var startups: [Double] = []
    for _ in 0..<11 { if let r = try? Dot.run(dotPath, ["-Tplain", baseline]), r.status == 0 { startups.append(Double(r.nanoseconds)) } }
    dotStartup = median(startups)
    for (i, result) in results.enumerated() where result.dot != nil {
        let source = Dot.source(result.bench, options: layoutOptions, withText: false, graphName: "g\(i)")
        let one = "\(timingDir)/g\(i)-1.dot", many = "\(timingDir)/g\(i)-n.dot"
        try source.write(toFile: one, atomically: true, encoding: .utf8)
        try String(repeating: source, count: options.dotCopies + 1).write(toFile: many, atomically: true, encoding: .utf8)
        var samples: [Double] = []
        var cold = false
        for _ in 0..<options.dotRuns {
            let t1 = try Dot.run(dotPath, ["-Tplain", one]), tn = try Dot.run(dotPath, ["-Tplain", many])
            if tn.status != 0 || t1.status != 0 { cold = true; break }
            samples.append((Double(tn.nanoseconds) - Double(t1.nanoseconds)) / Double(options.dotCopies))
        }
        if cold {
            samples = []
            for _ in 0..<(2 * options.dotRuns + 1) {
                let t1 = try Dot.run(dotPath, ["-Tplain", one]), t0 = try Dot.run(dotPath, ["-Tplain", baseline])
                if t1.status == 0 && t0.status == 0 { samples.append(Double(t1.nanoseconds) - Double(t0.nanoseconds)) }
            }
        }
        if !samples.isEmpty {
            results[i].dotNanoseconds = max(0, median(samples))
            results[i].dotTimedCold = cold
        }
    }
    // Cross-check: the graphs without lanes (no clusters, which dot survives several of in one
    // process) all in one process, minus the start-up of the tiny graph, against their per-graph sum.
    let batchIndices = results.indices.filter { results[$0].bench.graph.laneCount == 0 && results[$0].dotNanoseconds != nil }
    let all = batchIndices.map { Dot.source(results[$0].bench, options: layoutOptions, withText: false, graphName: "g\($0)") }.joined()
    let allPath = "\(timingDir)/all.dot"
    try all.write(toFile: allPath, atomically: true, encoding: .utf8)
    var batches: [Double] = []
    for _ in 0..<3 {
        let r = try Dot.run(dotPath, ["-Tplain", allPath])
        if r.status == 0 { batches.append(Double(r.nanoseconds)) } else { dotBatchProblem = Dot.firstError(r.stderr, status: r.status) }
    }
    if !batches.isEmpty {
        dotBatch = (median(batches) - dotStartup, batchIndices.map { results[$0].dotNanoseconds! }.reduce(0, +), batchIndices.count)
    }
}

// Every graph's numbers, for looking closer.
var table = "graph\tsteps\tedges\tlanes\tcrossings\tdot_crossings\toverlaps\tdot_overlaps\tthrough\tdot_through"
    + "\tbends\tdot_bends\tarea\tdot_area\tms\tdot_ms\tcontract\n"
for r in results {
    let g = r.bench.graph, o = r.ours, d = r.dot
    func dv(_ f: (Metrics) -> Double) -> String { d.map { String(format: "%.0f", f($0)) } ?? "" }
    table += "\(r.bench.name)\t\(g.nodes.count)\t\(g.edges.count)\t\(g.laneCount)\t\(o.crossings)\t\(dv { Double($0.crossings) })"
        + "\t\(o.overlapsOfAnyKind)\t\(dv { Double($0.overlapsOfAnyKind) })\t\(o.edgesThroughNodes)\t\(dv { Double($0.edgesThroughNodes) })"
        + "\t\(o.bends)\t\(dv { Double($0.bends) })\t\(String(format: "%.0f", o.area))\t\(dv { $0.area })"
        + "\t\(String(format: "%.3f", r.oursNanoseconds / 1e6))\t\(r.dotNanoseconds.map { String(format: "%.3f", $0 / 1e6) } ?? "")"
        + "\t\(r.contract.count)\n"
}
try table.write(toFile: options.work + "/per-graph.tsv", atomically: true, encoding: .utf8)

// MARK: samples

@MainActor func chooseSamples() -> [Int] {
    if !options.samplesOf.isEmpty {
        return results.indices.filter { options.samplesOf.contains(results[$0].bench.name) }
    }
    var chosen: [Int] = []
    // Up to two example flows (the largest), then generated graphs spread over the sizes.
    let exampleIndices = results.indices.filter { results[$0].bench.origin == .example }
        .sorted { results[$0].bench.graph.nodes.count > results[$1].bench.graph.nodes.count }
    chosen += exampleIndices.prefix(2)
    let generated = results.indices.filter { results[$0].bench.origin == .generated }
        .sorted { (results[$0].bench.graph.nodes.count, $0) < (results[$1].bench.graph.nodes.count, $1) }
    let wanted = 5 - chosen.count
    if !generated.isEmpty && wanted > 0 {
        let fractions = [0.15, 0.35, 0.55, 0.75, 0.95].suffix(wanted)
        for f in fractions {
            let index = generated[min(generated.count - 1, Int(Double(generated.count) * f))]
            if !chosen.contains(index) { chosen.append(index) }
        }
    }
    return chosen
}

try? fm.removeItem(atPath: options.samples)
try fm.createDirectory(atPath: options.samples, withIntermediateDirectories: true)
var sampleNames: [String] = []
var index = "<!doctype html><meta charset=\"utf-8\"><title>flowbench samples</title>\n"
    + "<style>body{font-family:sans-serif} td{vertical-align:top;padding:8px} img{max-width:48vw;border:1px solid #ccc}</style>\n"
for i in chooseSamples() {
    let r = results[i]
    let file = r.bench.name.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ":", with: "_")
    try OurSVG.render(r.layout, r.bench, wrapEm: r.bench.wrapEm)
        .write(toFile: "\(options.samples)/\(file)-ours.svg", atomically: true, encoding: .utf8)
    let dotSource = "\(options.samples)/\(file).dot"
    try Dot.source(r.bench, options: layoutOptions, withText: true).write(toFile: dotSource, atomically: true, encoding: .utf8)
    _ = try? Dot.run(dotPath, ["-Tsvg", "-o", "\(options.samples)/\(file)-dot.svg", dotSource])
    sampleNames.append(r.bench.name)
    let g = r.bench.graph
    index += "<h2>\(r.bench.name): \(g.nodes.count) steps, \(g.edges.count) edges, \(g.laneCount) lanes — "
        + "crossings ours \(r.ours.crossings) / dot \(r.dot.map { String($0.crossings) } ?? "–")</h2>\n"
        + "<table><tr><th>ours</th><th>dot</th></tr><tr><td><img src=\"\(file)-ours.svg\"></td>"
        + "<td><img src=\"\(file)-dot.svg\"></td></tr></table>\n"
}
try index.write(toFile: "\(options.samples)/index.html", atomically: true, encoding: .utf8)

// MARK: report

let report = Report.markdown(results: results, options: options, examples: examples, dotVersion: dotVersion,
                             dotStartup: dotStartup, dotBatch: dotBatch, dotBatchProblem: dotBatchProblem,
                             crossProcessDifferent: crossProcessDifferent,
                             samples: sampleNames)
print(report, terminator: "")
if options.explain {
    for r in results {
        print("\n#### \(r.bench.name)\n\nours:\n" + r.ours.notes.map { "- \($0)" }.joined(separator: "\n"))
        print("\ndot:\n" + (r.dot?.notes ?? [r.dotError ?? "?"]).map { "- \($0)" }.joined(separator: "\n"))
    }
}
if let out = options.out { try report.write(toFile: out, atomically: true, encoding: .utf8) }
try? fm.removeItem(atPath: Dot.stderrPath)
