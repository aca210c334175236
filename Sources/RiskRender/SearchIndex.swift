import Foundation
import RiskModel

/// The full-text search index, built at build time and read by `assets/search.js` in the browser.
///
/// Chinese has no spaces, so the index holds every character and every pair of neighbouring
/// characters (bigram) of each entry's normalised text (NFKC, lower case, whitespace removed) with the
/// entries that contain it. A query's bigrams (or its one character) select candidates; each is then
/// confirmed against its stored text, so a result always contains the query exactly.
///
/// The index is written as classic scripts (`search/p-<k>.js` postings, `search/d-<k>.js` entries,
/// `search/manifest.js`), which a page loads with `<script>` elements: that works from `file://`, where
/// `fetch` does not. Past about a megabyte the postings are split into shards by the first character
/// of each gram, and the entries into shards by number, so a query loads only what it needs.
struct SearchIndex {
    struct Entry: Sendable, Equatable {
        /// What it is: 风险点, 岗位, 权力, 流程图, 文件, 单位.
        var kind: String
        var title: String
        /// Path from the site root.
        var path: String
        var text: String
    }

    static let shardTarget = 1_000_000

    var entries: [Entry] = []

    /// What a flow's or a document's entry was made from: the entry is kept while it is the same.
    enum Source: Equatable, Sendable {
        case flow(Flow)
        case document(title: String, parts: [Document.Part])
    }

    /// `kept`: risk points' entries from the last build (under `serve`, which forgets the ones an
    /// edit changed); the risk points are most of the entries. `keptSources`: flows' and documents'
    /// entries, by path, with what each was made from.
    init(
        register: Register, kept: RenderCache<String, Entry>? = nil,
        keptSources: RenderCache<String, (source: Source, entry: Entry)>? = nil
    ) {
        func entry(_ kind: String, _ title: String, _ path: String, _ parts: [String?]) -> Entry {
            let text = parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
            return Entry(kind: kind, title: title, path: path, text: text)
        }
        func add(_ kind: String, _ title: String, _ path: String, _ parts: [String?]) {
            entries.append(entry(kind, title, path, parts))
        }
        entries.reserveCapacity(register.risks.count + register.posts.count + register.flows.count)
        for id in register.risks.keys {
            if let entry = kept?.existing(id) {
                entries.append(entry)
                continue
            }
            let make = {
                let risk = register.risks[id]!
                let level = register.level(of: risk)?.level.label ?? LevelRating.unratedLabel
                let units = risk.unitIDs.compactMap { register.units[$0]?.name }.joined(separator: "、")
                return entry(
                    "风险点", "\(risk.id) \(risk.text)", Paths.risk(risk.id),
                    [risk.manifestations.count > 1 ? risk.manifestations.joined(separator: "\n") : nil,
                     risk.measures.joined(separator: "\n"), risk.matter, units, level, risk.person])
            }
            entries.append(kept?.value(for: id, make: make) ?? make())
        }
        for post in register.posts.values {
            add("岗位", post.name, Paths.post(post.id), [post.summary, post.duties.joined(separator: "\n")])
        }
        for power in register.powers.values {
            add("权力", power.name, Paths.power(power.id), [power.scope.joined(separator: "\n"), power.basis])
        }
        func add(_ source: Source, path: String, make: () -> Entry) {
            guard let keptSources else { return entries.append(make()) }
            entries.append(keptSources.value(for: path, keptIf: { $0.source == source }) { (source, make()) }.entry)
        }
        for flow in register.flows.values {
            let path = flow.documentID.map { Paths.document($0) + "#flow-" + flow.id } ?? Paths.flow(flow.id)
            add(.flow(flow), path: path) {
                let steps = flow.steps.map { step in
                    [step.label, step.lane, step.note, step.timeLimit].compactMap { $0 }.joined(separator: " ")
                }
                return entry("流程图", flow.title, path, [flow.note, steps.joined(separator: "\n")])
            }
        }
        for document in register.documents.values {
            add(.document(title: document.title, parts: document.parts), path: Paths.document(document.id)) {
                let html = document.parts.compactMap { part -> String? in
                    if case .html(let html) = part { return html }
                    return nil
                }.joined(separator: "\n")
                return entry("文件", document.title, Paths.document(document.id), [Self.plainText(html)])
            }
        }
        for unit in register.units.values {
            add("单位", unit.name, Paths.unit(unit.id), [unit.description])
        }
    }

    /// NFKC, lower case, no whitespace but line breaks, as code points: what grams are made of, here and
    /// in search.js (which walks strings by code point too). A line break separates the items of a list
    /// (measures, steps): no gram and no match runs across one.
    ///
    /// Registers are Chinese text with ASCII and full-width punctuation; those are normalised here
    /// scalar by scalar. Text with any other character takes the general path through Foundation,
    /// which bridges the whole text to `NSString` and back (a sixth of the index's time when every
    /// text took it).
    static func normalise(_ text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count / 2)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: scalars.append(scalar)
            case 0x09...0x0D, 0x20, 0x3000: continue
            case 0x41...0x5A, 0xFF21...0xFF3A: scalars.append(Unicode.Scalar(asciiOf(scalar.value) + 0x20)!)
            case 0x21...0x7E, 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(asciiOf(scalar.value))!)
            case 0x4E00...0x9FFF, 0x3001...0x3003, 0x3008...0x3011, 0x3014...0x301F, 0x2010, 0x2013...0x2015, 0x2018, 0x2019,
                0x201C, 0x201D, 0x00B7, 0x2022, 0x25CB, 0x25CF, 0x2192:
                scalars.append(scalar)
            default: return generalNormalise(text)
            }
        }
        return scalars
    }

    /// A full-width form's ASCII (U+FF01–U+FF5E are U+0021–U+007E), or the ASCII itself.
    private static func asciiOf(_ value: UInt32) -> UInt32 { value >= 0xFF01 ? value - 0xFEE0 : value }

    /// The general path: NFKC, lower case, whitespace but line breaks dropped.
    static func generalNormalise(_ text: String) -> [Unicode.Scalar] {
        text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars.filter {
            $0 == "\n" || !$0.properties.isWhitespace
        }
    }

    /// A gram as a number: its first code point in the high bits, then the second plus one (0 for a
    /// one-character gram). Grams are counted, sorted and sharded as these numbers, not as strings.
    typealias GramKey = UInt64

    /// The entry's grams as keys, each once, in the order the text first shows them.
    ///
    /// Repeats are dropped through a small open-addressing set, sized anew for each entry: sorting
    /// the keys to drop them cost a fifth of the index. No key is 0 (a gram's first code point is
    /// not 0), so 0 marks an empty slot.
    static func gramKeys(_ text: String) -> [GramKey] {
        let scalars = normalise(text)
        var keys: [GramKey] = []
        keys.reserveCapacity(scalars.count * 2)
        var bits = 6
        while 1 << bits < scalars.count * 4 { bits += 1 }
        var slots = [GramKey](repeating: 0, count: 1 << bits)
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            func insert(_ key: GramKey) {
                // Fibonacci hashing: the top bits of the key times 2⁶⁴ / φ.
                var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
                while true {
                    let held = slots[slot]
                    if held == key { return }
                    if held == 0 {
                        slots[slot] = key
                        keys.append(key)
                        return
                    }
                    slot = (slot + 1) & mask
                }
            }
            for i in scalars.indices where scalars[i] != "\n" {
                let first = GramKey(scalars[i].value) << 22
                insert(first)
                if i + 1 < scalars.count, scalars[i + 1] != "\n" { insert(first | GramKey(scalars[i + 1].value + 1)) }
            }
        }
        return keys
    }

    static func gramString(_ key: GramKey) -> String {
        var text = String(Character(Unicode.Scalar(UInt32(key >> 22))!))
        let second = UInt32(key & 0x3F_FFFF)
        if second > 0 { text.unicodeScalars.append(Unicode.Scalar(second - 1)!) }
        return text
    }

    /// Tags removed, entities decoded: the words of a document.
    /// One pass: a tag (`<` … `>`, at least one character inside) becomes a space, the five entities
    /// the renderer writes are decoded, and each run of spaces and tabs becomes one space.
    static func plainText(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        let entities: [(name: [Unicode.Scalar], value: Unicode.Scalar)] = [
            (Array("lt;".unicodeScalars), "<"), (Array("gt;".unicodeScalars), ">"), (Array("quot;".unicodeScalars), "\""),
            (Array("#39;".unicodeScalars), "'"), (Array("amp;".unicodeScalars), "&"),
        ]
        var out = String.UnicodeScalarView()
        var lastWasBlank = false
        func emit(_ scalar: Unicode.Scalar) {
            let blank = scalar == " " || scalar == "\t"
            if blank && lastWasBlank { return }
            out.append(blank ? " " : scalar)
            lastWasBlank = blank
        }
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "<", i + 1 < scalars.count, scalars[i + 1] != ">",
                let close = scalars[(i + 1)...].firstIndex(of: ">")
            {
                emit(" ")
                i = close + 1
                continue
            }
            if scalar == "&", let entity = entities.first(where: { scalars[(i + 1)...].starts(with: $0.name) }) {
                emit(entity.value)
                i += 1 + entity.name.count
                continue
            }
            emit(scalar)
            i += 1
        }
        return String(out)
    }

    /// gram → entry numbers, in entry order.
    func postings() -> [String: [Int]] {
        Dictionary(uniqueKeysWithValues: postingLists().map { (Self.gramString($0.key), $0.entries.map(Int.init)) })
    }

    /// Every gram with the entries that hold it, grams in key order, entries in entry order.
    func postingLists() -> [(key: GramKey, entries: ArraySlice<Int32>)] {
        Self.postingLists(entryGrams())
    }

    /// Each entry's grams, found in parallel.
    func entryGrams() -> [[GramKey]] {
        parallelMap(entries) { Self.gramKeys($0.title + "\n" + $0.text) }
    }

    /// The postings of `perEntry` (each entry's grams), counted into one array sized in advance.
    /// Each gram is numbered the first time it is met, so every occurrence costs one dictionary
    /// lookup; counting, placing and filling then go by number, through arrays.
    static func postingLists(_ perEntry: [[GramKey]]) -> [(key: GramKey, entries: ArraySlice<Int32>)] {
        var numbers: [GramKey: Int32] = [:]
        var keys: [GramKey] = []
        var counts: [Int] = []
        // Every entry's gram numbers one after another (the entries' gram counts tell them apart).
        var numbered: [Int32] = []
        numbered.reserveCapacity(perEntry.reduce(0) { $0 + $1.count })
        for grams in perEntry {
            for key in grams {
                let number: Int32
                if let known = numbers[key] {
                    number = known
                } else {
                    number = Int32(keys.count)
                    numbers[key] = number
                    keys.append(key)
                    counts.append(0)
                }
                counts[Int(number)] += 1
                numbered.append(number)
            }
        }
        // The grams' numbers in key order, and where each gram's postings start.
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var start = [Int](repeating: 0, count: keys.count)
        var offset = 0
        for gram in order {
            start[gram] = offset
            offset += counts[gram]
        }
        var next = start
        var flat = [Int32](repeating: 0, count: offset)
        var cursor = 0
        for (entry, grams) in perEntry.enumerated() {
            for gram in numbered[cursor..<cursor + grams.count] {
                flat[next[Int(gram)]] = Int32(entry)
                next[Int(gram)] += 1
            }
            cursor += grams.count
        }
        return order.map { gram in (keys[gram], flat[start[gram]..<next[gram]]) }
    }

    /// Answers queries as search.js does, for tests: grams looked up, candidates confirmed.
    struct Searcher {
        let index: SearchIndex
        let table: [String: [Int]]
        let texts: [String]

        init(_ index: SearchIndex) {
            self.index = index
            table = index.postings()
            texts = index.entries.map { String(String.UnicodeScalarView(SearchIndex.normalise($0.title + "\n" + $0.text))) }
        }

        /// The entries that contain `query`, in entry order.
        func search(_ query: String) -> [Int] {
            let q = SearchIndex.normalise(query).filter { $0 != "\n" }
            guard !q.isEmpty else { return [] }
            let grams = q.count == 1 ? [String(q[0])] : (0..<(q.count - 1)).map { String(q[$0]) + String(q[$0 + 1]) }
            var candidates: Set<Int>?
            for gram in grams {
                let found = Set(table[gram] ?? [])
                candidates = candidates.map { $0.intersection(found) } ?? found
            }
            let needle = String(String.UnicodeScalarView(q))
            return (candidates ?? []).sorted().filter { texts[$0].contains(needle) }
        }
    }

    // MARK: - Files

    /// The index as script files, paths from the site root.
    /// `state`: what the last build of the index kept, for a rebuild into the same output. Then
    /// only the files an edit changed are returned (the shards that hold its grams or entries, the
    /// manifest), and the paths of shards there are no longer are left in `state.stale`; the output
    /// ends up the same, byte for byte, as a fresh build's.
    func files(state: State? = nil) -> [RenderedFile] {
        guard let state else { return Layout(self, postings: Self.postingLists(entryGrams())).files }
        state.lock.lock()
        defer { state.lock.unlock() }
        state.stale = []
        if var layout = state.previous, layout.entries.count == entries.count,
            zip(layout.entries, entries).allSatisfy({ $0.path == $1.path && $0.kind == $1.kind })
        {
            // Taken out of the state, so that the layout's postings and printed rows (some 100,000
            // values each at province scale) are changed in place, not copied whole first.
            state.previous = nil
            let before = layout.files.map(\.path)
            let written = layout.update(to: self)
            let paths = Set(layout.files.map(\.path))
            state.stale = before.filter { !paths.contains($0) }
            state.previous = layout
            return written
        }
        let grams = entryGrams()
        let layout = Layout(self, postings: Self.postingLists(grams), grams: grams)
        // Everything is written again: shards of the last build that this one does not have go.
        let paths = Set(layout.files.map(\.path))
        state.stale = (state.previous?.files.map(\.path) ?? []).filter { !paths.contains($0) }
        state.previous = layout
        return layout.files
    }

    /// What a build of the index keeps for the next one: see `files(state:)`.
    public final class State: @unchecked Sendable {
        fileprivate let lock = NSLock()
        fileprivate var previous: Layout?
        /// Files of the last build that the latest one no longer has.
        fileprivate(set) var stale: [String] = []
        public init() {}

        /// The paths the latest build left in `stale`, taken (the next call returns none).
        func takeStale() -> [String] {
            lock.lock()
            defer { lock.unlock() }
            let paths = stale
            stale = []
            return paths
        }
    }

    /// The index's files and what they are made of: each gram's postings, the posting shards (by the
    /// gram's first character, their count from the total size) and the entry shards (in order, of
    /// about the same size).
    fileprivate struct Layout {
        var entries: [Entry]
        /// Each entry's grams (kept only for rebuilds).
        var grams: [[GramKey]]
        var postings: [GramKey: [Int32]]
        var totalSize: Int
        var shardCount: Int
        /// The grams of each posting shard, in key order.
        var shardKeys: [[GramKey]]
        var postingFiles: [RenderedFile]
        /// Each gram's postings as its shard prints them (kept only for rebuilds: a shard is written
        /// again from these, with only the changed grams' printed again).
        var printedPostings: [GramKey: String]
        var entryShards: [[Int]]
        /// Each entry as its shard prints it (kept only for rebuilds: a changed entry is escaped
        /// again, the others are not).
        var entryRows: [String]
        var entryFiles: [RenderedFile]
        var manifest: RenderedFile

        var files: [RenderedFile] { postingFiles + entryFiles + [manifest] }

        init(_ index: SearchIndex, postings lists: [(key: GramKey, entries: ArraySlice<Int32>)], grams: [[GramKey]] = []) {
            entries = index.entries
            self.grams = grams
            postings = grams.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: lists.map { ($0.key, Array($0.entries)) })
            totalSize = lists.reduce(0) { $0 + Self.size(of: $1.key, count: $1.entries.count) }
            shardCount = Self.shardCount(totalSize)
            shardKeys = Array(repeating: [], count: shardCount)
            var shards = Array(repeating: [(key: GramKey, entries: ArraySlice<Int32>)](), count: shardCount)
            for list in lists {
                let k = Int((list.key >> 22) % GramKey(shardCount))
                shards[k].append(list)
                shardKeys[k].append(list.key)
            }
            if grams.isEmpty {
                printedPostings = [:]
                postingFiles = shards.enumerated().map { k, shard in Self.postingFile(k, shard) }
            } else {
                var printed: [GramKey: String] = [:]
                printed.reserveCapacity(lists.count)
                for list in lists { printed[list.key] = Self.printed(list.key, list.entries) }
                printedPostings = printed
                postingFiles = shardKeys.enumerated().map { [printed] k, keys in Self.postingFile(k, keys, printed) }
            }
            entryShards = Self.entryShards(entries)
            let rows = entries.map(Self.entryRow)
            entryRows = grams.isEmpty ? [] : rows
            entryFiles = entryShards.enumerated().map { k, numbers in Self.entryFile(k, numbers, rows) }
            manifest = Self.manifestFile(shardCount, entryShards, entries.count)
        }

        /// Brings the files up to date with `index`, whose entries are the same things in the same
        /// order (their texts may differ): postings change for the grams of the changed entries, and
        /// the shards that hold those grams or entries are written again.
        /// Returns the files written again.
        mutating func update(to index: SearchIndex) -> [RenderedFile] {
            let changed = entries.indices.filter { entries[$0] != index.entries[$0] }
            entries = index.entries
            guard !changed.isEmpty else { return [] }
            for number in changed { entryRows[number] = Self.entryRow(entries[number]) }
            var removed: [(GramKey, Int32)] = []
            var added: [(GramKey, Int32)] = []
            for number in changed {
                // Both in key order, to be compared in one pass.
                let new = SearchIndex.gramKeys(entries[number].title + "\n" + entries[number].text).sorted()
                let old = grams[number].sorted()
                var i = 0, j = 0
                while i < old.count || j < new.count {
                    if j == new.count || (i < old.count && old[i] < new[j]) {
                        removed.append((old[i], Int32(number)))
                        i += 1
                    } else if i == old.count || new[j] < old[i] {
                        added.append((new[j], Int32(number)))
                        j += 1
                    } else {
                        i += 1
                        j += 1
                    }
                }
                grams[number] = new
            }
            let touched = Set(removed.map(\.0) + added.map(\.0))
            for key in touched { totalSize -= Self.size(of: key, count: postings[key]?.count ?? 0) }
            for (key, number) in removed {
                guard var list = postings[key], let at = Self.position(of: number, in: list), list[at] == number else { continue }
                list.remove(at: at)
                postings[key] = list.isEmpty ? nil : list
            }
            for (key, number) in added {
                var list = postings[key] ?? []
                list.insert(number, at: Self.position(of: number, in: list) ?? list.count)
                postings[key] = list
            }
            for key in touched {
                totalSize += Self.size(of: key, count: postings[key]?.count ?? 0)
                printedPostings[key] = postings[key].map { Self.printed(key, $0) }
            }

            let count = Self.shardCount(totalSize)
            var rewrite: Set<Int>
            if count != shardCount {
                shardCount = count
                shardKeys = Array(repeating: [], count: count)
                for key in postings.keys.sorted() { shardKeys[Int((key >> 22) % GramKey(count))].append(key) }
                postingFiles = Array(repeating: RenderedFile(path: "", data: Data()), count: count)
                rewrite = Set(0..<count)
            } else {
                rewrite = []
                for key in touched {
                    let k = Int((key >> 22) % GramKey(count))
                    rewrite.insert(k)
                    let present = postings[key] != nil
                    let at = Self.position(of: key, in: shardKeys[k]) ?? shardKeys[k].count
                    let listed = at < shardKeys[k].count && shardKeys[k][at] == key
                    if present && !listed { shardKeys[k].insert(key, at: at) }
                    if !present && listed { shardKeys[k].remove(at: at) }
                }
            }
            var written: [RenderedFile] = []
            for k in rewrite.sorted() {
                postingFiles[k] = Self.postingFile(k, shardKeys[k], printedPostings)
                written.append(postingFiles[k])
            }

            let shards = Self.entryShards(entries)
            let changedSet = Set(changed)
            var files: [RenderedFile] = []
            for (k, numbers) in shards.enumerated() {
                if k < entryShards.count, entryShards[k] == numbers, !numbers.contains(where: changedSet.contains) {
                    files.append(entryFiles[k])
                } else {
                    files.append(Self.entryFile(k, numbers, entryRows))
                    written.append(files[k])
                }
            }
            entryShards = shards
            entryFiles = files
            let newManifest = Self.manifestFile(shardCount, entryShards, entries.count)
            if newManifest.data != manifest.data { written.append(newManifest) }
            manifest = newManifest
            return written
        }

        /// Where `value` is or would go in the sorted `list` (nil: at the end).
        static func position<T: Comparable>(of value: T, in list: [T]) -> Int? {
            var low = 0, high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low < list.count ? low : nil
        }

        /// A gram's share of the postings' size, which sets the number of shards.
        static func size(of key: GramKey, count: Int) -> Int {
            count == 0 ? 0 : SearchIndex.gramString(key).utf8.count + 8 + 6 * count
        }

        /// One shard while the postings are small.
        static func shardCount(_ totalSize: Int) -> Int {
            max(1, min(64, Int((Double(totalSize) / Double(SearchIndex.shardTarget)).rounded(.up))))
        }

        /// `"gram":[1,2,3]`, as a posting shard prints a gram.
        static func printed<C: Collection<Int32>>(_ key: GramKey, _ entries: C) -> String {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16 + 7 * entries.count)
            appendPrinted(key, entries, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }

        /// `"gram":[1,2,3]` appended as bytes: a province's shards hold some seven million entry
        /// numbers, each printed digit by digit without making a string of it.
        static func appendPrinted<C: Collection<Int32>>(_ key: GramKey, _ entries: C, to bytes: inout [UInt8]) {
            bytes += SearchIndex.json(SearchIndex.gramString(key)).utf8
            bytes += ":[".utf8
            for (j, number) in entries.enumerated() {
                if j > 0 { bytes.append(UInt8(ascii: ",")) }
                appendDecimal(number, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }

        /// `number` in decimal, as `String(number)` prints it.
        static func appendDecimal(_ number: Int32, to bytes: inout [UInt8]) {
            guard number > 0 else {
                bytes += String(number).utf8
                return
            }
            var divisor: Int32 = 1
            while divisor <= number / 10 { divisor *= 10 }
            var rest = number
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }

        /// A posting shard from its grams as printed, written part by part.
        static func postingFile(_ k: Int, _ keys: [GramKey], _ printed: [GramKey: String]) -> RenderedFile {
            let comma = ","
            var parts: [RenderedFile.Part] = [.data(Data("riskpressSearch.postings(\(k),{".utf8))]
            parts.reserveCapacity(keys.count * 2 + 2)
            for (i, key) in keys.enumerated() {
                if i > 0 { parts.append(.whole(comma)) }
                let text = printed[key]!
                parts.append(.whole(text))
            }
            parts.append(.data(Data("});\n".utf8)))
            return RenderedFile(path: "search/p-\(k).js", parts: parts)
        }

        /// A posting shard printed at once, straight into bytes.
        static func postingFile<C: Collection<Int32>>(_ k: Int, _ shard: [(key: GramKey, entries: C)]) -> RenderedFile {
            var body: [UInt8] = Array("riskpressSearch.postings(\(k),{".utf8)
            body.reserveCapacity(shard.reduce(64) { $0 + 16 + 7 * $1.entries.count })
            for (i, list) in shard.enumerated() {
                if i > 0 { body.append(UInt8(ascii: ",")) }
                appendPrinted(list.key, list.entries, to: &body)
            }
            body += "});\n".utf8
            return RenderedFile(path: "search/p-\(k).js", data: Data(body))
        }

        /// Entries in shards of about the same size, in order.
        static func entryShards(_ entries: [Entry]) -> [[Int]] {
            var shards: [[Int]] = [[]]
            var size = 0
            for (number, entry) in entries.enumerated() {
                let entrySize = entry.title.utf8.count + entry.text.utf8.count + entry.path.utf8.count + 20
                if size + entrySize > SearchIndex.shardTarget, !shards[shards.count - 1].isEmpty {
                    shards.append([])
                    size = 0
                }
                shards[shards.count - 1].append(number)
                size += entrySize
            }
            return shards
        }

        static func entryRow(_ e: Entry) -> String {
            "[\(SearchIndex.json(e.kind)),\(SearchIndex.json(e.title)),\(SearchIndex.json(e.path)),\(SearchIndex.json(e.text))]"
        }

        static func entryFile(_ k: Int, _ numbers: [Int], _ rows: [String]) -> RenderedFile {
            let body = "riskpressSearch.entries(\(k),\(numbers.first ?? 0),[\n" + numbers.map { rows[$0] }.joined(separator: ",\n") + "]);\n"
            return RenderedFile(path: "search/d-\(k).js", data: Data(body.utf8))
        }

        static func manifestFile(_ shardCount: Int, _ entryShards: [[Int]], _ entryCount: Int) -> RenderedFile {
            let firsts = entryShards.map { String($0.first ?? 0) }.joined(separator: ",")
            let manifest = "riskpressSearch.manifest({postingShards:\(shardCount),entryShards:[\(firsts)],entries:\(entryCount)});\n"
            return RenderedFile(path: "search/manifest.js", data: Data(manifest.utf8))
        }
    }

    /// The shard of a gram: its first character's code point, modulo the count (search.js does the same).
    static func shard(of gram: String, count: Int) -> Int {
        Int(gram.unicodeScalars.first?.value ?? 0) % count
    }

    /// A JSON string literal, written byte by byte (every character it escapes is ASCII but
    /// U+2028 and U+2029, whose UTF-8 is E2 80 A8 and E2 80 A9).
    static func json(_ text: String) -> String {
        var text = text
        return text.withUTF8 { input in
            var out: [UInt8] = [0x22]
            out.reserveCapacity(input.count + 16)
            let hex = Array("0123456789abcdef".utf8)
            var i = 0
            while i < input.count {
                let byte = input[i]
                switch byte {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                case 0x3C: out += Array("\\u003c".utf8)  // never "</script>" inside a script
                case 0x00..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                case 0xE2 where i + 2 < input.count && input[i + 1] == 0x80 && (input[i + 2] == 0xA8 || input[i + 2] == 0xA9):
                    out += Array(input[i + 2] == 0xA8 ? "\\u2028".utf8 : "\\u2029".utf8)
                    i += 2
                default: out.append(byte)
                }
                i += 1
            }
            out.append(0x22)
            return String(decoding: out, as: UTF8.self)
        }
    }
}
