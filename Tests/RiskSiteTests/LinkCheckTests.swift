import Foundation
import Testing

/// LinkChecker (Debian's `linkchecker`, installed by scripts/setup.sh --tests) crawls the built site
/// from `file://`, as a reader opening Output/index.html would, and checks every internal link and
/// every `#anchor`. Nothing goes to the network: URLs outside the Output folder are only
/// syntax-checked (`--ignore-url`, and `--check-extern` is off), and the test fails if any link
/// leads outside it.
@Suite("Links: LinkChecker finds no broken link in the whole Output")
struct LinkCheckTests {
    struct Run {
        let status: Int32
        let text: String

        /// "That's it. 936 links in 936 URLs checked. 0 warnings found. 0 errors found."
        var urlsChecked: Int? {
            guard let match = text.firstMatch(of: /That's it\. \d+ links? in (\d+) URLs? checked\./) else { return nil }
            return Int(match.1)
        }

        /// Every URL LinkChecker resolved ("Real URL" in verbose output), without its #fragment.
        var realURLs: Set<String> {
            Set(text.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("Real URL") else { return nil }
                let url = line.dropFirst("Real URL".count).trimmingCharacters(in: .whitespaces)
                return String(url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
            })
        }

        /// The entries with an error or a warning, and the summary: what to print on failure.
        var problems: String {
            let entries = text.components(separatedBy: "\n\n").filter {
                $0.contains("\nResult     Error") || $0.contains("\nWarning    ")
            }
            let summary = text.split(separator: "\n").filter { $0.hasPrefix("That's it.") }
            return (entries.prefix(20) + summary.map(String.init)).joined(separator: "\n\n")
        }
    }

    /// `linkchecker --config <rc with [AnchorCheck]> --no-status --verbose --ignore-url '^(?!file:///…/Output/)' <start URLs>`.
    /// Warnings stay on: a missing #anchor is a warning, and any warning makes the exit status 1.
    /// `--verbose` lists every URL checked, so the test can see that the crawl covered every page.
    static func linkcheck(_ root: URL, start: [String], anchors: Bool = true, skipping: [String] = []) throws -> Run {
        let base = URL(fileURLWithPath: root.standardizedFileURL.path, isDirectory: true).absoluteString
        let config = ExampleSite.temporaryFolder("linkcheckerrc")
        try Data((anchors ? "[AnchorCheck]\n" : "").utf8).write(to: config)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: commandPath("linkchecker")!)
        process.arguments =
            ["--config", config.path, "--no-status", "--verbose", "--ignore-url", "^(?!\(pythonRegexEscaped(base)))"]
            + skipping.flatMap { ["--ignore-url", "^" + pythonRegexEscaped(base + $0)] }
            + start.map { base + $0 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, text: text)
    }

    /// A literal for Python's `re`: every ASCII character but letters, digits and `/` escaped.
    static func pythonRegexEscaped(_ text: String) -> String {
        text.map { $0.isASCII && !$0.isLetter && !$0.isNumber && $0 != "/" ? "\\\($0)" : String($0) }.joined()
    }

    @Test("every internal link and anchor of the example site resolves, and every page is reached",
          .enabled(if: commandPath("linkchecker") != nil))
    func noBrokenLinks() throws {
        #expect(ExampleSite.built.report.succeeded)
        let output = ExampleSite.built.output
        let run = try Self.linkcheck(output, start: ["index.html"], skipping: ["manual/"])
        #expect(run.status == 0, "\(run.problems)")
        let checked = try #require(run.urlsChecked, "no summary line in LinkChecker's output:\n\(run.text.suffix(2000))")
        #expect(checked > 300, "LinkChecker checked only \(checked) URLs")
        // The manual (linked from the home page) is checked from its own start, without
        // AnchorCheck, which would parse the 500 KB book once for each of its
        // ~220 in-book #links (2 minutes); ManualTests checks that every one has its target.
        let manual = try Self.linkcheck(output, start: ["manual/index.html"], anchors: false)
        #expect(manual.status == 0, "\(manual.problems)")

        let base = URL(fileURLWithPath: output.standardizedFileURL.path, isDirectory: true).absoluteString
        let realURLs = run.realURLs.union(manual.realURLs)
        let outside = realURLs.filter { !$0.hasPrefix(base) }
        #expect(outside.isEmpty, "links leading outside the Output folder: \(outside.sorted().prefix(10))")
        let reached = Set(realURLs.map { String($0.dropFirst(base.count)) })
        let unreached = ExampleSite.files(in: output).filter { $0.hasSuffix(".html") && !reached.contains($0) }
        #expect(unreached.isEmpty, "pages the crawl never reached: \(unreached.prefix(10))")
    }

    @Test("the same command fails on a missing page and a missing anchor, and sees a link that leaves the folder",
          .enabled(if: commandPath("linkchecker") != nil))
    func catchesBrokenLinks() throws {
        let root = ExampleSite.temporaryFolder("Broken")
        try FileManager.default.createDirectory(at: root.appending(path: "risks"), withIntermediateDirectories: true)
        func page(_ body: String) -> Data {
            Data("<!DOCTYPE html><html lang=\"zh-CN\"><head><title>t</title></head><body>\(body)</body></html>".utf8)
        }
        try page(#"<a href="risks/a.html">甲</a> <a href="risks/a.html#ok">甲</a>"#).write(to: root.appending(path: "index.html"))
        try page(#"<p id="ok">甲</p><a href="../index.html">首页</a>"#).write(to: root.appending(path: "risks/a.html"))
        #expect(try Self.linkcheck(root, start: ["index.html"]).status == 0, "the intact pair passes")

        try page(#"<a href="risks/a.html">甲</a> <a href="risks/b.html">乙</a>"#).write(to: root.appending(path: "index.html"))
        let missingPage = try Self.linkcheck(root, start: ["index.html"])
        #expect(missingPage.status != 0)
        #expect(missingPage.problems.contains("risks/b.html"))

        try page(#"<a href="risks/a.html#nowhere">甲</a>"#).write(to: root.appending(path: "index.html"))
        let missingAnchor = try Self.linkcheck(root, start: ["index.html"])
        #expect(missingAnchor.status != 0)
        #expect(missingAnchor.problems.contains("nowhere"))

        try page(#"<a href="../../index.html">上级</a>"#).write(to: root.appending(path: "risks/a.html"))
        try page(#"<a href="risks/a.html">甲</a>"#).write(to: root.appending(path: "index.html"))
        let base = URL(fileURLWithPath: root.standardizedFileURL.path, isDirectory: true).absoluteString
        #expect(try Self.linkcheck(root, start: ["index.html"]).realURLs.contains { !$0.hasPrefix(base) })
    }
}
