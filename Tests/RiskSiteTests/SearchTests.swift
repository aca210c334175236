import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import RiskContent
import RiskModel
import RiskSite
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

    @Test("the index is classic scripts: no fetch, nothing from outside the site; posting shards a power of two")
    func files() throws {
        let manifest = ExampleSite.page("search/manifest.js")
        #expect(manifest.hasPrefix("riskpressSearch.manifest({\"postingShards\":"))
        let script = ExampleSite.page("assets/search.js")
        #expect(!script.contains("fetch("))
        #expect(!script.contains("http"))
        #expect(!script.contains("XMLHttpRequest"))
        let shards = try #require(Self.manifest()["postingShards"] as? Int)
        #expect(shards > 0 && shards & (shards - 1) == 0)
        for k in 0..<shards { #expect(ExampleSite.page("search/p-\(k).js").hasPrefix("riskpressSearch.postings(\(k),{")) }
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

    @Test("postings go into shards by a hash of the gram, small on average; entries into blocks of 8")
    func shards() throws {
        let index = Self.provinceSized()
        let files = index.files()
        let postingShards = files.filter { $0.path.hasPrefix("search/p-") }
        #expect(postingShards.count > 64)
        #expect(postingShards.count & (postingShards.count - 1) == 0)
        let total = postingShards.reduce(0) { $0 + $1.data.count }
        #expect(total / postingShards.count <= SearchIndex.shardTarget)
        // Each gram is in the shard its hash names.
        for (k, shard) in postingShards.enumerated() {
            let text = String(decoding: shard.data, as: UTF8.self)
            #expect(text.hasPrefix("riskpressSearch.postings(\(k),{"))
            let json = Data(text.dropFirst("riskpressSearch.postings(\(k),".count).dropLast(3).utf8)
            let keys = try #require(try JSONSerialization.jsonObject(with: json) as? [String: String])
            for key in keys.keys { #expect(SearchIndex.shard(of: key, count: postingShards.count) == k, "\(key)") }
        }
        let blocks = files.filter { $0.path.hasPrefix("search/d-") }
        #expect(blocks.count >= index.entries.count / SearchIndex.blockEntries)
        for block in blocks {
            let rows = String(decoding: block.data, as: UTF8.self).components(separatedBy: ",\n[").count
            #expect(rows <= SearchIndex.blockEntries)
        }
    }

    // MARK: - In a real browser

    /// The example's built search index as the browser reads it: the manifest, and each entry's
    /// number by its path.
    static func manifest(_ root: URL = ExampleSite.built.output) throws -> [String: Any] {
        let text = try String(contentsOf: root.appending(path: "search/manifest.js"), encoding: .utf8)
        let body = text.dropFirst("riskpressSearch.manifest(".count).prefix { _ in true }
        let json = body[..<body.range(of: ");", options: .backwards)!.lowerBound]
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    /// The block (its first entry) that holds entry `number`, as search.js finds it.
    static func block(of number: Int, _ manifest: [String: Any]) -> Int {
        let size = manifest["block"] as! Int
        let base = number - number % size
        return (manifest["splits"] as! [Int]).filter { $0 > base && $0 <= number }.max() ?? base
    }

    /// A copy of the example's output, where the browser tests put pages that drive the search page.
    static let drivenSite: URL = {
        let copy = ExampleSite.temporaryFolder("Driven")
        try! FileManager.default.copyItem(at: ExampleSite.built.output, to: copy)
        return copy
    }()

    /// The example with its risk points three times more (a register of copies, each text with a
    /// number added): past `SearchIndex.oneBlockLimit`, so its entries are in blocks of 8.
    static let largerSite: URL = {
        let content = ExampleSite.temporaryFolder("Content")
        try! FileManager.default.copyItem(at: ExampleSite.content, to: content)
        var lines = ["范围: czj", "风险清单:"]
        for copy in 1...3 {
            for risk in register.risks.values {
                lines.append("  - 风险点: \(SearchIndex.json("\(risk.text)（\(copy)）"))")
                lines.append("    风险等级: \(["重大", "较大", "一般"][(copy + lines.count) % 3])")
                lines.append("    责任主体: 办公室")
                lines.append("    防控措施: [\(risk.measures.map(SearchIndex.json).joined(separator: ", "))]")
            }
        }
        try! Data(lines.joined(separator: "\n").utf8).write(to: content.appending(path: "registers/czj/zz-copies.yaml"))
        let output = content.deletingLastPathComponent().appending(path: "Larger")
        let report = SiteBuilder.build(BuildOptions(content: content, templates: nil, output: output))
        precondition(report.succeeded, "\(report.diagnostics)")
        return output
    }()

    /// The search page for `parameters` after `steps` ran in it, each step a script that starts a
    /// search, run once the search before it has finished (`data-search-done` set), the page's DOM
    /// at the end. A step notes what it wants to keep in `data-test-*` attributes of <body>; the
    /// page's query string at the end is `data-test-url`.
    static func drive(_ parameters: String, _ steps: [String] = [], site: URL = drivenSite) throws -> String {
        let page = try String(contentsOf: site.appending(path: "search/index.html"), encoding: .utf8)
        let functions = steps.map { "function () {\n\($0)\n}" }.joined(separator: ",\n")
        let driver = """
            <script>
            (function () {
              var steps = [\(functions)];
              var at = 0;
              function next() {
                if (!document.body.hasAttribute('data-search-done')) { setTimeout(next, 5); return; }
                if (at === steps.length) {
                  document.body.setAttribute('data-test-url', decodeURIComponent(location.search));
                  document.body.setAttribute('data-test-end', 'yes');
                  return;
                }
                document.body.removeAttribute('data-search-done');
                steps[at++]();
                setTimeout(next, 5);
              }
              document.addEventListener('DOMContentLoaded', function () { setTimeout(next, 5); });
            })();
            </script>
            """
        let name = "search/test-\(UUID().uuidString).html"
        try Data(page.replacingOccurrences(of: "</body>", with: driver + "</body>").utf8).write(to: site.appending(path: name))
        let dom = try searchInBrowser(site.appending(path: name).absoluteString + parameters)
        #expect(dom.contains("data-test-end=\"yes\""), "the steps did not all run: \(parameters)")
        return dom
    }

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

    struct Result {
        var path: String
        var entry: Int
        var title: String
        var meta: String
        var context: String
        var scattered: Bool
    }

    static func results(_ dom: String) -> [Result] {
        dom.components(separatedBy: "<li class=\"search-result").dropFirst().map { item in
            func between(_ start: String, _ end: String) -> String {
                item.components(separatedBy: start).dropFirst().first?.components(separatedBy: end).first ?? ""
            }
            return Result(
                path: between("data-path=\"", "\""), entry: Int(between("data-entry=\"", "\"")) ?? -1,
                title: between("<a href=\"", "</a>").components(separatedBy: "\">").dropFirst().joined(separator: "\">"),
                meta: between("<p class=\"search-meta\">", "</p>"), context: between("<p class=\"search-context\">", "</p>"),
                scattered: item.hasPrefix(" search-scattered"))
        }
    }

    /// A <body> attribute of the page.
    static func attribute(_ name: String, _ dom: String) -> String {
        dom.components(separatedBy: " \(name)=\"").dropFirst().first?.components(separatedBy: "\"").first ?? ""
    }

    /// The count a filter shows for a value: a link's, or a <select>'s option's.
    static func filterCount(_ dom: String, _ filter: String, _ value: String) -> Int? {
        if let link = dom.components(separatedBy: "data-filter=\"\(filter)\" data-value=\"\(value)\"").dropFirst().first {
            return Int(link.components(separatedBy: "<span class=\"search-count\">").dropFirst().first?.prefix { $0.isNumber } ?? "")
        }
        guard let select = dom.components(separatedBy: "<select data-filter=\"\(filter)\"").dropFirst().first?.components(separatedBy: "</select>").first,
            let option = select.components(separatedBy: "<option value=\"\(value)\"").dropFirst().first
        else { return nil }
        return Int(option.components(separatedBy: "data-count=\"").dropFirst().first?.prefix { $0.isNumber } ?? "")
    }

    static var browser: Bool { commandPath("chromium") != nil }

    @Test("from file://: Chinese, mixed Chinese and ASCII, one character, and nothing found", .enabled(if: browser))
    func inBrowserFromFile() throws {
        let searcher = SearchIndex.Searcher(SearchIndex(register: Self.register))
        for query in ["公文处理", "1-2个工作日", "印"] {
            let dom = try Self.drive("?q=" + Self.query(query))
            let found = Self.results(dom)
            let exact = searcher.search(query).count
            #expect(!found.isEmpty)
            #expect(found.count == min(20, Self.total(dom)), "“\(query)”: one page of 20 shown")
            // Every entry that holds the query is found, and comes before any that holds only its characters.
            #expect(Self.total(dom) >= exact)
            #expect(found.prefix(exact).allSatisfy { !$0.scattered }, "“\(query)”")
            for result in found where !result.scattered {
                #expect((result.title + result.context).contains("<mark>\(query)</mark>"), "“\(query)”: \(result.path)")
            }
            // The unit and, for a risk point, the level on each result's line.
            for result in found where result.path.hasPrefix("risks/") {
                let id = String(result.path.dropFirst("risks/".count).dropLast(".html".count))
                let risk = try #require(Self.register.risks[id])
                let level = Self.register.level(of: risk)?.level.label ?? "未定级"
                #expect(result.meta.contains("<span class=\"search-level\">\(level)</span>"), "\(id): \(result.meta)")
                let unit = try #require(Self.register.units[risk.unitIDs[0]]).name
                #expect(result.meta.contains(unit), "\(id): \(result.meta)")
            }
        }
        let none = try Self.drive("?q=" + Self.query("不存在的词语"))
        #expect(none.contains("没有找到包含“不存在的词语”的内容。"))
        #expect(Self.results(none).isEmpty)
    }

    /// The count of results the status line gives.
    static func total(_ dom: String) -> Int {
        Int(dom.components(separatedBy: "找到 ").dropFirst().first?.prefix { $0.isNumber } ?? "") ?? 0
    }

    @Test("ranking: the phrase before its scattered characters, title before measure, then the higher level", .enabled(if: browser))
    func ranking() throws {
        let cases: [(query: String, first: String, why: String)] = [
            // czj-t04-11 (较大) holds 出现, 现错 and 错误 in its text but not 出现错误; qwb-zonghe2-4-1 (未定级) holds the phrase.
            ("出现错误", "risks/qwb-zonghe2-4-1.html", "the phrase before its scattered characters, whatever the level"),
            // czj-t01-1 (较大) names 新业务 in a measure; czj-t01-5 (一般) in its risk point, later in the register.
            ("新业务", "risks/czj-t01-5.html", "a match in the risk point's text before one in a measure"),
            // czj-t02-2 and -3 (较大) come first in the register; czj-t02-4 is 重大.
            ("件处理", "risks/czj-t02-4.html", "between matches in the text, the higher level"),
            // A flow titled with the query, before the risk points that mention it in their measures.
            ("印章使用", "flows/gs-lc06.html", "a title"),
        ]
        for (query, first, why) in cases {
            let found = Self.results(try Self.drive("?q=" + Self.query(query)))
            #expect(found.first?.path == first, "“\(query)”: \(why); first is \(found.first?.path ?? "none")")
        }
        let scattered = Self.results(try Self.drive("?q=" + Self.query("出现错误")))
        #expect(scattered.contains { $0.path == "risks/czj-t04-11.html" && $0.scattered })
        #expect(scattered.drop(while: { !$0.scattered }).allSatisfy { $0.scattered }, "no phrase after a scattered match")
    }

    /// The entries that hold `query`, with their levels, kinds and units, as the index has them.
    static func expectedCounts(_ query: String) -> (level: [String: Int], kind: [String: Int], unit: (String) -> Int) {
        let index = SearchIndex(register: register)
        let found = SearchIndex.Searcher(index).search(query).map { index.entries[$0] }
        var level: [String: Int] = [:]
        var kind: [String: Int] = [:]
        for entry in found {
            kind[entry.kind, default: 0] += 1
            if let label = entry.level { level[label, default: 0] += 1 }
        }
        func within(_ unit: String, _ id: String?) -> Bool {
            var at = id
            while let current = at {
                if current == unit { return true }
                at = register.units[current]?.parentID
            }
            return false
        }
        return (level, kind, { unit in found.filter { $0.unitIDs.contains { within(unit, $0) } }.count })
    }

    @Test("filters narrow the results, with the counts the index gives, and the URL keeps them", .enabled(if: browser))
    func filters() throws {
        let query = "公文"
        let expected = Self.expectedCounts(query)
        let dom = try Self.drive("?q=" + Self.query(query))
        for (label, count) in expected.level { #expect(Self.filterCount(dom, "level", label) == count, "\(label)") }
        for (kind, count) in expected.kind { #expect(Self.filterCount(dom, "kind", kind) == count, "\(kind)") }
        // A unit counts its sub-units' results: the finance bureau (czj) and its office (czj-bgs).
        #expect(Self.filterCount(dom, "unit", "czj") == expected.unit("czj"))
        #expect(Self.filterCount(dom, "unit", "czj-bgs") == expected.unit("czj-bgs"))
        #expect(expected.unit("czj") > expected.unit("czj-bgs"))

        // Clicking 较大: only 较大 risk points, as many as its count said; the URL says so.
        let clicked = try Self.drive(
            "?q=" + Self.query(query),
            [
                "document.querySelector('a[data-filter=\"level\"][data-value=\"较大\"]').click();",
            ])
        let levelled = Self.results(clicked)
        #expect(Self.total(clicked) == expected.level["较大"])
        #expect(!levelled.isEmpty && levelled.allSatisfy { $0.meta.contains("<span class=\"search-level\">较大</span>") })
        #expect(Self.attribute("data-test-url", clicked) == "?q=\(query)&amp;level=较大")

        // The shared link restores the state: the filters selected, the same results.
        let shared = try Self.drive("?q=" + Self.query(query) + "&level=" + Self.query("较大") + "&unit=czj")
        #expect(shared.contains("data-value=\"较大\" aria-current=\"true\"") || shared.contains("aria-current=\"true\" data-filter=\"level\" data-value=\"较大\""))
        let both = Self.results(shared)
        #expect(!both.isEmpty && both.count <= levelled.count)
        #expect(both.allSatisfy { $0.meta.contains("较大") })
        let index = SearchIndex(register: Self.register)
        let inCzj = SearchIndex.Searcher(index).search(query).map { index.entries[$0] }.filter {
            $0.level == "较大" && $0.unitIDs.contains { ($0 == "czj" || Self.register.units[$0]?.parentID == "czj") }
        }
        #expect(Self.total(shared) == inCzj.count)
        #expect(shared.contains("<option value=\"czj\" data-count=\"\(inCzj.count)\" selected=\"\">"))
    }

    @Test("“more” shows the next 20, loading only their entries", .enabled(if: browser))
    func more() throws {
        for site in [Self.drivenSite, Self.largerSite] {
            let dom = try Self.drive(
                "?q=" + Self.query("的"), ["document.getElementById('search-more').click();"], site: site)
            let found = Self.results(dom)
            #expect(found.count == 40)
            #expect(Set(found.map(\.path)).count == 40, "no result twice")
            let manifest = try Self.manifest(site)
            let second = Self.attribute("data-search-files", dom).split(separator: " ").map(String.init)
            #expect(second.allSatisfy { $0.hasPrefix("d-") }, "“more” loads no postings again: \(second)")
            let firstBlocks = Set(found.prefix(20).map { "d-\(Self.block(of: $0.entry, manifest))" })
            let nextBlocks = Set(found.dropFirst(20).map { "d-\(Self.block(of: $0.entry, manifest))" })
            #expect(Set(second) == nextBlocks.subtracting(firstBlocks))
            if site == Self.largerSite { #expect(!second.isEmpty, "the next page's entries are in blocks not loaded yet") }
        }
    }

    @Test("a one-page query loads the manifest, its grams' posting shards and the blocks of the page shown, nothing else", .enabled(if: browser))
    func filesPerQuery() throws {
        // The example (one block of entries) and a larger site (blocks of 8).
        for site in [Self.drivenSite, Self.largerSite] {
            let manifest = try Self.manifest(site)
            let shards = try #require(manifest["postingShards"] as? Int)
            var blocksLoaded: [Int] = []
            for query in ["公文", "印", "保密", "1-2个工作日", "收文登记"] {
                let dom = try Self.drive("?q=" + Self.query(query), site: site)
                let found = Self.results(dom)
                #expect(!found.isEmpty && found.allSatisfy { !$0.scattered }, "“\(query)”")
                let q = SearchIndex.normalise(query).map(String.init)
                let grams = q.count == 1 ? q : (0..<(q.count - 1)).map { q[$0] + q[$0 + 1] }
                let expected = Set(grams.map { "p-\(SearchIndex.shard(of: $0, count: shards))" })
                    .union(found.map { "d-\(Self.block(of: $0.entry, manifest))" })
                let loaded = Self.attribute("data-search-files", dom).split(separator: " ").map(String.init)
                #expect(loaded.count == Set(loaded).count, "each file once")
                #expect(Set(loaded) == expected, "“\(query)”")
                #expect(loaded.count <= grams.count + 20)
                blocksLoaded.append(loaded.filter { $0.hasPrefix("d-") }.count)
            }
            #expect(blocksLoaded.max()! > 1 || site == Self.drivenSite, "the larger site's pages need several blocks")
        }
    }

    @Test("over HTTP, from a plain web server under a sub-path, the same results", .enabled(if: commandPath("chromium") != nil && commandPath("python3") != nil))
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
            // The output's parent folder: the site is at /<folder name>/, a sub-path.
            String(port), ExampleSite.built.output.deletingLastPathComponent().path,
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
            if (try? Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/\(ExampleSite.built.output.lastPathComponent)/search/manifest.js")!)) != nil { ready = true } else { usleep(100_000) }
        }
        #expect(ready)
        let site = "http://127.0.0.1:\(port)/\(ExampleSite.built.output.lastPathComponent)/"
        let dom = try Self.searchInBrowser(site + "search/index.html?q=" + Self.query("保密"))
        let fromFile = try Self.searchInBrowser(
            ExampleSite.built.output.appending(path: "search/index.html").absoluteString + "?q=" + Self.query("保密"))
        #expect(!Self.results(dom).isEmpty)
        #expect(Self.results(dom).map(\.path) == Self.results(fromFile).map(\.path))
    }
}
