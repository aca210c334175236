import FlowLayout
import Foundation
import RiskContent
import RiskModel
import RiskSite
import Testing

/// A flow chart read back from the SVG on its page: what a reader sees, in numbers.
struct DrawnFlow {
    struct Box: Equatable {
        var x, y, width, height: Double
        var maxX: Double { x + width }
        var maxY: Double { y + height }
        func overlaps(_ other: Box) -> Bool {
            x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
        }
        /// Whether the horizontal or vertical segment p–q enters the inside of the box.
        func isCrossed(by p: (Double, Double), _ q: (Double, Double)) -> Bool {
            let (x0, y0, x1, y1) = (x + 1, y + 1, maxX - 1, maxY - 1)
            if p.0 == q.0 { return x0 < p.0 && p.0 < x1 && min(p.1, q.1) < y1 && max(p.1, q.1) > y0 }
            return y0 < p.1 && p.1 < y1 && min(p.0, q.0) < x1 && max(p.0, q.0) > x0
        }
        func hasOnBorder(_ p: (Double, Double)) -> Bool {
            let e = 0.02
            let vertical = (abs(p.0 - x) < e || abs(p.0 - maxX) < e) && p.1 >= y - e && p.1 <= maxY + e
            let horizontal = (abs(p.1 - y) < e || abs(p.1 - maxY) < e) && p.0 >= x - e && p.0 <= maxX + e
            return vertical || horizontal
        }
    }

    struct Step {
        var id: String
        var kind: String
        var lane: String?
        var box: Box
        var lines: [String]
        /// Each drawn line with its font size.
        var sizedLines: [(text: String, fontSize: Double)]
        var riskLinks: [String]
        var badgeTexts: [String]
        var shape: String
    }

    struct Edge {
        var from: String
        var to: String
        var points: [(Double, Double)]
    }

    var steps: [Step] = []
    var edges: [Edge] = []
    var labels: [Box] = []
    var lanes: [(name: String, box: Box)] = []
    var svg: String

    init?(page html: String) {
        guard let start = html.range(of: "<svg"), let end = html.range(of: "</svg>") else { return nil }
        svg = String(html[start.lowerBound..<end.upperBound])
        for group in svg.components(separatedBy: "<g class=\"step ").dropFirst() {
            let body = group.components(separatedBy: "</g>")[0]
            let kind = String(body.prefix(while: { $0 != "\"" }).dropFirst("step-".count))
            guard let id = Self.attribute("data-step", in: body), let box = Self.attribute("data-box", in: body).flatMap(Self.box)
            else { continue }
            let lines = body.components(separatedBy: "<tspan").dropFirst().map {
                Self.unescape(String($0.drop(while: { $0 != ">" }).dropFirst().prefix(while: { $0 != "<" })))
            }
            let badges = body.components(separatedBy: "class=\"risk-badge\"").dropFirst().map { badge in
                String(badge.components(separatedBy: "<text")[1].drop(while: { $0 != ">" }).dropFirst().prefix(while: { $0 != "<" }))
            }
            var sized: [(String, Double)] = []
            for text in body.components(separatedBy: "<text").dropFirst() {
                let size = Self.attribute("font-size", in: text).flatMap(Double.init) ?? 0
                for span in text.components(separatedBy: "</text>")[0].components(separatedBy: "<tspan").dropFirst() {
                    sized.append((Self.unescape(String(span.drop(while: { $0 != ">" }).dropFirst().prefix(while: { $0 != "<" }))), size))
                }
            }
            let links = attributeValues("href", in: body)
            let shape = body.components(separatedBy: ">")[1]
            steps.append(
                Step(
                    id: id, kind: kind, lane: Self.attribute("data-lane", in: body), box: box, lines: lines,
                    sizedLines: sized, riskLinks: links, badgeTexts: badges, shape: shape))
        }
        for path in svg.components(separatedBy: "<path d=\"").dropFirst() {
            guard let from = Self.attribute("data-from", in: path), let to = Self.attribute("data-to", in: path) else { continue }
            let d = path.prefix(while: { $0 != "\"" })
            let points = d.split(separator: " ").map { token -> (Double, Double) in
                let numbers = token.dropFirst().split(separator: ",").compactMap { Double($0) }
                return (numbers[0], numbers[1])
            }
            edges.append(Edge(from: from, to: to, points: points))
        }
        for label in svg.components(separatedBy: "class=\"edge-label\"").dropFirst() {
            if let box = Self.attribute("data-box", in: label).flatMap(Self.box) { labels.append(box) }
        }
        for lane in svg.components(separatedBy: "<g class=\"lane\"").dropFirst() {
            if let name = Self.attribute("data-lane", in: lane), let box = Self.attribute("data-box", in: lane).flatMap(Self.box) {
                lanes.append((Self.unescape(name), box))
            }
        }
    }

    static func attribute(_ name: String, in text: String) -> String? {
        guard let range = text.range(of: " \(name)=\"") else { return nil }
        return String(text[range.upperBound...].prefix(while: { $0 != "\"" }))
    }

    static func box(_ text: String) -> Box? {
        let numbers = text.split(separator: " ").compactMap { Double($0) }
        guard numbers.count == 4 else { return nil }
        return Box(x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3])
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

@Suite("Flow charts of the example, read back from the SVG")
struct FlowChartTests {
    static let register: Register = {
        ContentLoader(fileSystem: .directory(ExampleSite.content)).load().register!
    }()

    static var flowPages: [(id: String, page: String)] {
        register.flows.values.filter { $0.documentID == nil }.map { ($0.id, ExampleSite.page("flows/\($0.id).html")) }
    }

    @Test("every flow of seeds 002 and 003 is in the example, each with its page and its steps")
    func everyFlowHasItsPage() throws {
        let flows = Self.register.flows.values
        #expect(flows.filter { $0.unitIDs.contains("gs-bgs") }.count == 23, "the office's 23 daily work flows")
        #expect(flows.filter { $0.id.hasPrefix("qwb-") }.count >= 20)
        for (id, page) in Self.flowPages {
            let drawn = try #require(DrawnFlow(page: page), "flows/\(id).html has no chart")
            let flow = Self.register.flows[id]!
            #expect(drawn.steps.map(\.id) == flow.steps.map(\.id), "\(id): every step drawn once")
            #expect(drawn.edges.count == flow.links.count, "\(id): every link drawn")
        }
    }

    @Test("no two steps overlap, no label touches a step or another label, and no line runs through a step")
    func nothingOverlaps() throws {
        for (id, page) in Self.flowPages {
            let drawn = try #require(DrawnFlow(page: page))
            for (i, a) in drawn.steps.enumerated() {
                for b in drawn.steps[(i + 1)...] { #expect(!a.box.overlaps(b.box), "\(id): \(a.id) overlaps \(b.id)") }
                for label in drawn.labels { #expect(!a.box.overlaps(label), "\(id): a branch label overlaps \(a.id)") }
            }
            for (i, a) in drawn.labels.enumerated() {
                for b in drawn.labels[(i + 1)...] { #expect(!a.overlaps(b), "\(id): two branch labels overlap") }
            }
            for edge in drawn.edges {
                for (p, q) in zip(edge.points, edge.points.dropFirst()) {
                    #expect(p.0 == q.0 || p.1 == q.1, "\(id): \(edge.from)→\(edge.to) has a slanted segment")
                    for step in drawn.steps {
                        #expect(!step.box.isCrossed(by: p, q), "\(id): \(edge.from)→\(edge.to) runs through \(step.id)")
                    }
                    for label in drawn.labels {
                        #expect(!label.isCrossed(by: p, q), "\(id): \(edge.from)→\(edge.to) runs through a label")
                    }
                }
            }
        }
    }

    @Test("every arrow starts on its step's border and ends on its target's border")
    func edgesEndOnBorders() throws {
        for (id, page) in Self.flowPages {
            let drawn = try #require(DrawnFlow(page: page))
            let boxes = Dictionary(uniqueKeysWithValues: drawn.steps.map { ($0.id, $0.box) })
            for edge in drawn.edges {
                let from = try #require(boxes[edge.from]), to = try #require(boxes[edge.to])
                #expect(edge.points.count >= 2)
                #expect(from.hasOnBorder(edge.points.first!), "\(id): \(edge.from)→\(edge.to) starts off its step")
                #expect(to.hasOnBorder(edge.points.last!), "\(id): \(edge.from)→\(edge.to) ends off its step")
            }
        }
    }

    @Test("branches that meet again at a step each end in an arrow of their own on its border")
    func mergingBranchesEndApart() throws {
        var merges = 0
        for (id, page) in Self.flowPages {
            let drawn = try #require(DrawnFlow(page: page))
            for step in drawn.steps where step.kind != "decision" {
                let ends = drawn.edges.filter { $0.to == step.id && $0.from != step.id }.map { $0.points.last! }
                guard ends.count > 1 else { continue }
                merges += 1
                for (i, a) in ends.enumerated() {
                    for b in ends[(i + 1)...] {
                        // An arrowhead is some 10 px wide: two ends closer than that are one blot.
                        #expect(abs(a.0 - b.0) + abs(a.1 - b.1) >= 10, "\(id): two arrows into \(step.id) end at one point")
                    }
                }
            }
        }
        // 通过后开支 (qwb-zuxuan-1), 办结 (gs-lc04), 备案 (gs-lc19) and the steps a 催办 returns to.
        #expect(merges >= 5)
    }

    @Test("each step stays inside its lane's band, and bands sit side by side in the flow's order")
    func lanes() throws {
        var lanedFlows = 0
        for (id, page) in Self.flowPages {
            let drawn = try #require(DrawnFlow(page: page))
            let flow = Self.register.flows[id]!
            #expect(drawn.lanes.map(\.name) == flow.lanes)
            guard !flow.lanes.isEmpty else { continue }
            lanedFlows += 1
            let bands = Dictionary(uniqueKeysWithValues: drawn.lanes.map { ($0.name, $0.box) })
            for step in drawn.steps {
                let band = try #require(step.lane.flatMap { bands[DrawnFlow.unescape($0)] }, "\(id): \(step.id) has no lane")
                #expect(step.box.x >= band.x && step.box.maxX <= band.maxX, "\(id): \(step.id) outside its band")
            }
            for (a, b) in zip(drawn.lanes, drawn.lanes.dropFirst()) { #expect(a.box.maxX <= b.box.x + 0.01) }
        }
        #expect(lanedFlows >= 5, "the office's flows name their actors")
    }

    @Test("the text in each box fits it: every line inside the shape, all of the step's words present")
    func textFits() throws {
        var checked = 0
        for (id, page) in Self.flowPages {
            let drawn = try #require(DrawnFlow(page: page))
            let flow = Self.register.flows[id]!
            for (step, source) in zip(drawn.steps, flow.steps) {
                // The lines drawn, joined, give back the label and the note as written.
                let text = step.lines.joined().filter { !$0.isWhitespace }
                #expect(text.contains(source.label.filter { !$0.isWhitespace }), "\(id): \(step.id)'s label is not drawn whole")
                if let note = source.note {
                    #expect(text.contains(note.filter { !$0.isWhitespace }), "\(id): \(step.id)'s note is cut")
                }
                // The room for text: the box less its padding; a hexagon's pointed sides and a diamond's
                // slopes take more.
                let room: Double
                if step.kind == "decision" {
                    room = step.shape.contains(" H") ? step.box.width - 2 * min(24, step.box.height / 2) : (step.box.width - 24) / 1.7
                } else {
                    room = step.box.width - 16
                }
                for line in step.sizedLines where !step.badgeTexts.contains(line.text) {
                    let width = TextMetrics(fontSize: line.fontSize).width(of: line.text)
                    #expect(width <= room + 0.5, "\(id): \(step.id): “\(line.text)” is wider than its box")
                    checked += 1
                }
            }
        }
        #expect(checked > 300)
    }

    @Test("each risk point on a step is a badge with its number and its level's name, linking to the risk's page")
    func riskBadges() throws {
        var badges = 0
        for (id, page) in Self.flowPages {
            let drawn = try #require(DrawnFlow(page: page))
            let flow = Self.register.flows[id]!
            for (step, source) in zip(drawn.steps, flow.steps) {
                #expect(step.riskLinks == source.riskIDs.map { "../risks/\($0).html" }, "\(id): \(step.id)")
                for (text, riskID) in zip(step.badgeTexts, source.riskIDs) {
                    let risk = Self.register.risks[riskID]!
                    let level = Self.register.level(of: risk)?.level.label ?? LevelRating.unratedLabel
                    #expect(text.hasSuffix(level), "\(id): the badge says the level in words")
                    badges += 1
                }
                for link in step.riskLinks {
                    let target = ExampleSite.built.output.appending(path: "flows").appending(path: link).standardizedFileURL
                    #expect(FileManager.default.fileExists(atPath: target.path), "\(id): \(link) leads nowhere")
                }
            }
        }
        #expect(badges >= 40)
    }

    @Test("a risk point's page names the flows and the steps it sits on; unit, post and power pages link their flows")
    func linksBothWays() throws {
        let risk = ExampleSite.page("risks/gs-gangwei-1.html")
        #expect(risk.contains("所在流程"))
        #expect(risk.contains("href=\"../flows/gs-lc06.html\""))
        #expect(risk.contains("审核盖章"))
        let unit = ExampleSite.page("units/gs-bgs.html")
        for id in Self.register.flowsByUnit["gs-bgs"] ?? [] { #expect(unit.contains("../flows/\(id).html")) }
        #expect(ExampleSite.page("powers/gs-yinzhang.html").contains("../flows/gs-lc06.html"))
        #expect(ExampleSite.page("posts/gs-xinfang.html").contains("../flows/gs-lc18.html"))
    }

    @Test("the step table has the offices' three columns, with each risk's level and measures on its step's row")
    func stepTable() throws {
        let page = ExampleSite.page("flows/qwb-mishu2-2.html")
        let table = String(page[page.range(of: "flow-steps")!.lowerBound...])
        #expect(tableHeader(table) == ["序号", "业务流程", "风险点", "防控机制"])
        let flow = Self.register.flows["qwb-mishu2-2"]!
        let rows = tableRows(table)
        #expect(rows.count == flow.steps.count)
        let withRisk = try #require(flow.steps.firstIndex { !$0.riskIDs.isEmpty })
        let risk = Self.register.risks[flow.steps[withRisk].riskIDs[0]]!
        #expect(rows[withRisk][2].contains(LevelRating.unratedLabel))
        #expect(rows[withRisk][3].contains(risk.measures[0].prefix(12)))
    }

    @Test("the chart speaks to screen readers: a title, a description of the steps in order, and a role")
    func accessible() throws {
        let drawn = try #require(DrawnFlow(page: ExampleSite.page("flows/gs-lc01.html")))
        #expect(drawn.svg.contains("role=\"document\" aria-roledescription=\"流程图\""))
        #expect(drawn.svg.contains("<title id=\"flow-gs-lc01-title\">综合文稿起草流程图</title>"))
        #expect(drawn.svg.contains("共6个步骤：1. 列出提纲"))
        #expect(!drawn.svg.contains("foreignObject"))
    }

    @Test("twenty builds draw every example chart byte for byte the same")
    func deterministic() throws {
        let first = Self.flowPages.map(\.page)
        for _ in 0..<19 {
            let output = ExampleSite.temporaryFolder("Again")
            #expect(SiteBuilder.build(BuildOptions(content: ExampleSite.content, templates: nil, output: output)).succeeded)
            let again = Self.register.flows.values.filter { $0.documentID == nil }.map {
                (try? String(contentsOf: output.appending(path: "flows/\($0.id).html"), encoding: .utf8)) ?? ""
            }
            #expect(again == first)
            try? FileManager.default.removeItem(at: output.deletingLastPathComponent())
        }
    }

    @Test("a ```flow block draws its chart in place in the document, and the chart's links lead to the risks")
    func flowInDocument() throws {
        let content = ExampleSite.temporaryFolder("Content")
        let output = content.deletingLastPathComponent().appending(path: "Output")
        let files = [
            "site.yaml": "标题: 测试\n等级方案:\n  - {编号: s, 等级: [{编号: a, 名称: 高, 颜色: \"#b42318\"}, {编号: b, 名称: 低}]}\n",
            "units/u.yaml": "- {编号: u, 名称: 办公室}\n",
            "registers/r.yaml": "范围: u\n风险清单:\n  - {风险点: 用印审核不严, 风险等级: 高, 防控措施: [严格审核]}\n",
            "documents/yongyin.md": """
                ---
                标题: 用印办法
                单位: u
                ---

                第一条 用印按下列流程办理：

                ```flow
                标题: 用印流程
                步骤:
                  - 名称: 申请
                  - 名称: 审核
                    风险点: [r-1]
                  - 名称: 盖章
                ```

                第二条 用印单留存根。
                """,
        ]
        for (path, text) in files {
            let url = content.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        #expect(SiteBuilder.build(BuildOptions(content: content, templates: nil, output: output)).succeeded)
        let page = try String(contentsOf: output.appending(path: "documents/yongyin.html"), encoding: .utf8)
        let first = try #require(page.range(of: "第一条"))
        let chart = try #require(page.range(of: "<svg"))
        let second = try #require(page.range(of: "第二条"))
        #expect(first.upperBound < chart.lowerBound && chart.upperBound < second.lowerBound, "the chart sits between the two articles")
        let drawn = try #require(DrawnFlow(page: page))
        #expect(drawn.steps.map(\.lines) == [["申请"], ["审核"], ["盖章"]])
        #expect(drawn.steps.map(\.badgeTexts) == [[], ["风险1 · 高"], []])
        #expect(drawn.steps[1].riskLinks == ["../risks/r-1.html"])
        let risk = try String(contentsOf: output.appending(path: "risks/r-1.html"), encoding: .utf8)
        #expect(risk.contains("href=\"../documents/yongyin.html#flow-yongyin-flow1\""), "the risk's page leads to the chart")
        #expect(!FileManager.default.fileExists(atPath: output.appending(path: "flows/yongyin-flow1.html").path))
    }
}
