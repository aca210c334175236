import FlowLayout
import Foundation

/// A plain SVG of our layout, for looking at the samples next to dot's own -Tsvg.
enum OurSVG {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func text(_ lines: [String], centre: Point, fontSize: Double) -> String {
        let lineHeight = fontSize * 1.4
        var out = ""
        let y0 = centre.y - lineHeight * Double(lines.count - 1) / 2
        for (k, line) in lines.enumerated() {
            out += "<text x=\"\(f(centre.x))\" y=\"\(f(y0 + Double(k) * lineHeight))\" font-size=\"\(f(fontSize))\" "
                + "text-anchor=\"middle\" dominant-baseline=\"central\">\(escape(line))</text>\n"
        }
        return out
    }

    static func render(_ layout: Layout, _ bench: BenchGraph, wrapEm: Double = Sizing.defaultWrapEm) -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(layout.size.width))\" height=\"\(f(layout.size.height))\" "
            + "viewBox=\"0 0 \(f(layout.size.width)) \(f(layout.size.height))\" font-family=\"Noto Sans CJK SC, sans-serif\">\n"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
            + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        for (i, band) in layout.lanes.enumerated() {
            out += "<rect x=\"\(f(band.x))\" y=\"\(f(band.y))\" width=\"\(f(band.width))\" height=\"\(f(band.height))\" "
                + "fill=\"\(i % 2 == 0 ? "#f4f7fb" : "#fbfaf4")\" stroke=\"#c8d0da\"/>\n"
            if i < layout.laneHeaders.count, i < bench.laneNames.count {
                let h = layout.laneHeaders[i]
                out += "<rect x=\"\(f(h.x))\" y=\"\(f(h.y))\" width=\"\(f(h.width))\" height=\"\(f(h.height))\" fill=\"#dde5ef\"/>\n"
                out += text([bench.laneNames[i]], centre: Point(x: h.midX, y: h.midY), fontSize: Sizing.fontSize)
            }
        }
        for (i, route) in layout.edges.enumerated() where route.points.count >= 2 {
            let d = route.points.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ")
            out += "<polyline points=\"\(d)\" fill=\"none\" stroke=\"\(route.isBack ? "#b0413e" : "#333")\" "
                + "stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>\n"
            if let r = route.label, i < bench.edgeLabels.count, let label = bench.edgeLabels[i] {
                out += "<rect x=\"\(f(r.x))\" y=\"\(f(r.y))\" width=\"\(f(r.width))\" height=\"\(f(r.height))\" fill=\"white\" fill-opacity=\"0.9\"/>\n"
                out += text(Sizing.lines(label, maxWidth: 8 * Sizing.labelFontSize, small: true),
                            centre: Point(x: r.midX, y: r.midY), fontSize: Sizing.labelFontSize)
            }
        }
        for (i, r) in layout.nodes.enumerated() where i < bench.graph.nodes.count {
            let kind = bench.nodeKinds[i]
            if bench.graph.nodes[i].shape == .diamond {
                let pts = Geometry.outline(r, .diamond).map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ")
                out += "<polygon points=\"\(pts)\" fill=\"#fff8e6\" stroke=\"#333\"/>\n"
                out += text(Sizing.lines(bench.nodeLabels[i], maxWidth: 6 * Sizing.em), centre: Point(x: r.midX, y: r.midY),
                            fontSize: Sizing.fontSize)
            } else {
                let radius = kind == "start" || kind == "end" ? min(r.height / 2, 14) : 2
                out += "<rect x=\"\(f(r.x))\" y=\"\(f(r.y))\" width=\"\(f(r.width))\" height=\"\(f(r.height))\" rx=\"\(f(radius))\" "
                    + "fill=\"white\" stroke=\"#333\"/>\n"
                out += text(Sizing.lines(bench.nodeLabels[i], maxWidth: wrapEm * Sizing.em), centre: Point(x: r.midX, y: r.midY),
                            fontSize: Sizing.fontSize)
            }
        }
        out += "</svg>\n"
        return out
    }
}
