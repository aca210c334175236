import Foundation
import RiskModel

/// The full-text search index, built at build time and read by `assets/search.js` in the browser.
///
/// Chinese has no spaces, so the index holds every character and every pair of neighbouring
/// characters (bigram) of each entry's normalised text (NFKC, lower case, whitespace removed) with the
/// entries that contain it. A query's bigrams (or its one character) select candidates.
///
/// A query loads only what its first page shows (see ARCHITECTURE.md, *Search*):
/// - `search/manifest.js`: counts, the filters' values (kinds, levels, units with their parents,
///   domains) and the entries' groups: entries are numbered by kind, then unit and domain, so a
///   number tells its kind, units and domain through a short table of runs;
/// - `search/p-<k>.js`: posting shards, a gram's shard by a hash of the gram, their count a power of
///   two from the total size. A gram's postings are one string: per entry the gap from the last
///   entry (base 36, left out when 0) and one letter telling whether the gram is in the title and
///   the entry's level, so candidates are ranked and filtered before any entry is loaded;
/// - `search/d-<first>.js`: entries in blocks of 8 numbers (fewer when a block passes 16 KB), so
///   a page of 20 results loads at most 20 small files and neighbouring results share one.
///
/// All are classic scripts loaded with `<script>` elements: that works from `file://`, where `fetch`
/// does not.
struct SearchIndex {
    struct Entry: Sendable, Equatable {
        /// What it is: 风险点, 岗位, 权力, 流程图, 文件, 单位.
        var kind: String
        var title: String
        /// Path from the site root.
        var path: String
        var text: String
        /// The level's label (risk points only: 未定级 for a blank level).
        var level: String? = nil
        /// The units it belongs to: a risk point's, a post's, a power's, a flow's, a unit itself.
        var unitIDs: [String] = []
        var domainID: String? = nil
    }

    /// What the filters offer besides the kinds: units (with their parents, so a unit's filter takes
    /// in its sub-units), domains, and the level labels, highest first.
    struct Facets: Sendable, Equatable {
        struct Unit: Sendable, Equatable {
            var id: String
            var name: String
            var parentID: String?
        }
        var units: [Unit] = []
        var domains: [(id: String, name: String)] = []
        /// Labels highest first, each with its rank in its scheme (0 for the highest); 未定级 last.
        var levels: [(label: String, rank: Int)] = []

        static func == (a: Facets, b: Facets) -> Bool {
            a.units == b.units && a.domains.elementsEqual(b.domains, by: { $0 == $1 })
                && a.levels.elementsEqual(b.levels, by: { $0 == $1 })
        }

        /// The level's number in `levels`, as a posting's letter carries it: 0–11, and 12 for none.
        func levelNumber(_ label: String?) -> Int {
            guard let label, let at = levels.firstIndex(where: { $0.label == label }) else { return Self.noLevel }
            return min(at, Self.noLevel - 1)
        }

        static let noLevel = 12
    }

    /// Kinds of page, in the order entries are numbered.
    static let kinds = ["风险点", "岗位", "权力", "流程图", "文件", "单位"]

    /// A posting shard's size aimed at: the count of shards is the smallest power of two that keeps
    /// their mean size at most this.
    static let shardTarget = 16_384
    /// Entries per block (`d-<first>.js`), and the size past which a block ends sooner.
    static let blockEntries = 8
    static let blockTarget = 16_384
    /// Entries whose rows come to at most this are one block: a small site's page then loads one
    /// file of entries instead of twenty small ones (loading a file costs more than its bytes).
    static let oneBlockLimit = 400_000

    var entries: [Entry] = []
    var facets = Facets()

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
        func entry(
            _ kind: String, _ title: String, _ path: String, _ parts: [String?], level: String? = nil,
            units: [String] = [], domain: String? = nil
        ) -> Entry {
            let text = parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
            return Entry(kind: kind, title: title, path: path, text: text, level: level, unitIDs: units, domainID: domain)
        }
        func add(_ kind: String, _ title: String, _ path: String, _ parts: [String?], units: [String] = []) {
            entries.append(entry(kind, title, path, parts, units: units))
        }
        facets = Self.facets(of: register)
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
                     risk.measures.joined(separator: "\n"), risk.matter, units, level, risk.person],
                    level: level, units: risk.unitIDs, domain: risk.domainID)
            }
            entries.append(kept?.value(for: id, make: make) ?? make())
        }
        for post in register.posts.values {
            add("岗位", post.name, Paths.post(post.id), [post.summary, post.duties.joined(separator: "\n")], units: post.unitID.map { [$0] } ?? [])
        }
        for power in register.powers.values {
            add("权力", power.name, Paths.power(power.id), [power.scope.joined(separator: "\n"), power.basis], units: power.unitID.map { [$0] } ?? [])
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
                return entry("流程图", flow.title, path, [flow.note, steps.joined(separator: "\n")], units: flow.unitIDs)
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
            add("单位", unit.name, Paths.unit(unit.id), [unit.description], units: [unit.id])
        }
    }

    /// The filters' values from the register: every unit and domain, the level labels of every scheme
    /// by rank (a label in several schemes once, at its best rank), then 未定级.
    static func facets(of register: Register) -> Facets {
        var facets = Facets()
        facets.units = register.units.values.map { Facets.Unit(id: $0.id, name: $0.name, parentID: $0.parentID) }
        facets.domains = register.domains.values.map { ($0.id, $0.name) }
        var ranked: [(label: String, rank: Int, order: Int)] = []
        for scheme in register.site.levelSchemes {
            for (rank, level) in scheme.levels.enumerated() {
                if let at = ranked.firstIndex(where: { $0.label == level.label }) {
                    ranked[at].rank = min(ranked[at].rank, rank)
                } else {
                    ranked.append((level.label, rank, ranked.count))
                }
            }
        }
        ranked.sort { ($0.rank, $0.order) < ($1.rank, $1.order) }
        facets.levels = ranked.map { ($0.label, $0.rank) } + [(LevelRating.unratedLabel, 99)]
        return facets
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

    // MARK: - Postings

    /// An entry's grams, each once, in key order, with the letter each posting of it carries.
    struct EntryGrams: Sendable, Equatable {
        var keys: [GramKey] = []
        /// 0–12: in the title, and the entry's level (`Facets.levelNumber`); 13–25: in the text only.
        var codes: [UInt8] = []
    }

    /// The grams of an entry with `level` (a `Facets.levelNumber`): those of the title, then the
    /// text's that the title does not have, sorted by key.
    static func entryGrams(_ entry: Entry, level: Int) -> EntryGrams {
        let title = gramKeys(entry.title)
        let inTitle = Set(title)
        var pairs = title.map { ($0, UInt8(level)) }
        for key in gramKeys(entry.text) where !inTitle.contains(key) { pairs.append((key, UInt8(13 + level))) }
        pairs.sort { $0.0 < $1.0 }
        return EntryGrams(keys: pairs.map(\.0), codes: pairs.map(\.1))
    }

    /// The entries in the order they are numbered: by kind (`kinds`), then by their units and domain
    /// (groups in the order Content first shows them), then in Content order. Indices into `entries`.
    func numbered() -> [Int] {
        var groups: [String: Int] = [:]
        var keys: [(kind: Int, group: Int)] = []
        keys.reserveCapacity(entries.count)
        for entry in entries {
            let kind = Self.kinds.firstIndex(of: entry.kind) ?? Self.kinds.count
            let name = entry.kind + "\u{1}" + entry.unitIDs.joined(separator: "\u{2}") + "\u{1}" + (entry.domainID ?? "")
            let group = groups[name] ?? groups.count
            groups[name] = group
            keys.append((kind, group))
        }
        return entries.indices.sorted { (keys[$0].kind, keys[$0].group, $0) < (keys[$1].kind, keys[$1].group, $1) }
    }

    /// gram → entry numbers (in `entries`' own order), for tests.
    func postings() -> [String: [Int]] {
        var table: [String: [Int]] = [:]
        for (number, entry) in entries.enumerated() {
            for key in Self.entryGrams(entry, level: 0).keys { table[Self.gramString(key), default: []].append(number) }
        }
        return table
    }

    /// A posting as a number: the entry's number times 32 plus its letter (0–25).
    typealias Posting = UInt32

    /// The postings of `perEntry` (each numbered entry's grams), counted into one array sized in
    /// advance. Each gram is numbered the first time it is met, so every occurrence costs one
    /// dictionary lookup; counting, placing and filling then go by number, through arrays.
    static func postingLists(_ perEntry: [EntryGrams]) -> [(key: GramKey, postings: ArraySlice<Posting>)] {
        var numbers: [GramKey: Int32] = [:]
        var keys: [GramKey] = []
        var counts: [Int] = []
        var numbered: [Int32] = []
        numbered.reserveCapacity(perEntry.reduce(0) { $0 + $1.keys.count })
        for grams in perEntry {
            for key in grams.keys {
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
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var start = [Int](repeating: 0, count: keys.count)
        var offset = 0
        for gram in order {
            start[gram] = offset
            offset += counts[gram]
        }
        var next = start
        var flat = [Posting](repeating: 0, count: offset)
        var cursor = 0
        for (entry, grams) in perEntry.enumerated() {
            for (i, gram) in numbered[cursor..<cursor + grams.keys.count].enumerated() {
                flat[next[Int(gram)]] = Posting(entry) << 5 | Posting(grams.codes[i])
                next[Int(gram)] += 1
            }
            cursor += grams.keys.count
        }
        return order.map { gram in (keys[gram], flat[start[gram]..<next[gram]]) }
    }

    /// The shard of a gram: FNV-1a (32 bits) over its code points, modulo the count, a power of two
    /// (search.js does the same).
    static func shard(of key: GramKey, count: Int) -> Int {
        var hash: UInt32 = 2_166_136_261
        hash = (hash ^ UInt32(key >> 22)) &* 16_777_619
        let second = UInt32(key & 0x3F_FFFF)
        if second > 0 { hash = (hash ^ (second - 1)) &* 16_777_619 }
        return Int(hash & UInt32(count - 1))
    }

    static func shard(of gram: String, count: Int) -> Int {
        let scalars = Array(gram.unicodeScalars)
        var key = GramKey(scalars[0].value) << 22
        if scalars.count > 1 { key |= GramKey(scalars[1].value + 1) }
        return shard(of: key, count: count)
    }

    // MARK: - Files

    /// The index as script files, paths from the site root.
    /// `state`: what the last build of the index kept, for a rebuild into the same output. Then
    /// only the files an edit changed are returned (the shards that hold its grams or entries, the
    /// manifest), and the paths of shards there are no longer are left in `state.stale`; the output
    /// ends up the same, byte for byte, as a fresh build's.
    func files(state: State? = nil) -> [RenderedFile] {
        guard let state else { return Layout(self, keeping: false).files }
        state.lock.lock()
        defer { state.lock.unlock() }
        state.stale = []
        let order = numbered()
        if var layout = state.previous, layout.facets == facets, layout.entries.count == entries.count,
            zip(layout.entries, order).allSatisfy({ old, at in
                let new = entries[at]
                return old.path == new.path && old.kind == new.kind && old.unitIDs == new.unitIDs && old.domainID == new.domainID
            })
        {
            // Taken out of the state, so that the layout's postings and printed rows (some 100,000
            // values each at province scale) are changed in place, not copied whole first.
            state.previous = nil
            let before = layout.files.map(\.path)
            let written = layout.update(to: order.map { entries[$0] })
            let paths = Set(layout.files.map(\.path))
            state.stale = before.filter { !paths.contains($0) }
            state.previous = layout
            return written
        }
        let layout = Layout(self, keeping: true)
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

    /// The index's files and what they are made of.
    fileprivate struct Layout {
        /// The entries in number order.
        var entries: [Entry]
        var facets: Facets
        /// Each entry's grams (kept only for rebuilds).
        var grams: [EntryGrams]
        /// Each gram's postings (kept only for rebuilds).
        var postings: [GramKey: [Posting]]
        /// Each gram's postings as its shard prints them (kept only for rebuilds).
        var printed: [GramKey: [UInt8]]
        var totalSize: Int
        var shardCount: Int
        /// The grams of each posting shard, in key order.
        var shardKeys: [[GramKey]]
        var postingFiles: [RenderedFile]
        /// Each entry as its block prints it.
        var entryRows: [String]
        /// The first entry of each block.
        var blockStarts: [Int]
        var entryFiles: [RenderedFile]
        var manifest: RenderedFile

        var files: [RenderedFile] { postingFiles + entryFiles + [manifest] }

        init(_ index: SearchIndex, keeping: Bool) {
            entries = index.numbered().map { index.entries[$0] }
            facets = index.facets
            let facets = self.facets
            let perEntry = parallelMap(entries) { SearchIndex.entryGrams($0, level: facets.levelNumber($0.level)) }
            let lists = SearchIndex.postingLists(perEntry)
            var printedLists: [[UInt8]] = []
            printedLists.reserveCapacity(lists.count)
            for list in lists { printedLists.append(Self.printed(list.key, list.postings)) }
            totalSize = printedLists.reduce(0) { $0 + $1.count + 1 }
            shardCount = Self.shardCount(totalSize)
            shardKeys = Array(repeating: [], count: shardCount)
            var shardLists = Array(repeating: [Int](), count: shardCount)
            for (i, list) in lists.enumerated() {
                let k = SearchIndex.shard(of: list.key, count: shardCount)
                shardKeys[k].append(list.key)
                shardLists[k].append(i)
            }
            postingFiles = shardLists.enumerated().map { k, members in
                Self.postingFile(k, members.map { printedLists[$0] })
            }
            if keeping {
                grams = perEntry
                var postings: [GramKey: [Posting]] = [:]
                var printed: [GramKey: [UInt8]] = [:]
                postings.reserveCapacity(lists.count)
                printed.reserveCapacity(lists.count)
                for (i, list) in lists.enumerated() {
                    postings[list.key] = Array(list.postings)
                    printed[list.key] = printedLists[i]
                }
                self.postings = postings
                self.printed = printed
            } else {
                grams = []
                postings = [:]
                printed = [:]
            }
            let rows = entries.map(Self.entryRow)
            entryRows = rows
            blockStarts = Self.blockStarts(rows)
            entryFiles = Self.blocks(blockStarts, rows.count).map { Self.entryFile($0, rows) }
            manifest = Self.manifestFile(entries, facets, shardCount, blockStarts)
        }

        /// Brings the files up to date with `new` (the entries in number order, the same things in
        /// the same groups; their texts and levels may differ): postings change for the grams of
        /// the changed entries, and the shards that hold those grams or entries are written again.
        /// Returns the files written again.
        mutating func update(to new: [Entry]) -> [RenderedFile] {
            let changed = entries.indices.filter { entries[$0] != new[$0] }
            entries = new
            guard !changed.isEmpty else { return [] }
            var touched: Set<GramKey> = []
            for number in changed {
                entryRows[number] = Self.entryRow(entries[number])
                let fresh = SearchIndex.entryGrams(entries[number], level: facets.levelNumber(entries[number].level))
                let old = grams[number]
                grams[number] = fresh
                let n = Posting(number)
                var i = 0, j = 0
                // Both in key order, compared in one pass: a gram gone, new, or with another letter.
                while i < old.keys.count || j < fresh.keys.count {
                    if j == fresh.keys.count || (i < old.keys.count && old.keys[i] < fresh.keys[j]) {
                        remove(n, from: old.keys[i])
                        touched.insert(old.keys[i])
                        i += 1
                    } else if i == old.keys.count || fresh.keys[j] < old.keys[i] {
                        insert(n << 5 | Posting(fresh.codes[j]), into: fresh.keys[j])
                        touched.insert(fresh.keys[j])
                        j += 1
                    } else {
                        if old.codes[i] != fresh.codes[j] {
                            remove(n, from: old.keys[i])
                            insert(n << 5 | Posting(fresh.codes[j]), into: fresh.keys[j])
                            touched.insert(fresh.keys[j])
                        }
                        i += 1
                        j += 1
                    }
                }
            }
            for key in touched {
                totalSize -= printed[key].map { $0.count + 1 } ?? 0
                printed[key] = postings[key].map { Self.printed(key, $0) }
                totalSize += printed[key].map { $0.count + 1 } ?? 0
            }

            var written: [RenderedFile] = []
            let count = Self.shardCount(totalSize)
            var rewrite: Set<Int> = []
            if count != shardCount {
                shardCount = count
                shardKeys = Array(repeating: [], count: count)
                for key in postings.keys.sorted() { shardKeys[SearchIndex.shard(of: key, count: count)].append(key) }
                postingFiles = Array(repeating: RenderedFile(path: "", data: Data()), count: count)
                rewrite = Set(0..<count)
            } else {
                for key in touched {
                    let k = SearchIndex.shard(of: key, count: count)
                    rewrite.insert(k)
                    let present = postings[key] != nil
                    let at = position(of: key, in: shardKeys[k])
                    let listed = at < shardKeys[k].count && shardKeys[k][at] == key
                    if present && !listed { shardKeys[k].insert(key, at: at) }
                    if !present && listed { shardKeys[k].remove(at: at) }
                }
            }
            for k in rewrite.sorted() {
                postingFiles[k] = Self.postingFile(k, shardKeys[k].map { printed[$0]! })
                written.append(postingFiles[k])
            }

            let starts = Self.blockStarts(entryRows)
            let changedSet = Set(changed)
            let oldBlocks = Dictionary(uniqueKeysWithValues: zip(Self.blocks(blockStarts, entries.count), entryFiles).map { ($0.0, $0.1) })
            var files: [RenderedFile] = []
            for block in Self.blocks(starts, entries.count) {
                if let kept = oldBlocks[block], !block.contains(where: changedSet.contains) {
                    files.append(kept)
                } else {
                    files.append(Self.entryFile(block, entryRows))
                    written.append(files[files.count - 1])
                }
            }
            blockStarts = starts
            entryFiles = files
            let newManifest = Self.manifestFile(entries, facets, shardCount, blockStarts)
            if newManifest.data != manifest.data { written.append(newManifest) }
            manifest = newManifest
            return written
        }

        /// Where the posting of entry `number` is or would go in `key`'s list.
        private mutating func remove(_ number: Posting, from key: GramKey) {
            guard var list = postings[key] else { return }
            let at = position(of: number << 5, in: list)
            guard at < list.count, list[at] >> 5 == number else { return }
            list.remove(at: at)
            postings[key] = list.isEmpty ? nil : list
        }

        private mutating func insert(_ posting: Posting, into key: GramKey) {
            var list = postings[key] ?? []
            list.insert(posting, at: position(of: posting, in: list))
            postings[key] = list
        }

        /// Where `value` is or would go in the sorted `list`.
        private func position<T: Comparable>(of value: T, in list: [T]) -> Int {
            var low = 0, high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// The smallest power of two that keeps the shards' mean size at most `shardTarget`.
        static func shardCount(_ totalSize: Int) -> Int {
            var count = 1
            while count < 4096 && totalSize > count * SearchIndex.shardTarget { count *= 2 }
            return count
        }

        /// `"gram":"…"`, as a posting shard prints a gram: per entry, the gap from the entry before
        /// (its number minus the last one's minus one; none before the first is -1) in base 36,
        /// left out when 0, then its letter A–Z.
        static func printed<C: Collection<Posting>>(_ key: GramKey, _ postings: C) -> [UInt8] {
            var bytes: [UInt8] = Array(SearchIndex.json(SearchIndex.gramString(key)).utf8)
            bytes.reserveCapacity(bytes.count + 4 + 2 * postings.count)
            bytes += ":\"".utf8
            let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
            var last: Int64 = -1
            var buffer = [UInt8](repeating: 0, count: 16)
            for posting in postings {
                let number = Int64(posting >> 5)
                var gap = number - last - 1
                last = number
                if gap > 0 {
                    var n = 0
                    while gap > 0 {
                        buffer[n] = digits[Int(gap % 36)]
                        gap /= 36
                        n += 1
                    }
                    while n > 0 {
                        n -= 1
                        bytes.append(buffer[n])
                    }
                }
                bytes.append(UInt8(ascii: "A") + UInt8(posting & 31))
            }
            bytes.append(UInt8(ascii: "\""))
            return bytes
        }

        static func postingFile(_ k: Int, _ printed: [[UInt8]]) -> RenderedFile {
            var body: [UInt8] = Array("riskpressSearch.postings(\(k),{".utf8)
            body.reserveCapacity(printed.reduce(64) { $0 + $1.count + 1 })
            for (i, gram) in printed.enumerated() {
                if i > 0 { body.append(UInt8(ascii: ",")) }
                body += gram
            }
            body += "});\n".utf8
            return RenderedFile(path: "search/p-\(k).js", data: Data(body))
        }

        /// Entries per block: `blockEntries`, or all of them when their rows are small.
        static func blockSize(_ rows: [String]) -> Int {
            rows.reduce(0) { $0 + $1.utf8.count + 2 } <= SearchIndex.oneBlockLimit ? 1 << 30 : SearchIndex.blockEntries
        }

        /// Where blocks start: at every multiple of the block size, and (past one block) after an entry
        /// that takes its block past `blockTarget` (so an edit moves no block but its own).
        static func blockStarts(_ rows: [String]) -> [Int] {
            let blockSize = Self.blockSize(rows)
            guard blockSize == SearchIndex.blockEntries else { return rows.isEmpty ? [] : [0] }
            var starts: [Int] = []
            var size = 0
            for (number, row) in rows.enumerated() {
                if number % SearchIndex.blockEntries == 0 || size > SearchIndex.blockTarget {
                    starts.append(number)
                    size = 0
                }
                size += row.utf8.count + 2
            }
            return starts
        }

        static func blocks(_ starts: [Int], _ count: Int) -> [Range<Int>] {
            starts.indices.map { i in starts[i]..<(i + 1 < starts.count ? starts[i + 1] : count) }
        }

        /// `[title,path,text]`: what a result shows and is confirmed on.
        static func entryRow(_ e: Entry) -> String {
            "[\(SearchIndex.json(e.title)),\(SearchIndex.json(e.path)),\(SearchIndex.json(e.text))]"
        }

        static func entryFile(_ block: Range<Int>, _ rows: [String]) -> RenderedFile {
            let body = "riskpressSearch.entries(\(block.lowerBound),[\n" + rows[block].joined(separator: ",\n") + "]);\n"
            return RenderedFile(path: "search/d-\(block.lowerBound).js", data: Data(body.utf8))
        }

        /// Counts, block starts off the multiples of `blockEntries`, the filters' values and the
        /// groups: `[first number, kind, [units], domain]` for each run of entries with the same
        /// kind, units and domain (-1: none), units and domains by their place in their lists.
        static func manifestFile(_ entries: [Entry], _ facets: Facets, _ shardCount: Int, _ blockStarts: [Int]) -> RenderedFile {
            let json = SearchIndex.json
            let unitNumbers = Dictionary(facets.units.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            let domainNumbers = Dictionary(facets.domains.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            var groups: [String] = []
            var last: (String, [String], String?)?
            for (number, entry) in entries.enumerated() {
                let key = (entry.kind, entry.unitIDs, entry.domainID)
                if let last, last == key { continue }
                last = key
                let kind = SearchIndex.kinds.firstIndex(of: entry.kind) ?? 0
                let units = entry.unitIDs.compactMap { unitNumbers[$0] }.map(String.init).joined(separator: ",")
                let domain = entry.domainID.flatMap { domainNumbers[$0] } ?? -1
                groups.append("[\(number),\(kind),[\(units)],\(domain)]")
            }
            let blockSize = blockStarts.count > 1 ? SearchIndex.blockEntries : 1 << 30
            let splits = blockStarts.filter { $0 % blockSize != 0 }.map(String.init).joined(separator: ",")
            let kinds = SearchIndex.kinds.map(json).joined(separator: ",")
            let levels = facets.levels.map { "[\(json($0.label)),\($0.rank)]" }.joined(separator: ",")
            let units = facets.units.map { unit in
                "[\(json(unit.id)),\(json(unit.name)),\(unit.parentID.flatMap { unitNumbers[$0] } ?? -1)]"
            }.joined(separator: ",")
            let domains = facets.domains.map { "[\(json($0.id)),\(json($0.name))]" }.joined(separator: ",")
            let text = """
                riskpressSearch.manifest({"postingShards":\(shardCount),"entries":\(entries.count),\
                "block":\(blockSize),"splits":[\(splits)],\
                "kinds":[\(kinds)],"levels":[\(levels)],"units":[\(units)],"domains":[\(domains)],
                "groups":[\(groups.joined(separator: ",\n"))]});

                """
            return RenderedFile(path: "search/manifest.js", data: Data(text.utf8))
        }
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
