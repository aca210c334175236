import Foundation
import RiskModel
import RiskSite
import Testing

/// `riskpress build` run again on the same output starts from the snapshot the last build left in
/// the cache folder and renders only what the edits since touched. The output must be what a full
/// build of the edited Content writes, byte for byte; a snapshot that cannot stand for the output
/// must never be used; and nothing of it may reach the output, which may be published.
@Suite("A build from the last build's snapshot writes exactly what a full build writes")
struct SnapshotBuildTests {
    /// A copy of the example Content whose files are an hour old (so their times and sizes are
    /// trusted, as on a real desk), a cache folder, and the first build done.
    struct Workspace {
        let content: URL
        let output: URL
        let cache: URL
        var options: BuildOptions
        let first: BuildReport

        init(profile: Profile = .internal) throws {
            content = ExampleSite.temporaryFolder("Content")
            // The 责任清单 as CSV: the edits below change it as text.
            try ExampleSite.copyWithCSVRegister(to: content)
            let hourAgo = Date().addingTimeInterval(-3600)
            for path in ExampleSite.files(in: content) {
                try FileManager.default.setAttributes([.modificationDate: hourAgo], ofItemAtPath: content.appending(path: path).path)
            }
            output = content.deletingLastPathComponent().appending(path: "Output")
            cache = content.deletingLastPathComponent().appending(path: "cache")
            options = BuildOptions(
                content: content, templates: nil, output: output, profile: profile, today: Day(year: 2026, month: 11, day: 23),
                cache: cache)
            first = SiteBuilder.build(options)
        }

        func build() -> BuildReport { SiteBuilder.build(options) }

        /// Replaces the first occurrence of `old` in a Content file.
        func edit(_ path: String, _ old: String, _ new: String) throws {
            let url = content.appending(path: path)
            let text = try String(contentsOf: url, encoding: .utf8)
            let range = try #require(text.range(of: old), "\(old) is not in \(path)")
            try text.replacingCharacters(in: range, with: new).write(to: url, atomically: true, encoding: .utf8)
        }

        /// The files of a full build (no cache) of the Content as it is now and the output's files that differ.
        func differencesFromFullBuild() throws -> [String] {
            let full = content.deletingLastPathComponent().appending(path: "Full-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: full) }
            var fullOptions = options
            fullOptions.output = full
            fullOptions.cache = nil
            fullOptions.edition = nil
            #expect(SiteBuilder.build(fullOptions).succeeded)
            let built = ExampleSite.files(in: output), expected = ExampleSite.files(in: full)
            var differences = Set(built).symmetricDifference(expected).sorted()
            for path in expected where built.contains(path) {
                let a = try Data(contentsOf: output.appending(path: path)), b = try Data(contentsOf: full.appending(path: path))
                if a != b { differences.append(path) }
            }
            return differences
        }

        var searchFiles: [String] { ExampleSite.files(in: output).filter { $0.hasPrefix("search/") && $0.hasSuffix(".js") } }
    }

    @Test("edits of risk points, a CSV cell, a flow and a document, one build each: few pages rendered, a full build's output")
    func editsBuiltAgain() throws {
        let work = try Workspace()
        #expect(work.first.succeeded)
        #expect(work.first.pagesRendered == nil, "the first build is a full build")
        let total = ExampleSite.files(in: work.output).count
        // A long risk point of many different characters makes the search index take more shards
        // (one per megabyte of postings); deleting it must delete them.
        let long = String(String.UnicodeScalarView((0..<150_000).map { Unicode.Scalar(0x4E00 + ($0 * 7919) % 20_000)! }))
        let edits: [(String, String, String, String)] = [
            ("the text of a risk point", "registers/czj/t01.yaml", "- 风险点: 收文登记要素不全面、不准确，丢失公文。", "- 风险点: 收文登记要素不全面、不准确，丢失或者错送公文。"),
            ("a level", "registers/czj/t01.yaml", "  风险等级: 较大\n  责任主体: 办公室\n- 风险点: 分办", "  风险等级: 重大\n  责任主体: 办公室\n- 风险点: 分办"),
            ("a new, long risk point", "registers/czj/t01.yaml", "- 风险点: 不按批转意见承办，相互推诿。", "- 风险点: \(long)\n  风险等级: 一般\n  责任主体: 办公室\n- 风险点: 不按批转意见承办，相互推诿。"),
            ("the long risk point deleted", "registers/czj/t01.yaml", "- 风险点: \(long)\n  风险等级: 一般\n  责任主体: 办公室\n", ""),
            ("a CSV cell", "registers/qwb/zerenqingdan.csv", "不按相关规定、程序、规格安排会议、公务。", "不按相关规定、程序、规格安排会议和公务。"),
            ("a flow's step", "flows/gs/gs-lc05.yaml", "名称: 收文拟办", "名称: 收文拟办并分送"),
            ("a document", "documents/czj/ch02.md", "**第十一条** 收文登记", "**第十一条** 收文的登记"),
        ]
        var shardCounts: [Int] = []
        for (what, path, old, new) in edits {
            try work.edit(path, old, new)
            let report = work.build()
            #expect(report.succeeded, "\(what)")
            let pages = try #require(report.pagesRendered, "\(what): rendered only what changed")
            #expect(pages < total / 3, "\(what): \(pages) pages rendered again of \(total)")
            #expect(try work.differencesFromFullBuild() == [], "\(what)")
            shardCounts.append(work.searchFiles.count)
        }
        #expect(shardCounts[2] > shardCounts[1], "the long risk point adds search shards")
        #expect(shardCounts[3] == shardCounts[1], "and deleting it takes them away again")
    }

    @Test("with recorded editions: an edit renders only what changed, a new edition renders everything, both as a full build")
    func withEditions() throws {
        var work = try Workspace()
        work.options.edition = BuildOptions.EditionRequest(name: "2025")
        #expect(work.build().succeeded)
        work.options.edition = nil
        try work.edit("registers/czj/t01.yaml", "- 风险点: 收文登记要素不全面、不准确，丢失公文。", "- 风险点: 收文登记要素不全面、不准确，丢失或者错送公文。")
        var report = work.build()
        #expect(report.pagesRendered != nil, "an edit with the archive unchanged renders part of the site")
        #expect(try work.differencesFromFullBuild() == [])

        work.options.edition = BuildOptions.EditionRequest(name: "2026")
        report = work.build()
        #expect(report.edition?.hasPrefix("recorded edition 2026") == true)
        #expect(report.pagesRendered == nil, "a new edition shows on every risk point's page")
        work.options.edition = nil
        #expect(try work.differencesFromFullBuild() == [])
        #expect(ExampleSite.files(in: work.output).contains("changes/2026.html"))

        try work.edit("registers/czj/t01.yaml", "丢失或者错送公文", "丢失或错送公文")
        report = work.build()
        #expect(report.pagesRendered != nil)
        #expect(try work.differencesFromFullBuild() == [])
    }

    @Test("a public build from a snapshot shows a public edit and still holds nothing internal")
    func publicBuild() throws {
        let work = try Workspace(profile: .public)
        #expect(work.first.succeeded)
        try work.edit("registers/czj/t01.yaml", "- 风险点: 收文登记要素不全面、不准确，丢失公文。", "- 风险点: 收文登记要素不全面、不准确，丢失或者错送公文。")
        let report = work.build()
        #expect(report.pagesRendered != nil)
        #expect(try work.differencesFromFullBuild() == [])
        // Nothing but the pages: no hidden file, no snapshot, no copy of the Content.
        let everything = try #require(FileManager.default.subpathsOfDirectory(atPath: work.output.path) as [String]?)
        #expect(everything.filter { $0.split(separator: "/").contains { $0.hasPrefix(".") } } == [])
        #expect(everything.filter { $0.hasSuffix(".snapshot") || $0.hasSuffix(".yaml") || $0.hasSuffix(".md") } == [])
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: work.cache.path)
        #expect(snapshots.count == 1, "one snapshot per output, in the cache folder")
    }

    @Test("a snapshot that cannot stand for the output is not used: the output changed by hand, another day, a damaged file")
    func snapshotNotUsed() throws {
        var work = try Workspace()
        #expect(work.first.succeeded)

        // A page deleted by hand comes back: the build is a full one.
        try FileManager.default.removeItem(at: work.output.appending(path: "risks/czj-t01-1.html"))
        var report = work.build()
        #expect(report.pagesRendered == nil)
        #expect(FileManager.default.fileExists(atPath: work.output.appending(path: "risks/czj-t01-1.html").path))
        #expect(work.build().pagesRendered != nil, "and the build after it starts from its snapshot")

        // Another day can change every disclosure's status.
        work.options.today = Day(year: 2026, month: 12, day: 1)
        report = work.build()
        #expect(report.pagesRendered == nil)
        #expect(try work.differencesFromFullBuild() == [])

        // A damaged snapshot: cut short, then garbage.
        let snapshot = try #require(try FileManager.default.contentsOfDirectory(at: work.cache, includingPropertiesForKeys: nil).first)
        let bytes = try Data(contentsOf: snapshot)
        for damaged in [bytes.prefix(bytes.count / 2), Data(repeating: 0xFF, count: 4096)] {
            try damaged.write(to: snapshot)
            try work.edit("registers/czj/t01.yaml", "丢失", "遗失")
            report = work.build()
            #expect(report.succeeded)
            #expect(report.pagesRendered == nil)
            #expect(try work.differencesFromFullBuild() == [])
            try work.edit("registers/czj/t01.yaml", "遗失", "丢失")
        }
    }

    @Test("a build that fails leaves the output and the snapshot; the build after the fix starts from it")
    func failedBuild() throws {
        let work = try Workspace()
        let before = try Data(contentsOf: work.output.appending(path: "risks/czj-t01-1.html"))
        try work.edit("registers/czj/t01.yaml", "  风险等级: 较大", "  风险等级: 特大")
        #expect(!work.build().succeeded, "an unknown level is an error")
        #expect(try Data(contentsOf: work.output.appending(path: "risks/czj-t01-1.html")) == before)
        try work.edit("registers/czj/t01.yaml", "  风险等级: 特大", "  风险等级: 重大")
        let report = work.build()
        #expect(report.pagesRendered != nil)
        #expect(try work.differencesFromFullBuild() == [])
    }
}
