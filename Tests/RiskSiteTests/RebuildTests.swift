import Foundation
import RiskModel
import RiskSite
import Testing

/// `riskpress serve` rebuilds after every edit with a `Rebuilder`, rendering only the pages an edit
/// touches and writing them over the old ones. Whatever it does, the output must be what a full
/// build of the edited Content writes, byte for byte.
@Suite("A rebuild after an edit writes exactly what a full build writes")
struct RebuildTests {
    /// A copy of the example Content, a Rebuilder over it, and the first (full) build done.
    struct Workspace {
        let content: URL
        let output: URL
        let rebuilder: Rebuilder
        let first: BuildReport

        init() throws {
            content = ExampleSite.temporaryFolder("Content")
            // The 责任清单 as CSV: the edits below change it as text.
            try ExampleSite.copyWithCSVRegister(to: content)
            output = content.deletingLastPathComponent().appending(path: "Output")
            rebuilder = Rebuilder(
                options: BuildOptions(content: content, templates: nil, output: output, today: Day(year: 2026, month: 11, day: 23)))
            first = rebuilder.build()
        }

        /// Replaces the first occurrence of `old` in a Content file.
        func edit(_ path: String, _ old: String, _ new: String) throws {
            let url = content.appending(path: path)
            let text = try String(contentsOf: url, encoding: .utf8)
            let range = try #require(text.range(of: old), "\(old) is not in \(path)")
            try text.replacingCharacters(in: range, with: new).write(to: url, atomically: true, encoding: .utf8)
        }

        /// The files of a full build of the Content as it is now, and the rebuild's files, that differ.
        func differencesFromFullBuild() throws -> [String] {
            let full = content.deletingLastPathComponent().appending(path: "Full-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: full) }
            let report = SiteBuilder.build(
                BuildOptions(content: content, templates: nil, output: full, today: Day(year: 2026, month: 11, day: 23)))
            #expect(report.succeeded)
            let built = ExampleSite.files(in: output), expected = ExampleSite.files(in: full)
            var differences = Set(built).symmetricDifference(expected).sorted()
            for path in expected where built.contains(path) {
                let a = try Data(contentsOf: output.appending(path: path)), b = try Data(contentsOf: full.appending(path: path))
                if a != b { differences.append(path) }
            }
            return differences
        }
    }

    @Test("editing, re-levelling, moving, adding and deleting risk points renders a few pages, and the output is a full build's")
    func riskEdits() throws {
        let work = try Workspace()
        #expect(work.first.succeeded)
        #expect(work.first.pagesRendered == nil, "the first build is a full build")
        let edits: [(String, String, String, String)] = [
            ("the text of a risk point", "registers/czj/t01.yaml", "- 风险点: 收文登记要素不全面、不准确，丢失公文。", "- 风险点: 收文登记要素不全面、不准确，丢失或者错送公文。"),
            ("a level", "registers/czj/t01.yaml", "  风险等级: 较大\n  责任主体: 办公室\n- 风险点: 分办", "  风险等级: 重大\n  责任主体: 办公室\n- 风险点: 分办"),
            ("the responsible unit", "registers/czj/t01.yaml", "- 风险点: 分办不及时、不准确。\n  风险等级: 一般\n  责任主体: 办公室", "- 风险点: 分办不及时、不准确。\n  风险等级: 一般\n  责任主体: 承办科室单位"),
            ("a new risk point", "registers/czj/t01.yaml", "- 风险点: 不按批转意见承办，相互推诿。", "- 风险点: 收文后未及时登记。\n  风险等级: 一般\n  责任主体: 办公室\n  防控措施: [当日登记。]\n- 风险点: 不按批转意见承办，相互推诿。"),
            ("a deleted risk point", "registers/czj/t01.yaml", "- 风险点: 收文后未及时登记。\n  风险等级: 一般\n  责任主体: 办公室\n  防控措施: [当日登记。]\n", ""),
            ("a CSV cell", "registers/qwb/zerenqingdan.csv", "不按相关规定、程序、规格安排会议、公务。", "不按相关规定、程序、规格安排会议和公务。"),
        ]
        let total = ExampleSite.files(in: work.output).count
        for (what, path, old, new) in edits {
            try work.edit(path, old, new)
            let report = work.rebuilder.build()
            #expect(report.succeeded, "\(what)")
            let pages = try #require(report.pagesRendered, "\(what): rendered only what changed")
            #expect(pages < total / 3, "\(what): \(pages) pages rendered again of \(total)")
            #expect(try work.differencesFromFullBuild() == [], "\(what)")
        }
    }

    @Test("pages made from the whole register are left as they are when an edit does not change them, and rewritten when it does")
    func unchangedWholePagesLeftAlone() throws {
        let work = try Workspace()
        let pages = ["index.html", "units/index.html", "posts/index.html", "flows/index.html", "dashboard/index.html"]
        let long = Date(timeIntervalSince1970: 1_000_000_000)
        func stamp() throws {
            for page in pages {
                try FileManager.default.setAttributes([.modificationDate: long], ofItemAtPath: work.output.appending(path: page).path)
            }
        }
        func rewritten() throws -> [String] {
            try pages.filter { page in
                let date = try FileManager.default.attributesOfItem(atPath: work.output.appending(path: page).path)[.modificationDate]
                return date as? Date != long
            }
        }
        // New wording changes no count, link or title on these pages.
        try stamp()
        try work.edit("registers/czj/t01.yaml", "- 风险点: 收文登记要素不全面、不准确，丢失公文。", "- 风险点: 收文登记要素不全面、不准确，丢失或者错送公文。")
        #expect(work.rebuilder.build().pagesRendered != nil)
        #expect(try rewritten() == [])
        #expect(try work.differencesFromFullBuild() == [])
        // A new level changes the level counts of the home page, the units page and the dashboard.
        try stamp()
        try work.edit("registers/czj/t01.yaml", "  风险等级: 较大\n  责任主体: 办公室\n- 风险点: 分办", "  风险等级: 重大\n  责任主体: 办公室\n- 风险点: 分办")
        #expect(work.rebuilder.build().pagesRendered != nil)
        let second = try rewritten()
        #expect(second == ["index.html", "units/index.html", "dashboard/index.html"], "\(second)")
        #expect(try work.differencesFromFullBuild() == [])
    }

    @Test("review dates added to a register and a point, and a point withdrawn and taken back: the output is a full build's")
    func reviewAndStatusEdits() throws {
        let work = try Workspace()
        let path = "registers/czj/t01.yaml"
        let point = "- 风险点: 分办不及时、不准确。\n  风险等级: 一般\n"
        let edits: [(String, String, String, Bool)] = [
            ("a register's 复核日期", "范围: czj\n", "范围: czj\n复核日期: 2025-01-01\n", true),
            ("a point's own 复核日期 and 复核周期", point, point + "  复核日期: 2026-11-01\n  复核周期: 每半年\n", true),
            ("a point withdrawn", point, point + "  状态: 已撤销\n", false),
            ("the point taken back", point + "  状态: 已撤销\n", point, false),
        ]
        for (what, old, new, partial) in edits {
            try work.edit(path, old, new)
            let report = work.rebuilder.build()
            #expect(report.succeeded, "\(what)")
            #expect((report.pagesRendered != nil) == partial, "\(what)")
            #expect(try work.differencesFromFullBuild() == [], "\(what)")
        }
    }

    @Test("editing a flow and a document renders them and what links to them; the output is a full build's")
    func flowAndDocumentEdits() throws {
        let work = try Workspace()
        try work.edit("flows/gs/gs-lc05.yaml", "名称: 收文拟办", "名称: 收文拟办并分送")
        var report = work.rebuilder.build()
        #expect(report.pagesRendered != nil)
        #expect(try work.differencesFromFullBuild() == [])
        try work.edit("documents/czj/ch02.md", "**第十一条** 收文登记", "**第十一条** 收文的登记")
        report = work.rebuilder.build()
        #expect(report.pagesRendered != nil)
        #expect(try work.differencesFromFullBuild() == [])
    }

    @Test("a flow kept from the last build is linked again when a risk point it names is gone, and says so as a fresh check does")
    func keptFlowLosesItsRisk() throws {
        let work = try Workspace()
        // qwb-mishu2-3's step 采购 names qwb-qingdan-6, row 6 of the district office's list.
        try work.edit("registers/qwb/zerenqingdan.csv", "\n6,秘书二科,", "\n60,秘书二科,")
        let report = work.rebuilder.build()
        #expect(!report.succeeded)
        let fresh = SiteBuilder.check(BuildOptions(content: work.content, templates: nil, output: work.output))
        #expect(report.diagnostics.map(\.description) == fresh.diagnostics.map(\.description))
        #expect(report.diagnostics.contains { $0.description.contains("qwb-mishu2-3.yaml") && $0.description.contains("qwb-qingdan-6") })

        try work.edit("registers/qwb/zerenqingdan.csv", "\n60,秘书二科,", "\n6,秘书二科,")
        #expect(work.rebuilder.build().succeeded)
        #expect(try work.differencesFromFullBuild() == [])
    }

    @Test("a rebuild writes changed files in place, but never through a second name: a hard-linked copy keeps the old page")
    func hardLinkedCopyUntouched() throws {
        let work = try Workspace()
        let page = work.output.appending(path: "risks/czj-t01-1.html")
        let copy = work.content.deletingLastPathComponent().appending(path: "copy-of-risk.html")
        #expect(link(page.path, copy.path) == 0)
        let manual = work.output.appending(path: "manual/index.html")
        let manualInode = try FileManager.default.attributesOfItem(atPath: manual.path)[.systemFileNumber] as? Int
        let before = try Data(contentsOf: page)

        try work.edit("registers/czj/t01.yaml", "- 风险点: 收文登记要素不全面、不准确，丢失公文。", "- 风险点: 收文登记要素不全面、不准确，丢失或者错送公文。")
        #expect(work.rebuilder.build().pagesRendered != nil)
        #expect(try Data(contentsOf: copy) == before, "the other name still holds the old page")
        #expect(try String(contentsOf: page, encoding: .utf8).contains("丢失或者错送公文"))
        // A file with one name is written where it is.
        #expect(try FileManager.default.attributesOfItem(atPath: manual.path)[.systemFileNumber] as? Int == manualInode)
        #expect(try String(contentsOf: manual, encoding: .utf8).contains("丢失或者错送公文"))
        #expect(try work.differencesFromFullBuild() == [])
    }

    @Test("a template edited under serve is read again: every page shows it, as a full build with that template does")
    func templateEdit() throws {
        let content = ExampleSite.temporaryFolder("Content")
        try FileManager.default.copyItem(at: ExampleSite.content, to: content)
        let templates = content.deletingLastPathComponent().appending(path: "Templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let badge = templates.appending(path: "level-badge.mustache")
        let original = try String(contentsOf: ExampleSite.repository.appending(path: "Templates/level-badge.mustache"), encoding: .utf8)
        try original.write(to: badge, atomically: true, encoding: .utf8)
        let output = content.deletingLastPathComponent().appending(path: "Output")
        func options(_ output: URL) -> BuildOptions {
            BuildOptions(content: content, templates: templates, output: output, today: Day(year: 2026, month: 11, day: 23))
        }
        let rebuilder = Rebuilder(options: options(output))
        #expect(rebuilder.build().succeeded)

        try original.replacingOccurrences(of: "{{label}}</a>", with: "等级：{{label}}</a>").write(to: badge, atomically: true, encoding: .utf8)
        let report = rebuilder.build()
        #expect(report.succeeded)
        #expect(report.pagesRendered == nil, "a template changed: every page is rendered again")
        #expect(try String(contentsOf: output.appending(path: "risks/czj-t01-1.html"), encoding: .utf8).contains("等级："))
        let full = content.deletingLastPathComponent().appending(path: "Full")
        #expect(SiteBuilder.build(options(full)).succeeded)
        let built = ExampleSite.files(in: output), expected = ExampleSite.files(in: full)
        #expect(built == expected)
        for path in expected where built.contains(path) {
            #expect(try Data(contentsOf: output.appending(path: path)) == Data(contentsOf: full.appending(path: path)), "\(path)")
        }
    }

    @Test("a change to site.yaml or the organisation is a full build; an edit that breaks the Content writes nothing")
    func wideChangesAndErrors() throws {
        let work = try Workspace()
        try work.edit("units/czj.yaml", "名称: 办公室", "名称: 局办公室")
        var report = work.rebuilder.build()
        #expect(report.succeeded)
        #expect(report.pagesRendered == nil, "a unit renamed touches every page")
        #expect(try work.differencesFromFullBuild() == [])

        let before = try Data(contentsOf: work.output.appending(path: "risks/czj-t01-1.html"))
        try work.edit("registers/czj/t01.yaml", "  风险等级: 较大", "  风险等级: 特大")
        report = work.rebuilder.build()
        #expect(!report.succeeded, "an unknown level is an error")
        #expect(try Data(contentsOf: work.output.appending(path: "risks/czj-t01-1.html")) == before)

        try work.edit("registers/czj/t01.yaml", "  风险等级: 特大", "  风险等级: 较大")
        report = work.rebuilder.build()
        #expect(report.succeeded)
        #expect(try work.differencesFromFullBuild() == [])
    }
}
