import Foundation
import RiskContent
import RiskModel
import RiskSite
import Testing

@testable import RiskRender

/// Pages rendered once per shape (`TemplateShapes`) must come out exactly as rendered in full,
/// each with its own texts, and a theme that does more with a text than print it must be
/// rendered in full.
@Suite("Pages of one shape are rendered once, each with its own texts")
struct TemplateShapesTests {
    /// Every file `theme` renders from `register`, path → bytes.
    func rendered(_ register: Register, _ theme: Theme, history: RegisterHistory = RegisterHistory()) -> [String: Data] {
        let files = Files()
        let diagnostics = SiteRenderer(
            register: register, theme: theme, today: Day(year: 2026, month: 11, day: 23), history: history
        ).render { files.add($0) }
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        return files.all
    }

    final class Files: @unchecked Sendable {
        private let lock = NSLock()
        private var files: [String: Data] = [:]
        func add(_ file: RenderedFile) {
            lock.lock()
            files[file.path] = file.data
            lock.unlock()
        }
        var all: [String: Data] {
            lock.lock()
            defer { lock.unlock() }
            return files
        }
    }

    func write(_ files: [String: String], to root: URL) throws {
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    @Test("every file of the example, internal and public, is the same rendered by shape as rendered in full")
    func exampleSameAsFull() throws {
        let register = try #require(ContentLoader(fileSystem: .directory(ExampleSite.content)).load().register)
        let theme = try #require(Theme.load(overrides: nil).theme)
        let shapes = try #require(theme.shapes, "the default theme renders by shape")
        for view in [register, register.publicView()] {
            let byShape = rendered(view, theme)
            let full = rendered(view, theme.withoutShapes())
            #expect(byShape.count == full.count)
            #expect(byShape.count > 300)
            let different = full.keys.filter { byShape[$0] != full[$0] }.sorted()
            #expect(different.isEmpty, "\(different.prefix(10))")
        }
        // And shapes were reused: the comparison above is not of two full renders.
        #expect(shapes.reuses(of: "risk") > 100)
        #expect(shapes.reuses(of: "risk-row-cells") > 100)
    }

    /// Content of three risk points that make risk pages of one shape, with texts to escape.
    func threeOfOneShape() throws -> URL {
        let content = ExampleSite.temporaryFolder("Content")
        try write(
            [
                "site.yaml": "标题: 测试\n等级方案:\n  - {编号: s, 等级: [{编号: a, 名称: 高}, {编号: b, 名称: 低}]}\n",
                "units/u.yaml": "- {编号: u, 名称: 办公室}\n",
                "registers/r.yaml": """
                    范围: u
                    风险清单:
                      - {风险点: "甲<b>乙", 风险等级: 高, 防控措施: [一]}
                      - {风险点: "丙 & 丁", 风险等级: 高, 防控措施: [二]}
                      - {风险点: "戊'己\\"", 风险等级: 高, 防控措施: ["<i>三</i>"]}

                    """,
            ], to: content)
        return content
    }

    func build(_ content: URL, templates: [String: String]) throws -> URL {
        let folder = ExampleSite.temporaryFolder("Templates")
        try write(templates, to: folder)
        let output = folder.deletingLastPathComponent().appending(path: "Output")
        let report = SiteBuilder.build(BuildOptions(content: content, templates: folder, output: output, pdf: false))
        #expect(report.succeeded, "\(report.diagnostics)")
        return output
    }

    @Test("pages of one shape each show their own texts, escaped where printed escaped and as they are where printed raw")
    func ownTextsEscapedOrRaw() throws {
        let output = try build(
            try threeOfOneShape(),
            templates: [
                "risk.mustache": "{{<layout}}{{$main}}<p class=\"e\">{{text}}</p><p class=\"r\">{{{text}}}</p>"
                    + "{{#measures}}<li>{{.}}|{{&.}}</li>{{/measures}}{{/main}}{{/layout}}\n"
            ])
        func page(_ id: String) throws -> String {
            try String(contentsOf: output.appending(path: "risks/\(id).html"), encoding: .utf8)
        }
        let one = try page("r-1"), two = try page("r-2"), three = try page("r-3")
        #expect(one.contains("<p class=\"e\">甲&lt;b&gt;乙</p><p class=\"r\">甲<b>乙</p><li>一|一</li>"))
        #expect(two.contains("<p class=\"e\">丙 &amp; 丁</p><p class=\"r\">丙 & 丁</p><li>二|二</li>"))
        #expect(three.contains("<p class=\"e\">戊&#39;己&quot;</p><p class=\"r\">戊'己\"</p><li>&lt;i&gt;三&lt;/i&gt;|<i>三</i></li>"))
        for html in [one, two, three] { #expect(!html.contains("\u{E000}")) }
    }

    @Test("a theme that transforms a named value is rendered in full, each page from its own value")
    func valueTransformsRenderInFull() throws {
        let templates = ["risk.mustache": "{{<layout}}{{$main}}<p class=\"id\">{{uppercased(id)}}</p>{{/main}}{{/layout}}\n"]
        let folder = ExampleSite.temporaryFolder("Templates")
        try write(templates, to: folder)
        #expect(try #require(Theme.load(overrides: folder).theme).shapes == nil)
        let output = try build(try threeOfOneShape(), templates: templates)
        for id in ["r-1", "r-2", "r-3"] {
            let html = try String(contentsOf: output.appending(path: "risks/\(id).html"), encoding: .utf8)
            #expect(html.contains("<p class=\"id\">\(id.uppercased())</p>"))
        }
    }

    @Test(
        "templates that do more with a text than print it are found",
        arguments: [
            ("{{#items}}{{#first()}}<ol>{{/first()}}<li>{{.}}</li>{{#last()}}</ol>{{/last()}}{{/items}}", true),
            ("{{title}} {{{html}}} {{> badge}} {{#a}}{{/a}}{{^b}}{{/b}}", true),
            ("<p>{{lowercased(title)}}</p>", false),
            ("{{#sorted(items)}}{{.}}{{/sorted(items)}}", false),
            ("{{>*name}}", false),
            ("<div>\n  {{> badge}}\n</div>", false),
            ("<div>\n  {{$main}}{{/main}}\n</div>", false),
        ])
    func allowed(template: String, allowed: Bool) {
        #expect(TemplateShapes.allowed(sources: [template]) == allowed)
    }

    @Test("a theme whose tables print their rows themselves (as before there were row templates) renders the same pages")
    func tablesPrintingTheirOwnRows() throws {
        // Each row template folded back into its table as the list section it came from.
        func folded(_ table: String, _ field: String, _ list: String, _ row: String, standalone: Bool) throws -> String {
            let text = try #require(DefaultTheme.files["\(table).mustache"])
            let rowText = try #require(DefaultTheme.files["\(row).mustache"])
            #expect(text.contains("{{{\(field)}}}"))
            return text.replacingOccurrences(
                of: "{{{\(field)}}}", with: "{{#\(list)}}" + rowText + "{{/\(list)}}" + (standalone ? "\n" : ""))
        }
        let templates = [
            "manual-risk-table.mustache": try folded("manual-risk-table", "rowsHTML", "rows", "manual-risk-row", standalone: true)
                .replacingOccurrences(of: "{{#rows}}<tr", with: "{{#rows}}\n<tr"),
            "flow-body.mustache": try folded("flow-body", "stepsHTML", "steps", "flow-step", standalone: true),
            "manual-flow.mustache": try folded("manual-flow", "stepsHTML", "steps", "manual-flow-step", standalone: false),
        ]
        let folder = ExampleSite.temporaryFolder("Templates")
        try write(templates, to: folder)
        let own = try #require(Theme.load(overrides: folder).theme)
        #expect(own.printedRows.isEmpty)
        let register = try #require(ContentLoader(fileSystem: .directory(ExampleSite.content)).load().register)
        let byRows = rendered(register, try #require(Theme.load(overrides: nil).theme))
        let byLists = rendered(register, own)
        let different = byRows.keys.filter { byRows[$0] != byLists[$0] }.sorted()
        #expect(different.isEmpty, "\(different.prefix(10))")
        #expect(byLists.count == byRows.count)
    }

    @Test("a field the theme names nowhere is left out of a view's shape; a theme that names it gets it")
    func fieldsNamedByTheTheme() throws {
        // The default layout prints the navigation as navHTML; this one lists frame.nav itself.
        let layout = try #require(DefaultTheme.files["layout.mustache"])
        #expect(layout.contains("{{{navHTML}}}"))
        let own = layout.replacingOccurrences(
            of: "{{{navHTML}}}", with: "{{#nav}}<li class=\"own\">{{title}}{{#current}}*{{/current}}</li>{{/nav}}")
        let folder = ExampleSite.temporaryFolder("Templates")
        try write(["layout.mustache": own], to: folder)
        let theme = try #require(Theme.load(overrides: folder).theme)
        let register = try #require(ContentLoader(fileSystem: .directory(ExampleSite.content)).load().register)
        let byShape = rendered(register, theme)
        let full = rendered(register, theme.withoutShapes())
        let different = full.keys.filter { byShape[$0] != full[$0] }.sorted()
        #expect(different.isEmpty, "\(different.prefix(10))")
        let risk = try #require(register.risks.values.first)
        let page = String(decoding: try #require(byShape["risks/\(risk.id).html"]), as: UTF8.self)
        #expect(page.contains("<li class=\"own\">登记表*</li>"))
        #expect(page.contains("<li class=\"own\">首页</li>"))
    }

    @Test("a view holding a value the walk does not know is rendered in full")
    func unknownValueRendersInFull() throws {
        let theme = try #require(Theme.load(overrides: nil).theme)
        let shapes = try #require(theme.shapes)
        struct Odd: TemplateFields {
            var ratio: Double
            static let fields: [String: @Sendable (Odd) -> Any?] = ["ratio": \.ratio]
        }
        var library = theme.library
        try library.register("{{ratio}}", named: "odd")
        let render = { (view: Any) in library.render(view, withTemplate: "odd") }
        #expect(shapes.render(Odd(ratio: 0.5), template: "odd", render: render) == "0.5")
        #expect(shapes.render(Odd(ratio: 0.25), template: "odd", render: render) == "0.25")
    }
}

extension TemplateShapesTests {
    @Test("with editions, the change pages and each risk point's record are the same rendered by shape as in full")
    func editionsSameAsFull() throws {
        let register = try #require(ContentLoader(fileSystem: .directory(ExampleSite.content)).load().register)
        let theme = try #require(Theme.load(overrides: nil).theme)
        // The edition before: every third point reworded, every fifth re-levelled, every seventh not yet there.
        let now = RecordedRegister(register)
        var before = now
        before.risks = now.risks.enumerated().compactMap { index, risk in
            guard index % 7 != 3 else { return nil }
            var risk = risk
            if index % 3 == 0 { risk.text += "（旧表述）" }
            if index % 5 == 0 { risk.level = risk.level == "重大" ? "较大" : "重大" }
            return risk
        }
        let history = RegisterHistory(editions: [
            .init(info: EditionInfo(name: "2025", id: "2025", date: Day(year: 2025, month: 12, day: 1)), register: before),
            .init(info: EditionInfo(name: "2026年版", id: "edition-x", date: Day(year: 2026, month: 12, day: 1), note: "复核"), register: now),
        ])
        let byShape = rendered(register, theme, history: history)
        let full = rendered(register, theme.withoutShapes(), history: history)
        #expect(byShape.keys.contains("changes/edition-x.html"))
        let different = full.keys.filter { byShape[$0] != full[$0] }.sorted()
        #expect(different.isEmpty, "\(different.prefix(10))")
        let page = String(decoding: byShape["changes/edition-x.html"] ?? Data(), as: UTF8.self)
        #expect(page.contains("<del>（旧表述）</del>"))
    }
}

