import Foundation
import RiskContent
import RiskModel
@testable import RiskSite
import Testing

@Suite("The printed risk manual")
struct ManualTests {
    static let register = ContentLoader(fileSystem: .directory(ExampleSite.content)).load().register!
    static var html: String { ExampleSite.page("manual/index.html") }

    @Test("every risk point of the example is printed in full exactly once, in a table row of its own")
    func everyRiskOnce() throws {
        let tableRows = Self.html.components(separatedBy: "<tr id=\"risk-").dropFirst().map {
            String($0.prefix(while: { $0 != "\"" }))
        }
        #expect(tableRows.count == Self.register.risks.count)
        #expect(Set(tableRows) == Set(Self.register.risks.keys))
    }

    @Test("heading and anchor ids are unique in the book, and every in-book link has its target")
    func idsAndLinks() throws {
        let ids = attributeValues("id", in: Self.html)
        let duplicates = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys
        #expect(duplicates.isEmpty, "ids used twice: \(duplicates.sorted().prefix(10))")
        let known = Set(ids)
        let internalLinks = attributeValues("href", in: Self.html).filter { $0.hasPrefix("#") }
        #expect(internalLinks.count > 300)
        for link in Set(internalLinks) { #expect(known.contains(String(link.dropFirst())), "\(link) leads nowhere") }
        // Links between the rules' chapters became links inside the book.
        #expect(Self.html.contains("href=\"#doc-czj-ch02\" class=\"xref\""))
        #expect(!Self.html.contains("href=\"czj-ch02.html\""))
    }

    @Test("the book has a cover, contents, a part per unit, and the appendices")
    func structure() throws {
        let html = Self.html
        #expect(html.contains("<h1 class=\"cover-title\">廉政风险防控手册（示例汇编）</h1>"))
        let parts = ["第一部分</span>　益阳市财政局", "第二部分</span>　XX区国家税务局", "第三部分</span>　区委办（区政府办、直属机关工委）"]
        let places = parts.map { html.range(of: $0)?.lowerBound }
        #expect(places.allSatisfy { $0 != nil }, "a part per unit, in the units' order")
        #expect(places.compactMap { $0 } == places.compactMap { $0 }.sorted())
        for appendix in ["附录一　风险等级", "附录二　风险点索引", "附录三　岗责手册"] { #expect(html.contains(appendix)) }
        // Each part ends with the levels its risk points use.
        for unit in ["czj", "gs", "qwb"] { #expect(html.contains("id=\"levels-\(unit)\"")) }
        #expect(html.contains("本部分有 27 个风险点原表未定等级"), "seed 003's list and its two flow risks have no level")
        // The power list with its scope and basis, the duty manual with every post.
        #expect(html.contains("id=\"power-gs-yinzhang\""))
        for post in Self.register.posts.keys { #expect(html.contains("id=\"post-\(post)\"")) }
        // Every flow drawn once, its badges pointing into the book.
        for flow in Self.register.flows.keys { #expect(html.components(separatedBy: "id=\"flow-\(flow)\"").count == 2) }
        #expect(html.contains("<a href=\"#risk-gs-gangwei-1\" class=\"risk-badge\""))
    }

    @Test("按领域: a part per domain, in the domains' order, then what has no domain by unit")
    func byDomain() throws {
        let content = ExampleSite.temporaryFolder("Content")
        try FileManager.default.copyItem(at: ExampleSite.content, to: content)
        let site = content.appending(path: "site.yaml")
        let text = try String(contentsOf: site, encoding: .utf8).replacingOccurrences(of: "章节: 按单位", with: "章节: 按领域")
        try Data(text.utf8).write(to: site)
        let output = content.deletingLastPathComponent().appending(path: "Output")
        #expect(SiteBuilder.build(BuildOptions(content: content, templates: nil, output: output)).succeeded)
        let html = try String(contentsOf: output.appending(path: "manual/index.html"), encoding: .utf8)
        let titles = html.components(separatedBy: "<span class=\"chapter-number\">").dropFirst().map { part in
            String(part.components(separatedBy: "</span>　").dropFirst().first?.prefix(while: { $0 != "<" }) ?? "")
        }
        let domains = Self.register.domains.values.sorted { $0.order < $1.order }.map(\.name)
        #expect(Array(titles.prefix(domains.count)) == domains)
        #expect(titles.dropFirst(domains.count).contains("XX区国家税务局"))
        let rows = html.components(separatedBy: "<tr id=\"risk-").count - 1
        #expect(rows == Self.register.risks.count, "still every risk point once")
    }

    @Test("text that looks like the marker of a kept piece is printed as written, and no marker is left in the book")
    func markerLookalikesStayText() throws {
        let content = ExampleSite.temporaryFolder("Content")
        try FileManager.default.copyItem(at: ExampleSite.content, to: content)
        let chapter = content.appending(path: "documents/czj/ch01.md")
        // Markers a document cannot know the tag of: numbers of pieces that exist, around a long
        // paragraph that is itself kept as a piece.
        let lookalikes = ["\u{E000}0.0\u{E001}", "\u{E000}x.1\u{E001}", "\u{E000}.2\u{E001}", "\u{E000}"]
        let long = String(repeating: "内控委负责审定风险防控政策制度。", count: 80)
        let text = try String(contentsOf: chapter, encoding: .utf8) + "\n甲\(lookalikes.joined(separator: "乙"))丙\n\n\(long)\n"
        try Data(text.utf8).write(to: chapter)
        let output = content.deletingLastPathComponent().appending(path: "Output")
        #expect(SiteBuilder.build(BuildOptions(content: content, templates: nil, output: output)).succeeded)
        let html = try String(contentsOf: output.appending(path: "manual/index.html"), encoding: .utf8)
        #expect(html.contains("甲\(lookalikes.joined(separator: "乙"))丙"))
        #expect(html.components(separatedBy: "\u{E000}").count - 1 == lookalikes.count, "only the document's own")
        #expect(html.contains(long))
        // The rest of the book is whole: every risk point once, every post, the index.
        #expect(html.components(separatedBy: "<tr id=\"risk-").count - 1 == Self.register.risks.count)
        for post in Self.register.posts.keys { #expect(html.contains("id=\"post-\(post)\"")) }
        #expect(html.hasSuffix("</html>\n"))
    }

    /// The PDF, made once for the tests below (WeasyPrint and poppler's pdftotext are installed by
    /// scripts/setup.sh --tests, which CI runs).
    static let pdf: (pages: [String], layout: [String], url: URL)? = {
        guard commandPath("weasyprint") != nil, commandPath("pdftotext") != nil else { return nil }
        let output = ExampleSite.temporaryFolder("Output")
        let report = SiteBuilder.build(BuildOptions(content: ExampleSite.content, templates: nil, output: output, pdf: true))
        guard report.succeeded else { return nil }
        let url = output.appending(path: "manual/风险防控手册.pdf")
        // pdftotext ends every page with a form feed. -raw keeps each table cell's text together;
        // -layout keeps a contents line with its page number.
        func pages(_ mode: String) -> [String]? {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: commandPath("pdftotext")!)
            process.arguments = [mode, url.path, "-"]
            let pipe = Pipe()
            process.standardOutput = pipe
            guard (try? process.run()) != nil else { return nil }
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return Array(text.components(separatedBy: "\u{0C}").dropLast())
        }
        guard let raw = pages("-raw"), let layout = pages("-layout") else { return nil }
        return (raw, layout, url)
    }()

    static func compact(_ text: String) -> String { text.filter { !$0.isWhitespace } }

    @Test("the PDF's contents give the pages where the parts and sections really start", .enabled(if: commandPath("weasyprint") != nil))
    func contentsPageNumbers() throws {
        let pdf = try #require(Self.pdf, "the PDF was not made")
        #expect(pdf.pages.count > 40)
        let contentsPage = try #require(pdf.layout.firstIndex { $0.contains("目") && $0.contains("录") && $0.contains("附录二") })
        var checked = 0
        for line in pdf.layout[contentsPage].split(separator: "\n") {
            // "第二部分 XX区国家税务局 ........ 26"
            guard let dots = line.range(of: ".."), let number = Int(line.reversed().prefix(while: \.isNumber).reversed().map(String.init).joined())
            else { continue }
            let title = Self.compact(String(line[..<dots.lowerBound]))
            guard number >= 1, number <= pdf.pages.count else {
                Issue.record("“\(title)” points to page \(number) of \(pdf.pages.count)")
                continue
            }
            let page = Self.compact(pdf.pages[number - 1])
            #expect(page.contains(title), "“\(title)” is not on page \(number)")
            // A part or appendix starts its page: its title comes before any other text but the header.
            if title.hasPrefix("第") && title.contains("部分") || title.hasPrefix("附录") {
                let before = page.components(separatedBy: title).first ?? ""
                #expect(before.count <= 40, "“\(title)” does not open page \(number)")
            }
            checked += 1
        }
        #expect(checked >= 20)
        // Page numbers in the footer match the page's place.
        #expect(Self.compact(pdf.pages[9]).contains("第10页"))
    }

    @Test("no risk table row is split across pages, and no flow chart is cut", .enabled(if: commandPath("weasyprint") != nil))
    func wholeRowsAndCharts() throws {
        let pdf = try #require(Self.pdf, "the PDF was not made")
        let pages = pdf.pages.map(Self.compact)
        // Which rows print the measures (the rules' own tables leave them to the text).
        let rows = Self.html.components(separatedBy: "<tr id=\"risk-").dropFirst()
        let withMeasures = Set(rows.filter { $0.components(separatedBy: "</tr>")[0].contains("col-measures") }
            .map { String($0.prefix(while: { $0 != "\"" })) })
        #expect(withMeasures.count > 30)
        for risk in Self.register.risks.values {
            // The row prints the text, the id under it, and the measures: all on one page.
            let start = String(Self.compact(risk.manifestations.first ?? risk.text).prefix(6))
            let end = withMeasures.contains(risk.id) ? String(Self.compact(risk.measures.last ?? "").suffix(6)) : ""
            let whole = pages.contains { page in page.contains(start) && page.contains(risk.id) && (end.isEmpty || page.contains(end)) }
            #expect(whole, "the row of \(risk.id) is not whole on one page")
        }
        for flow in Self.register.flows.values {
            // Every step's first words on one page: the chart is drawn whole, scaled if need be.
            let labels = flow.steps.map { String(Self.compact($0.label).prefix(5)) }
            #expect(pages.contains { page in labels.allSatisfy(page.contains) }, "\(flow.id) is not whole on a page")
        }
    }

    @Test("the PDF embeds its fonts", .enabled(if: commandPath("pdffonts") != nil && commandPath("weasyprint") != nil))
    func fontsEmbedded() throws {
        let pdf = try #require(Self.pdf)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: commandPath("pdffonts")!)
        process.arguments = [pdf.url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let table = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fonts = table.split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty)
        #expect(fonts.contains { $0.contains("CJK") })
        for font in fonts {
            let columns = font.split(separator: " ", omittingEmptySubsequences: true)
            #expect(columns.contains("yes"), "not embedded: \(font)")
        }
    }
}

@Suite("The manual's PDF tools")
struct ManualToolTests {
    @Test("without WeasyPrint, the PDF step says so and how to install it; it is a warning, the site is still built")
    func missingWeasyPrint() {
        let result = ManualPDF.make(fromOutput: FileManager.default.temporaryDirectory, searchPath: "/nonexistent")
        guard case .failure(let problem) = result else {
            Issue.record("a PDF without WeasyPrint")
            return
        }
        #expect(problem.severity == .warning)
        #expect(problem.message.contains("WeasyPrint is not installed"))
        #expect(problem.hint?.contains("pip install \"weasyprint>=63\"") == true)
    }

    @Test("a requested font that is not installed is a warning naming the face used instead", .enabled(if: commandPath("fc-match") != nil))
    func fontFallback() throws {
        let warnings = ManualPDF.fontWarnings(ManualConfig(fonts: ["仿宋体不存在的字体", "Noto Serif CJK SC"]))
        let warning = try #require(warnings.first)
        #expect(warnings.count == 1, "Noto Serif CJK SC (fonts-noto-cjk) is installed: no warning for it")
        #expect(warning.value == "仿宋体不存在的字体")
        #expect(warning.message.contains("not installed; the manual will be set in"))
    }
}
