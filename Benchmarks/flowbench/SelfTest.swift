import FlowLayout
import Foundation

/// `flowbench --selftest`: the metric code on hand-made tiny layouts.
enum SelfTest {
    static func run() -> Bool {
        var checks = 0
        var failures: [String] = []
        func expect(_ name: String, _ got: Int, _ want: Int) {
            checks += 1
            if got != want { failures.append("\(name): got \(got), want \(want)") }
        }
        func p(_ x: Double, _ y: Double) -> Point { Point(x: x, y: y) }
        func r(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> Rect { Rect(x: x, y: y, width: w, height: h) }
        func drawing(_ nodes: [Rect], _ edges: [[Point]] = [], ends: [(Int, Int)] = [], labels: [Rect?]? = nil,
                     shapes: [LayoutGraph.Shape]? = nil, rule: Drawing.BendRule = .orthogonal) -> Drawing {
            Drawing(nodes: nodes, shapes: shapes ?? nodes.map { _ in .box }, edges: edges,
                    ends: ends.map { (from: $0.0, to: $0.1) }, labels: labels ?? edges.map { _ in nil },
                    extras: [], bendRule: rule)
        }

        // Node–node overlaps.
        expect("two overlapping rects", drawing([r(0, 0, 100, 40), r(50, 20, 100, 40)]).metrics().nodeOverlaps, 1)
        expect("two touching rects", drawing([r(0, 0, 100, 40), r(100, 0, 100, 40)]).metrics().nodeOverlaps, 0)
        expect("two apart rects", drawing([r(0, 0, 100, 40), r(0, 60, 100, 40)]).metrics().nodeOverlaps, 0)
        expect("rect inside rect", drawing([r(0, 0, 100, 100), r(10, 10, 10, 10)]).metrics().nodeOverlaps, 1)
        expect("diamonds whose boxes overlap only in the corners",
               drawing([r(0, 0, 100, 40), r(90, 30, 100, 40)], shapes: [.diamond, .diamond]).metrics().nodeOverlaps, 0)

        // Edges through nodes: nodes 0 (top), 1 (bottom), 2 (in between).
        let three = [r(0, 0, 100, 40), r(0, 200, 100, 40), r(0, 100, 100, 40)]
        expect("segment crossing a rect is through-node",
               drawing(three, [[p(50, 40), p(50, 200)]], ends: [(0, 1)]).metrics().edgesThroughNodes, 1)
        expect("segment along a rect's side is not through-node",
               drawing(three, [[p(100.5, 40), p(100.5, 200)]], ends: [(0, 1)]).metrics().edgesThroughNodes, 0)
        expect("segment grazing 0.5 px into a rect is not through-node (1 px shrink)",
               drawing(three, [[p(99.5, 40), p(99.5, 200)]], ends: [(0, 1)]).metrics().edgesThroughNodes, 0)
        expect("an edge's own end nodes do not count",
               drawing(three, [[p(50, 20), p(50, 220)]], ends: [(0, 1)]).metrics().edgesThroughNodes, 1)
        expect("segment through the corner of a diamond's box, outside the rhombus",
               drawing(three, [[p(1, 40), p(1, 200)]], ends: [(0, 1)], shapes: [.box, .box, .diamond]).metrics().edgesThroughNodes, 0)
        expect("segment through a diamond's middle",
               drawing(three, [[p(50, 40), p(50, 200)]], ends: [(0, 1)], shapes: [.box, .box, .diamond]).metrics().edgesThroughNodes, 1)

        // Crossings: four nodes in the corners, edges 0→3 and 1→2 form an X.
        let corners = [r(0, 0, 20, 20), r(200, 0, 20, 20), r(0, 200, 20, 20), r(200, 200, 20, 20)]
        let x0 = [p(20, 20), p(200, 200)], x1 = [p(200, 20), p(20, 200)]
        expect("two crossing edges count one crossing",
               drawing(corners, [x0, x1], ends: [(0, 3), (1, 2)]).metrics().crossings, 1)
        expect("crossing edges sharing an endpoint do not count",
               drawing(corners, [x0, [p(200, 20), p(20, 200)]], ends: [(0, 3), (0, 2)]).metrics().crossings, 0)
        expect("orthogonal crossing with redundant collinear points counts once",
               drawing(corners, [[p(110, 20), p(110, 60), p(110, 100), p(110, 200)], [p(20, 100), p(200, 100)]],
                       ends: [(0, 3), (2, 1)]).metrics().crossings, 1)
        expect("edges that only touch do not cross",
               drawing(corners, [[p(110, 20), p(110, 100)], [p(20, 100), p(200, 100)]],
                       ends: [(0, 3), (2, 1)]).metrics().crossings, 0)
        expect("an edge crossing another twice counts two",
               drawing(corners, [[p(10, 20), p(10, 100), p(210, 100), p(210, 200)],
                                 [p(50, 20), p(50, 150), p(150, 150), p(150, 20)]],
                       ends: [(0, 3), (1, 2)]).metrics().crossings, 2)
        expect("collinear edges are an edge–edge overlap, not a crossing",
               drawing(corners, [[p(20, 100), p(150, 100)], [p(100, 100), p(200, 100)]], ends: [(0, 3), (2, 1)]).metrics().edgeEdgeOverlaps, 1)

        // Labels.
        let twoNodes = [r(0, 0, 100, 40), r(0, 200, 100, 40)]
        expect("overlapping labels",
               drawing(twoNodes, [[p(20, 40), p(20, 200)], [p(80, 40), p(80, 200)]], ends: [(0, 1), (0, 1)],
                       labels: [r(25, 100, 40, 20), r(50, 110, 40, 20)]).metrics().labelLabelOverlaps, 1)
        expect("label on a node",
               drawing(twoNodes, [[p(20, 40), p(20, 200)]], ends: [(0, 1)], labels: [r(25, 30, 40, 20)]).metrics().labelNodeOverlaps, 1)
        expect("label beside a node",
               drawing(twoNodes, [[p(20, 40), p(20, 200)]], ends: [(0, 1)], labels: [r(25, 40, 40, 20)]).metrics().labelNodeOverlaps, 0)
        expect("another edge through a label",
               drawing(twoNodes, [[p(20, 40), p(20, 200)], [p(80, 40), p(80, 200)]], ends: [(0, 1), (0, 1)],
                       labels: [r(60, 100, 40, 20), nil]).metrics().labelEdgeOverlaps, 1)
        expect("its own edge through a label does not count",
               drawing(twoNodes, [[p(20, 40), p(20, 200)], [p(80, 40), p(80, 200)]], ends: [(0, 1), (0, 1)],
                       labels: [r(0, 100, 40, 20), nil]).metrics().labelEdgeOverlaps, 0)

        // Bends.
        expect("straight edge: 0 bends", Geometry.orthogonalBends([p(0, 0), p(0, 50), p(0, 100)]), 0)
        expect("L: 1 bend", Geometry.orthogonalBends([p(0, 0), p(0, 50), p(0, 50), p(80, 50)]), 1)
        expect("Z: 2 bends", Geometry.orthogonalBends([p(0, 0), p(0, 50), p(80, 50), p(80, 100)]), 2)
        let quarter = (0...32).map { k -> Point in
            let a = Double(k) / 32 * .pi / 2
            return p(100 - 100 * cos(a), 100 * sin(a))
        }
        expect("sampled quarter circle: 1 bend", Geometry.curveBends(quarter), 1)
        let sCurve = Dot.bezierSamples([p(0, 0), p(0, 60), p(100, 40), p(100, 100)], steps: 16)
        expect("sampled S curve: 2 bends", Geometry.curveBends(sCurve), 2)
        let uTurn = Dot.bezierSamples([p(0, 0), p(0, -80), p(100, -80), p(100, 0)], steps: 16)
        expect("sampled U-turn: 2 bends", Geometry.curveBends(uTurn), 2)
        let gentle = Dot.bezierSamples([p(0, 0), p(0, 50), p(8, 50), p(10, 100)], steps: 16)
        expect("gentle curve (under 20°): 0 bends", Geometry.curveBends(gentle), 0)
        expect("orthogonal Z through the curve rule: 2 bends", Geometry.curveBends([p(0, 0), p(0, 50), p(80, 50), p(80, 100)]), 2)

        // Reading dot's JSON: y flipped, node rects from centres, the spline sampled, end point kept.
        let json = """
        {"bb":"0,0,100,200","objects":[{"name":"n0","pos":"50,180"},{"name":"n1","pos":"50,20"}],
         "edges":[{"id":"e0","pos":"e,50,40 50,160 50,120 50,80 50,50","lp":"70,100"}]}
        """
        let bench = BenchGraph(
            name: "t", origin: .generated,
            graph: LayoutGraph(nodes: [.init(size: Size(width: 60, height: 40)), .init(size: Size(width: 60, height: 40))],
                               edges: [.init(from: 0, to: 1, label: Size(width: 30, height: 16))]),
            nodeLabels: ["a", "b"], nodeKinds: ["task", "task"], edgeLabels: ["x"], laneNames: [])
        if let d = try? Dot.drawing(json: Data(json.utf8), bench) {
            expect("dot node 0 top", Int(d.nodes[0].y), 0)
            expect("dot node 1 top", Int(d.nodes[1].y), 160)
            expect("dot edge end point kept", Int(d.edges[0].last!.y), 160)
            expect("dot edge samples", d.edges[0].count, Dot.samplesPerBezier + 2)
            expect("dot label box", Int(d.labels[0]!.y), 92)
            expect("dot straight edge: 0 bends", d.metrics().bends, 0)
        } else {
            failures.append("dot JSON not read")
        }

        print("selftest: \(checks) checks, \(failures.count) failed")
        for failure in failures { print("  FAILED \(failure)") }
        return failures.isEmpty
    }
}
