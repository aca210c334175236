import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import RiskContent
import RiskModel
import Testing

@testable import RiskRender

@Suite("Chinese full-text search")
struct SearchTests {
    static let register = ContentLoader(fileSystem: .directory(ExampleSite.content)).load().register!

    @Test("recall: any 2 to 6 consecutive characters of any risk point's text find that risk point")
    func recall() throws {
        let index = SearchIndex(register: Self.register)
        let searcher = SearchIndex.Searcher(index)
        let numbers = Dictionary(uniqueKeysWithValues: index.entries.enumerated().map { ($1.path, $0) })
        var queries = 0
        for risk in Self.register.risks.values {
            let number = try #require(numbers[Paths.risk(risk.id)])
            for line in risk.text.split(separator: "\n") {
                let characters = Array(line)
                for length in 2...6 where characters.count >= length {
                    for start in 0...(characters.count - length) {
                        let query = String(characters[start..<(start + length)])
                        guard !query.allSatisfy(\.isWhitespace) else { continue }
                        queries += 1
                        if !searcher.search(query).contains(number) {
                            Issue.record("“\(query)” does not find \(risk.id)")
                            return
                        }
                    }
                }
            }
        }
        #expect(queries > 15_000)
    }

    @Test("a result always contains the query: no match runs across two items of a list")
    func exactMatches() throws {
        let searcher = SearchIndex.Searcher(SearchIndex(register: Self.register))
        for query in ["用印", "公文", "审核", "印", "2014", "1-2个"] {
            for number in searcher.search(query) {
                let entry = searcher.index.entries[number]
                let lines = (entry.title + "\n" + entry.text).split(separator: "\n").map {
                    String(String.UnicodeScalarView(SearchIndex.normalise(String($0))))
                }
                #expect(lines.contains { $0.contains(query.lowercased()) }, "\(entry.path) does not contain “\(query)”")
            }
        }
        // 印章的使用 / 印章保管 are two steps of one flow: 用印 is in neither.
        #expect(!searcher.search("用印").contains { searcher.index.entries[$0].path == Paths.flow("qwb-mishu2-6") })
        // Full-width and half-width forms, upper and lower case, are the same after NFKC.
        #expect(searcher.search("１－２个") == searcher.search("1-2个"))
        #expect(!searcher.search("1-2个").isEmpty)
    }

    @Test("text is normalised the same on the quick path for Chinese and ASCII as through Foundation's NFKC")
    func quickNormalising() {
        // Every character of the Basic Multilingual Plane, alone and between Chinese characters.
        var differing: [String] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(Character(scalar)), "风险\(Character(scalar))点A"] {
                if SearchIndex.normalise(text) != SearchIndex.generalNormalise(text) {
                    differing.append(String(value, radix: 16))
                }
            }
        }
        #expect(differing == [])
        // Every text of the example's index, as the index makes it.
        for entry in SearchIndex(register: Self.register).entries {
            let text = entry.title + "\n" + entry.text
            #expect(SearchIndex.normalise(text) == SearchIndex.generalNormalise(text), "\(entry.path)")
        }
    }

    @Test("every text comes back from the index's JSON as it went in, and none can close the script")
    func jsonStrings() throws {
        // Each control character, the quote and backslash, the line and paragraph separators, and
        // the three-byte characters next to those two in UTF-8.
        var tricky = (0..<0x20).map { String(Character(Unicode.Scalar($0)!)) }
        tricky += ["\"", "\\", "</script>", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "风险\u{2028}点", "₀", "\u{E2}"]
        for text in tricky + SearchIndex(register: Self.register).entries.map(\.text) {
            let literal = SearchIndex.json(text)
            #expect(!literal.contains("<") && !literal.contains("\u{2028}") && !literal.contains("\u{2029}"), "\(literal)")
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
            #expect(parsed == [text], "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test("the index is classic scripts: no fetch, nothing from outside the site; one shard while small")
    func files() throws {
        let manifest = ExampleSite.page("search/manifest.js")
        #expect(manifest.hasPrefix("riskpressSearch.manifest({postingShards:1,"))
        let script = ExampleSite.page("assets/search.js")
        #expect(!script.contains("fetch("))
        #expect(!script.contains("http"))
        #expect(!script.contains("XMLHttpRequest"))
        #expect(ExampleSite.page("search/p-0.js").hasPrefix("riskpressSearch.postings(0,{"))
        #expect(!ExampleSite.page("search/d-0.js").contains("</script"))
    }

    /// A province-sized index: the example's risk points many times over, each kept distinct.
    static func provinceSized() -> SearchIndex {
        var index = SearchIndex(register: register)
        let base = index.entries.filter { $0.kind == "风险点" }
        for copy in 1...40 {
            for entry in base {
                index.entries.append(
                    SearchIndex.Entry(kind: entry.kind, title: "\(entry.title)（副本\(copy)）", path: entry.path, text: entry.text))
            }
        }
        return index
    }

    @Test("a rebuild after edits writes the same index files as a fresh build, shard for shard")
    func rebuiltIndexMatchesAFreshOne() throws {
        var index = Self.provinceSized()
        let state = SearchIndex.State()
        let first = index.files(state: state)
        #expect(first.filter { $0.path.hasPrefix("search/p-") }.count > 1)
        #expect(first.filter { $0.path.hasPrefix("search/d-") }.count > 1)
        // The output folder as a rebuild leaves it: the files it wrote replace the old ones, the
        // stale ones go.
        var output = Dictionary(uniqueKeysWithValues: first.map { ($0.path, $0.data) })
        func rebuild() -> [String: Data] {
            for file in index.files(state: state) { output[file.path] = file.data }
            for path in state.takeStale() { output[path] = nil }
            return output
        }
        func fresh() -> [String: Data] { Dictionary(uniqueKeysWithValues: index.files().map { ($0.path, $0.data) }) }
        #expect(output == fresh())
        // Edits as a user makes them: a longer text (which moves later entry shards' boundaries),
        // a character no entry had (a new gram), a text cleared (grams that go), a changed title.
        let n = index.entries.count
        index.entries[3].text += "，并于次日报送纪检组备案"
        index.entries[n / 2].text = "鼗鼗" + index.entries[n / 2].text
        index.entries[n / 3].text = ""
        index.entries[n - 1].title = "改过的标题"
        let before = output
        #expect(rebuild() == fresh())
        #expect(output != before)
        #expect(index.files(state: state).isEmpty, "nothing changed, nothing written")
        index.entries[n / 2].text.removeFirst(2)
        #expect(rebuild() == fresh())
        // Most texts gone: fewer shards, and the ones there are no more are deleted.
        for i in index.entries.indices where i % 7 != 0 { index.entries[i].text = "" }
        #expect(rebuild() == fresh())
        #expect(output.keys.filter { $0.hasPrefix("search/d-") }.count < before.keys.filter { $0.hasPrefix("search/d-") }.count)
    }

    @Test("past a megabyte the postings split into shards by first character, and a query needs only its own")
    func shards() throws {
        let index = Self.provinceSized()
        let files = index.files()
        let postingShards = files.filter { $0.path.hasPrefix("search/p-") }
        #expect(postingShards.count > 1)
        for shard in postingShards { #expect(shard.data.count < 2 * SearchIndex.shardTarget) }
        // Each gram is in the shard its first character names.
        for (k, shard) in postingShards.enumerated() {
            let text = String(decoding: shard.data, as: UTF8.self)
            #expect(text.hasPrefix("riskpressSearch.postings(\(k),{"))
            let firstKey = text.split(separator: "\"")[1]
            #expect(SearchIndex.shard(of: String(firstKey), count: postingShards.count) == k)
        }
        #expect(files.filter { $0.path.hasPrefix("search/d-") }.count > 1)
    }

    // MARK: - In a real browser

    /// The page after headless Chromium has run the search for `query`.
    static func searchInBrowser(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: commandPath("chromium")!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000", "--dump-dom", url,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return dom
    }

    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    static func results(_ dom: String) -> [(path: String, context: String)] {
        dom.components(separatedBy: "<li class=\"search-result\" data-path=\"").dropFirst().map { item in
            let path = String(item.prefix(while: { $0 != "\"" }))
            let context = item.components(separatedBy: "<p class=\"search-context\">").dropFirst().first?
                .components(separatedBy: "</p>").first ?? ""
            return (path, context)
        }
    }

    @Test("from file://: Chinese, mixed Chinese and ASCII, one character, and nothing found", .enabled(if: commandPath("chromium") != nil))
    func inBrowserFromFile() throws {
        let page = ExampleSite.built.output.appending(path: "search/index.html").absoluteString
        let searcher = SearchIndex.Searcher(SearchIndex(register: Self.register))
        for query in ["公文处理", "1-2个工作日", "印"] {
            let dom = try Self.searchInBrowser(page + "?q=" + Self.query(query))
            #expect(dom.contains("data-search-done=\"\(query)\""), "the search for “\(query)” did not finish")
            let found = Self.results(dom)
            let expected = min(100, searcher.search(query).count)
            #expect(found.count == expected, "“\(query)”: \(found.count) results in the browser, \(expected) in the index")
            #expect(!found.isEmpty)
            // Each result shows the hit in context, marked (a title-only hit has no mark).
            #expect(found.filter { $0.context.contains("<mark>\(query)</mark>") }.count >= 1)
        }
        // Title hits first: 印章使用 (a flow titled with the query) before entries that only mention it.
        let seal = Self.results(try Self.searchInBrowser(page + "?q=" + Self.query("印章使用")))
        #expect(seal.first?.path == "flows/gs-lc06.html")
        let none = try Self.searchInBrowser(page + "?q=" + Self.query("不存在的词语"))
        #expect(none.contains("没有找到包含“不存在的词语”的内容。"))
        #expect(Self.results(none).isEmpty)
    }

    @Test("over HTTP, from a plain web server, the same results", .enabled(if: commandPath("chromium") != nil && commandPath("python3") != nil))
    func inBrowserOverHTTP() throws {
        // A plain static server that stops when its input closes, so it cannot outlive the test even
        // when python3 is a launcher script (pyenv's shim) whose child a terminate would not reach.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: commandPath("python3")!)
        let port = Int.random(in: 20_000..<40_000)
        server.arguments = [
            "-c",
            """
            import functools, http.server, sys, threading
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[2])
            server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            sys.stdin.read()
            """,
            String(port), ExampleSite.built.output.path,
        ]
        let input = Pipe()
        server.standardInput = input
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            try? input.fileHandleForWriting.close()
            server.terminate()
        }
        // Wait for the server to answer.
        var ready = false
        for _ in 0..<50 where !ready {
            if (try? Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/search/manifest.js")!)) != nil { ready = true } else { usleep(100_000) }
        }
        #expect(ready)
        let dom = try Self.searchInBrowser("http://127.0.0.1:\(port)/search/index.html?q=" + Self.query("保密"))
        let fromFile = try Self.searchInBrowser(
            ExampleSite.built.output.appending(path: "search/index.html").absoluteString + "?q=" + Self.query("保密"))
        #expect(!Self.results(dom).isEmpty)
        #expect(Self.results(dom).map(\.path) == Self.results(fromFile).map(\.path))
    }
}
