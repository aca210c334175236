import FlowLayout
import Foundation

/// The same graphs for Graphviz `dot`: DOT export, running dot, reading its JSON back.
enum Dot {
    /// A fixed-size HTML label: an empty (or texted) table exactly `size` points large, so dot
    /// reserves the same room as ours (1 px = 1 pt, both at 72 per inch).
    static func fixedLabel(_ size: Size, _ text: String?) -> String {
        let w = Int(size.width.rounded(.up)), h = Int(size.height.rounded(.up))
        let cell = text.map(htmlEscape) ?? ""
        return "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\" FIXEDSIZE=\"TRUE\" "
            + "WIDTH=\"\(w)\" HEIGHT=\"\(h)\"><TR><TD FIXEDSIZE=\"TRUE\" WIDTH=\"\(w)\" HEIGHT=\"\(h)\">\(cell)</TD></TR></TABLE>>"
    }

    static func htmlEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `newrank=true`: one ranking across all clusters (Graphviz's advice for swimlanes). Without
    /// it dot ranks each cluster on its own and flows that go back and forth between lanes tangle.
    nonisolated(unsafe) static var newrank = true

    static func inches(_ px: Double) -> String { String(format: "%.4f", px / 72) }

    /// `withText`: node and label texts in (for the sample SVGs); without, the labels are empty
    /// boxes of the same fixed sizes, so the geometry is the same and no text is shaped.
    static func source(_ bench: BenchGraph, options: LayoutOptions, withText: Bool, graphName: String = "G") -> String {
        let g = bench.graph
        var out = "digraph \(quote(graphName)) {\n"
        out += "  graph [\(newrank ? "newrank=true, " : "")rankdir=TB, splines=spline, ranksep=\(inches(options.rankSeparation)), "
            + "nodesep=\(inches(options.nodeSeparation)), pad=\(inches(options.margin)), fontsize=14];\n"
        out += "  node [fixedsize=true, fontsize=14, margin=0];\n"
        out += "  edge [fontsize=12, arrowsize=0.7];\n"
        for lane in 0..<g.laneCount {
            out += "  subgraph cluster_\(lane) {\n"
            let header = lane < g.laneHeaders.count ? g.laneHeaders[lane] : Size(width: 40, height: 20)
            out += "    label=\(fixedLabel(header, withText ? bench.laneNames[lane] : nil)); labelloc=t; "
                + "margin=\(Int(options.lanePadding));\n"
            out += "   "
            for (i, node) in g.nodes.enumerated() where node.lane == lane { out += " n\(i);" }
            out += "\n  }\n"
        }
        for (i, node) in g.nodes.enumerated() {
            let shape = node.shape == .diamond ? "diamond" : "box"
            // The text in the lines we measured ("\n" centres each line); no text: an empty label.
            let lines = node.shape == .diamond ? Sizing.lines(bench.nodeLabels[i], maxWidth: 6 * Sizing.em)
                : Sizing.lines(bench.nodeLabels[i], maxWidth: bench.wrapEm * Sizing.em)
            let label = withText ? "\"" + lines.map { String(quote($0).dropFirst().dropLast()) }.joined(separator: "\\n") + "\"" : "\"\""
            out += "  n\(i) [shape=\(shape), width=\(inches(node.size.width)), height=\(inches(node.size.height)), label=\(label)];\n"
        }
        for (i, edge) in g.edges.enumerated() {
            out += "  n\(edge.from) -> n\(edge.to) [id=\"e\(i)\", weight=\(edge.weight)"
            if let size = edge.label { out += ", label=\(fixedLabel(size, withText ? bench.edgeLabels[i] : nil))" }
            out += "];\n"
        }
        out += "}\n"
        return out
    }

    static func findExecutable(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    nonisolated(unsafe) static var stderrPath = "/tmp/flowbench-stderr-\(getpid()).txt"

    /// Runs a process to completion with posix_spawn (Foundation's Process costs some 50 ms a
    /// launch here, which would drown dot's times): stdout to /dev/null, stderr kept. Returns the
    /// exit status (128 + signal when killed), stderr, and the wall time from spawn to exit in ns.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stderr: String, nanoseconds: UInt64) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = Ours.monotonicNanoseconds()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure(description: "cannot run \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let elapsed = Ours.monotonicNanoseconds() - start
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let errorText = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return (code, errorText, elapsed)
    }

    /// The first line of dot's complaint, for the report.
    static func firstError(_ stderr: String, status: Int32) -> String {
        let line = stderr.split(separator: "\n").first { !$0.hasPrefix("\t") && !$0.hasPrefix("Warning") }
        return (line.map(String.init) ?? "no message") + " (exit status \(status))"
    }

    // MARK: reading dot's JSON

    static func points(_ text: String) -> [Double] {
        text.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Double($0) }
    }

    static func bezierSamples(_ p: [Point], steps: Int) -> [Point] {
        var out: [Point] = []
        guard p.count >= 4 else { return p }
        var k = 0
        while k + 3 < p.count {
            let (p0, p1, p2, p3) = (p[k], p[k + 1], p[k + 2], p[k + 3])
            for s in (k == 0 ? 0 : 1)...steps {
                let t = Double(s) / Double(steps), u = 1 - t
                let a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t
                out.append(Point(x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y))
            }
            k += 3
        }
        return out
    }

    static let samplesPerBezier = 16

    /// dot's layout of `bench` read from `-Tjson` output; y flipped to grow downwards.
    static func drawing(json data: Data, _ bench: BenchGraph) throws -> Drawing {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let bbText = root["bb"] as? String else { throw Failure(description: "no bb in dot output") }
        let bb = points(bbText)
        let top = bb.count == 4 ? bb[3] : 0
        func flip(_ x: Double, _ y: Double) -> Point { Point(x: x, y: top - y) }
        let g = bench.graph
        var nodes = g.nodes.map { Rect(x: 0, y: 0, width: $0.size.width, height: $0.size.height) }
        var extras: [Rect] = []
        var clusterLeft: [Int: Double] = [:]
        var found = 0
        for object in root["objects"] as? [[String: Any]] ?? [] {
            let name = object["name"] as? String ?? ""
            if name.hasPrefix("cluster"), let b = (object["bb"] as? String).map(points), b.count == 4 {
                extras.append(Rect(x: b[0], y: top - b[3], width: b[2] - b[0], height: b[3] - b[1]))
                if let lane = Int(name.dropFirst("cluster_".count)) { clusterLeft[lane] = b[0] }
            } else if name.hasPrefix("n"), let i = Int(name.dropFirst()), i < nodes.count,
                      let pos = (object["pos"] as? String).map(points), pos.count == 2 {
                let c = flip(pos[0], pos[1])
                nodes[i].x = c.x - nodes[i].width / 2
                nodes[i].y = c.y - nodes[i].height / 2
                found += 1
            }
        }
        guard found == nodes.count else { throw Failure(description: "dot placed \(found) of \(nodes.count) nodes") }
        var edges = [[Point]](repeating: [], count: g.edges.count)
        var labels = [Rect?](repeating: nil, count: g.edges.count)
        for edge in root["edges"] as? [[String: Any]] ?? [] {
            guard let id = edge["id"] as? String, let i = Int(id.dropFirst()), i < edges.count,
                  let pos = edge["pos"] as? String else { continue }
            var start: Point?, end: Point?
            var controls: [Point] = []
            for token in pos.split(separator: " ") {
                let parts = token.split(separator: ",")
                if parts.count == 3, let x = Double(parts[1]), let y = Double(parts[2]) {
                    if parts[0] == "e" { end = flip(x, y) } else if parts[0] == "s" { start = flip(x, y) }
                } else if parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]) {
                    controls.append(flip(x, y))
                }
            }
            var polyline = bezierSamples(controls, steps: samplesPerBezier)
            if let start { polyline.insert(start, at: 0) }
            if let end { polyline.append(end) }
            edges[i] = polyline
            if let size = g.edges[i].label, let lp = (edge["lp"] as? String).map(points), lp.count == 2 {
                let c = flip(lp[0], lp[1])
                labels[i] = Rect(x: c.x - size.width / 2, y: c.y - size.height / 2, width: size.width, height: size.height)
            }
        }
        var drawing = Drawing(nodes: nodes, shapes: g.nodes.map(\.shape), edges: edges,
                              ends: g.edges.map { ($0.from, $0.to) }, labels: labels, extras: extras, bendRule: .sampledCurve)
        if g.laneCount > 1 {
            let lefts = (0..<g.laneCount).compactMap { clusterLeft[$0] }
            drawing.keptLaneOrder = lefts.count == g.laneCount && zip(lefts, lefts.dropFirst()).allSatisfy { $0 < $1 }
        }
        return drawing
    }
}
