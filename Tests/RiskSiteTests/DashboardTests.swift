import FlowLayout
import Foundation
import RiskContent
import RiskModel
import RiskSite
import Testing

// MARK: - Reading the page back

/// The attributes of an opening tag's text, e.g. ` class="x" data-count="3"`.
private func attributes(_ text: some StringProtocol) -> [String: String] {
    var result: [String: String] = [:]
    let regex = try! NSRegularExpression(pattern: #"([a-zA-Z_:][-a-zA-Z0-9_:.]*)="([^"]*)""#)
    let string = String(text)
    for match in regex.matches(in: string, range: NSRange(string.startIndex..., in: string)) {
        guard let name = Range(match.range(at: 1), in: string), let value = Range(match.range(at: 2), in: string)
        else { continue }
        result[String(string[name])] = unescaped(String(string[value]))
    }
    return result
}

private func unescaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
        .replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
}

/// Text without its tags, whitespace collapsed.
private func plainText(_ html: some StringProtocol) -> String {
    unescaped(
        String(html).replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
            .trimmingCharacters(in: .whitespaces))
}

/// Every element `<name …>…</name>` (not nested in one of its own kind) or `<name …/>`: its attributes and inner HTML.
private func elements(_ name: String, in html: some StringProtocol) -> [(attributes: [String: String], inner: String)] {
    let string = String(html)
    let regex = try! NSRegularExpression(
        pattern: "<\(name)(\\s[^>]*?)?(/>|>(.*?)</\(name)>)", options: [.dotMatchesLineSeparators])
    return regex.matches(in: string, range: NSRange(string.startIndex..., in: string)).map { match in
        let attributeText = Range(match.range(at: 1), in: string).map { String(string[$0]) } ?? ""
        let inner = Range(match.range(at: 3), in: string).map { String(string[$0]) } ?? ""
        return (attributes(attributeText), inner)
    }
}

/// The HTML from `start` up to the next `end`.
private func slice(_ html: String, from start: String, to end: String) -> String? {
    guard let open = html.range(of: start), let close = html.range(of: end, range: open.upperBound..<html.endIndex)
    else { return nil }
    return String(html[open.lowerBound..<close.upperBound])
}

/// A count table read back: each body row's data key, header text, cells by level and total.
private struct ReadTable {
    struct Row {
        var id: String
        var header: String
        var depth: Int
        var cells: [String: Int]
        var total: Int
    }
    var rows: [Row]
    var footer: Row?
    var columns: [String]

    init(_ table: String, key: String) {
        let body = slice(table, from: "<tbody>", to: "</tbody>") ?? ""
        func read(_ row: (attributes: [String: String], inner: String)) -> Row {
            var cells: [String: Int] = [:]
            var total = -1
            for cell in elements("td", in: row.inner) {
                let value = Int(plainText(cell.inner)) ?? -1
                if let level = cell.attributes["data-level"] { cells[level] = value } else { total = value }
            }
            let depth = Int(row.attributes["class"]?.replacingOccurrences(of: "depth-", with: "") ?? "") ?? 0
            return Row(
                id: row.attributes["data-\(key)"] ?? "", header: plainText(elements("th", in: row.inner).first?.inner ?? ""),
                depth: depth, cells: cells, total: total)
        }
        rows = elements("tr", in: body).map(read)
        footer = slice(table, from: "<tfoot>", to: "</tfoot>").flatMap { elements("tr", in: $0).first }.map(read)
        columns = elements("tr", in: body).first.map { elements("td", in: $0.inner).compactMap { $0.attributes["data-level"] } } ?? []
    }
}

@Suite("The dashboard (统计) shows the register's numbers, drawn and as tables")
struct DashboardTests {
    static let register = ContentLoader(fileSystem: .directory(ExampleSite.content)).load().register!
    static let page = ExampleSite.page("dashboard/index.html")

    static func figure(_ id: String, in page: String = page) -> String? {
        slice(page, from: "<figure class=\"chart-figure\" id=\"\(id)\">", to: "</figure>")
    }

    static func slug(_ risk: RiskPoint, in register: Register) -> String {
        guard register.level(of: risk) != nil, case .rated(let scheme, let level) = risk.level else { return "unrated" }
        return "\(scheme)--\(level)"
    }

    static func levelCounts(_ ids: [String], in register: Register = register) -> [String: Int] {
        var counts: [String: Int] = [:]
        for id in ids { counts[slug(register.risks[id]!, in: register), default: 0] += 1 }
        return counts
    }

    /// The units with risk points, depth first in Content order, with their depth.
    static func unitsWithRisks(in register: Register = register) -> [(id: String, depth: Int)] {
        var result: [(String, Int)] = []
        func visit(_ id: String, _ depth: Int) {
            guard !register.risks(inUnitTree: id).isEmpty else { return }
            result.append((id, depth))
            for child in register.units[id]!.childIDs { visit(child, depth + 1) }
        }
        for unit in register.units.values where unit.parentID == nil { visit(unit.id, 0) }
        return result
    }

    static var everyLevel: [(slug: String, label: String, scheme: String)] {
        register.site.levelSchemes.flatMap { scheme in
            scheme.levels.map { ("\(scheme.id)--\($0.id)", $0.label, scheme.name) }
        } + [("unrated", "未定级", "")]
    }

    // MARK: Units

    @Test("the table under the bar chart has one row per unit with risk points, with the register's count of each level")
    func unitTable() throws {
        let figure = try #require(Self.figure("figure-units"))
        let table = ReadTable(try #require(slice(figure, from: "<table", to: "</table>")), key: "unit")
        let expected = Self.unitsWithRisks()
        #expect(table.rows.map(\.id) == expected.map(\.id))
        #expect(table.rows.map(\.depth) == expected.map(\.depth))
        #expect(expected.count > 20)
        for row in table.rows {
            let ids = Self.register.risks(inUnitTree: row.id)
            let counts = Self.levelCounts(ids)
            #expect(row.header.hasSuffix(Self.register.units[row.id]!.name))
            for (level, count) in row.cells { #expect(count == counts[level, default: 0], "\(row.id) \(level)") }
            // No level the unit has is missing from the table.
            #expect(Set(counts.keys).isSubset(of: Set(row.cells.keys)), "\(row.id)")
            #expect(row.total == ids.count)
            #expect(row.cells.values.reduce(0, +) == row.total)
        }
        // A child's row names its parents for screen readers (the indent only shows them).
        let child = try #require(table.rows.first { $0.id == "gs-bgs" })
        #expect(child.header.contains("XX区国家税务局") && child.header.hasSuffix("办公室"))
    }

    @Test("the top-level units and the totals row add up to every risk point, each counted once")
    func totals() throws {
        let figure = try #require(Self.figure("figure-units"))
        let table = ReadTable(try #require(slice(figure, from: "<table", to: "</table>")), key: "unit")
        #expect(Self.register.risks.count == 193)
        #expect(table.rows.filter { $0.depth == 0 }.map(\.total).reduce(0, +) == 193)
        let footer = try #require(table.footer)
        #expect(footer.total == 193)
        #expect(footer.cells == Self.levelCounts(Array(Self.register.risks.keys)))
        // Shared risk points are counted under each of their units: the children of 财政局 add up to more.
        let czj = try #require(table.rows.first { $0.id == "czj" })
        let children = table.rows.filter { Self.register.units[$0.id]?.parentID == "czj" }
        #expect(children.map(\.total).reduce(0, +) > czj.total)
        #expect(Self.page.contains("共 193 个风险点"))
    }

    // MARK: Drawing

    @Test("every bar segment is as wide as its count on one scale per chart, and says what the table says")
    func proportionalBars() throws {
        var charts = 0
        for (id, key) in [("figure-units", "unit"), ("figure-domains", "domain"), ("figure-posts", "post")] {
            let figure = try #require(Self.figure(id))
            let segments = elements("rect", in: figure).filter { $0.attributes["class"] == "segment" }.map(\.attributes)
            #expect(!segments.isEmpty, "\(id)")
            let largest = try #require(segments.max { Int($0["data-count"]!)! < Int($1["data-count"]!)! })
            let scale = Double(largest["width"]!)! / Double(largest["data-count"]!)!
            for segment in segments {
                let count = Double(try #require(segment["data-count"].flatMap(Int.init)))
                let width = try #require(segment["width"].flatMap(Double.init))
                #expect(count > 0)
                #expect(abs(width - count * scale) < 0.006, "\(id) \(segment)")
            }
            // Each row's segments follow on without gaps, highest level first.
            let order = Self.everyLevel.map(\.slug)
            for row in Set(segments.map { $0["data-\(key)"]! }) {
                let mine = segments.filter { $0["data-\(key)"] == row }
                for (a, b) in zip(mine, mine.dropFirst()) {
                    #expect(abs(Double(a["x"]!)! + Double(a["width"]!)! - Double(b["x"]!)!) < 0.006)
                    #expect(order.firstIndex(of: a["data-level"]!)! < order.firstIndex(of: b["data-level"]!)!)
                }
            }
            if key == "unit" {
                let table = ReadTable(try #require(slice(figure, from: "<table", to: "</table>")), key: "unit")
                for row in table.rows {
                    let drawn = segments.filter { $0["data-unit"] == row.id }
                    #expect(drawn.map { Int($0["data-count"]!)! }.reduce(0, +) == row.total, "\(row.id)")
                    for segment in drawn {
                        #expect(Int(segment["data-count"]!)! == row.cells[segment["data-level"]!], "\(row.id)")
                    }
                }
            }
            charts += 1
        }
        #expect(charts == 3)
    }

    @Test("no label runs into its bar, and no number runs off the chart")
    func labelsFit() throws {
        let figure = try #require(Self.figure("figure-units"))
        let svg = try #require(slice(figure, from: "<svg", to: "</svg>"))
        let viewBox = try #require(elements("svg", in: figure).first?.attributes["viewBox"])
        let width = try #require(Double(viewBox.split(separator: " ")[2]))
        let label = TextMetrics(fontSize: 13)
        let small = TextMetrics(fontSize: 12)
        let rows = svg.components(separatedBy: "<g class=\"bar-row\"").dropFirst()
        #expect(rows.count == Self.unitsWithRisks().count)
        for row in rows {
            let texts = elements("text", in: row)
            let barLeft = try #require(elements("rect", in: row).compactMap { $0.attributes["x"].flatMap(Double.init) }.min())
            let name = try #require(texts.first)
            for tspan in elements("tspan", in: name.inner) {
                let x = try #require(tspan.attributes["x"].flatMap(Double.init))
                // Bold names are wider than TextMetrics measures by up to a tenth.
                #expect(x + label.width(of: plainText(tspan.inner)) * 1.1 <= barLeft, "\(tspan.inner)")
            }
            for text in texts.dropFirst() {
                let size = text.attributes["font-size"] == "12" ? small : label
                let bold = text.attributes["font-weight"] == "bold" ? 1.1 : 1
                for tspan in elements("tspan", in: text.inner) {
                    let x = try #require(tspan.attributes["x"].flatMap(Double.init))
                    #expect(x > barLeft)
                    #expect(x + size.width(of: plainText(tspan.inner)) * bold <= width, "\(tspan.inner)")
                }
            }
        }
        // The longest unit name is there whole.
        #expect(svg.contains("区委办（区政府办、直属机关工委）"))
    }

    @Test("the legend names every level of every scheme, grouped by scheme, and 未定级")
    func legend() throws {
        let figure = try #require(Self.figure("figure-units"))
        let legend = try #require(slice(figure, from: "<g class=\"legend\">", to: "<g class=\"bar-row\""))
        let items = elements("text", in: legend).map { plainText($0.inner) }
        for level in Self.everyLevel {
            #expect(items.contains(level.label), "\(level.label)")
            #expect(legend.contains("data-level=\"\(level.slug)\""))
        }
        for scheme in Self.register.site.levelSchemes {
            let group = try #require(slice(legend, from: "<g class=\"legend-group\" data-scheme=\"\(scheme.id)\">", to: "</g></g>"))
            #expect(plainText(group).hasPrefix(scheme.name))
            for level in scheme.levels { #expect(elements("text", in: group).map { plainText($0.inner) }.contains(level.label)) }
        }
    }

    @Test("the heat map prints in each cell the count its table gives, and nothing in empty cells")
    func heatMap() throws {
        let figure = try #require(Self.figure("figure-heatmap"))
        let svg = try #require(slice(figure, from: "<svg", to: "</svg>"))
        let table = ReadTable(try #require(slice(figure, from: "<table", to: "</table>")), key: "unit")
        #expect(table.columns == Self.everyLevel.map(\.slug))
        #expect(table.rows.map(\.id) == Self.unitsWithRisks().map(\.id))
        var printed: [String: Int] = [:]
        for text in elements("text", in: svg) where text.attributes["class"] == "cell-count" {
            printed["\(text.attributes["data-unit"]!) \(text.attributes["data-level"]!)"] = Int(plainText(text.inner))
        }
        let cells = elements("rect", in: svg).filter { $0.attributes["class"] == "cell" }
        #expect(cells.count == table.rows.count * Self.everyLevel.count)
        var nonEmpty = 0
        for row in table.rows {
            for level in Self.everyLevel {
                let count = try #require(row.cells[level.slug])
                #expect(printed["\(row.id) \(level.slug)"] == (count > 0 ? count : nil), "\(row.id) \(level.slug)")
                if count > 0 { nonEmpty += 1 }
            }
        }
        #expect(printed.count == nonEmpty)
        #expect(printed["czj sanji--jiaoda"] == 115)
        // Darker means more: the largest cell is the darkest.
        func darkness(_ fill: String) -> Int {
            let hex = Int(fill.dropFirst(), radix: 16)!
            return 3 * 255 - ((hex >> 16) & 255 + (hex >> 8) & 255 + hex & 255)
        }
        let byCount = cells.filter { $0.attributes["data-count"] != "0" }
            .sorted { Int($0.attributes["data-count"]!)! < Int($1.attributes["data-count"]!)! }
        for (a, b) in zip(byCount, byCount.dropFirst()) {
            #expect(darkness(a.attributes["fill"]!) <= darkness(b.attributes["fill"]!))
        }
    }

    // MARK: Posts and powers

    @Test("the posts are ranked by risk points at their scheme's highest level, then by total, then by name")
    func topPosts() throws {
        let register = Self.register
        let figure = try #require(Self.figure("figure-posts"))
        let rows = elements("tr", in: try #require(slice(figure, from: "<tbody>", to: "</tbody>"))).map { row in
            let cells = elements("td", in: row.inner).map { plainText($0.inner) }
            return (
                id: row.attributes["data-post"]!, rank: Int(cells[0])!, name: plainText(elements("th", in: row.inner)[0].inner),
                high: Int(cells[cells.count - 2])!, total: Int(cells[cells.count - 1])!)
        }
        func high(_ post: String) -> Int {
            (register.risksByPost[post] ?? []).filter { id in
                guard let (scheme, level) = register.level(of: register.risks[id]!) else { return false }
                return scheme.rank(of: level.id) == 0
            }.count
        }
        let candidates = register.posts.keys.filter { high($0) > 0 }
        #expect(rows.count == min(10, candidates.count))
        #expect(rows.count == 4)
        let chinese = Locale(identifier: "zh-CN")
        for (a, b) in zip(rows, rows.dropFirst()) {
            let inOrder =
                a.high > b.high || (a.high == b.high && a.total > b.total)
                || (a.high == b.high && a.total == b.total && a.name.compare(b.name, locale: chinese) != .orderedDescending)
            #expect(inOrder, "\(a.name) before \(b.name)")
            // Equal counts share a rank.
            #expect(b.rank == ((a.high, a.total) == (b.high, b.total) ? a.rank : rows.firstIndex { $0.id == b.id }! + 1))
        }
        for row in rows {
            #expect(row.high == high(row.id))
            #expect(row.total == register.risksByPost[row.id]?.count)
            #expect(row.name == register.posts[row.id]?.name)
        }
        // 拼音 order for ties: 财务管理岗 (cái) before 主任岗 (zhǔ).
        #expect(rows.first?.name == "财务管理岗")
        // The chart draws the same posts in the same order, each bar linking to the post's page.
        let drawn = elements("rect", in: figure).compactMap { $0.attributes["data-post"] }
        #expect(drawn == rows.map(\.id))
        for row in rows { #expect(figure.contains("href=\"../posts/\(row.id).html\"")) }
        // No power has a risk point at all, so there is no chart of them, and the page says why.
        #expect(Self.figure("figure-powers") == nil)
        #expect(Self.page.contains("没有职权有最高等级的风险点"))
    }

    // MARK: The page

    @Test("no script, nothing fetched from elsewhere, and every chart labelled for screen readers with its table")
    func selfContained() throws {
        let page = Self.page
        #expect(page.contains("<h1>统计</h1>"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("http://") && !page.contains("https://"))
        for link in attributeValues("href", in: page) + attributeValues("src", in: page) {
            #expect(!link.hasPrefix("//") && !link.contains(":"), "\(link)")
        }
        #expect(!page.contains("url("))
        let figures = page.components(separatedBy: "<figure").dropFirst()
        #expect(figures.count == 4)  // units, heat map, domains, posts; no categories, no powers
        #expect(page.contains("本登记册的风险点均未标注风险类别"))
        for (index, figure) in figures.enumerated() {
            let svg = try #require(elements("svg", in: figure).first)
            #expect(svg.attributes["role"] == "img")
            #expect(svg.attributes["style"]?.contains("max-width:100%") == true)
            let labels = try #require(svg.attributes["aria-labelledby"]).split(separator: " ").map(String.init)
            #expect(labels.count == 2)
            #expect(figure.contains("<title id=\"\(labels[0])\">") && figure.contains("<desc id=\"\(labels[1])\">"))
            #expect(figure.contains("<figcaption>图\(index + 1)　"))
            #expect(figure.contains("<caption>表\(index + 1)　"))
            #expect(figure.contains("scope=\"col\"") && figure.contains("scope=\"row\""))
        }
    }

    @Test("a public build counts only public risk points, and categories are charted when the register has them")
    func publicBuildAndCategories() throws {
        let content = ExampleSite.temporaryFolder("Content")
        try FileManager.default.copyItem(at: ExampleSite.content, to: content)
        try Data(
            """
            编号: dash-extra
            标题: 统计测试
            范围: czj
            风险清单:
            - 风险点: 公开的财务风险甲
              风险等级: 重大
              责任主体: 办公室
              风险类别: 财务风险
              防控措施: [措施]
            - 风险点: 公开的财务风险乙
              风险等级: 一般
              责任主体: 信息科
              风险类别: 财务风险
              防控措施: [措施]
            - 风险点: 内部条目
              风险等级: 重大
              责任主体: 办公室
              风险类别: 内部类别
              防控措施: [措施]
              公开: 否
            """.utf8
        ).write(to: content.appending(path: "registers/czj/dash-extra.yaml"))
        let loaded = try #require(ContentLoader(fileSystem: .directory(content)).load().register)
        for (profile, register) in [(Profile.internal, loaded), (.public, loaded.publicView())] {
            let output = content.deletingLastPathComponent().appending(path: "Output-\(profile)")
            let report = SiteBuilder.build(BuildOptions(content: content, templates: nil, output: output, profile: profile))
            #expect(report.succeeded, "\(report.diagnostics)")
            let page = try String(contentsOf: output.appending(path: "dashboard/index.html"), encoding: .utf8)
            let units = ReadTable(try #require(Self.figure("figure-units", in: page)), key: "unit")
            #expect(units.footer?.total == register.risks.count)
            #expect(units.footer?.cells == Self.levelCounts(Array(register.risks.keys), in: register))
            let czj = try #require(units.rows.first { $0.id == "czj" })
            #expect(czj.cells["sanji--zhongda"] == Self.levelCounts(register.risks(inUnitTree: "czj"), in: register)["sanji--zhongda"])
            let categories = try #require(Self.figure("figure-categories", in: page))
            let table = ReadTable(categories, key: "category")
            #expect(table.rows.map(\.header) == (profile == .public ? ["财务风险", "未标注类别"] : ["财务风险", "内部类别", "未标注类别"]))
            #expect(table.rows.first?.cells["sanji--zhongda"] == 1 && table.rows.first?.total == 2)
            #expect(table.rows.map(\.total).reduce(0, +) == register.risks.count)
            #expect(page.contains("内部条目") == false)
            #expect(page.contains("内部类别") == (profile == .internal))
        }
        #expect(loaded.risks.count == 196 && loaded.publicView().risks.count == 195)
    }
}
