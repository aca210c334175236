import Foundation
import RiskModel

/// Loads a Content folder into a `Register`, collecting every problem on the way.
///
/// Files are read and parsed in parallel (each into a draft of its own); linking then
/// runs once over all drafts. A load never throws: what goes wrong is a diagnostic.
public struct ContentLoader: Sendable {
    public struct Result: Sendable {
        /// Nil only when the Content could not be read at all (no folder, no site.yaml).
        public var register: Register?
        public var diagnostics: [Diagnostic]
    }

    public let fileSystem: ContentFileSystem

    public init(fileSystem: ContentFileSystem) {
        self.fileSystem = fileSystem
    }

    /// Parsed files kept between loads (by `riskpress serve`): a file whose bytes are the same as
    /// last time is not parsed again, and a register whose draft and organisation are the same is
    /// not linked again. Diagnostics are kept with them; the rest of linking and the checks run on
    /// every load, over all files.
    ///
    /// A file is not even read again while its modification time and size are those it had when it
    /// was read — unless it was modified within `Cache.settling` of that read: on a file system
    /// that keeps coarse times, a second edit in the same tick would keep the time (git's "racily
    /// clean" entries, handled the same way). Such a file is read and compared byte for byte.
    public final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var kept: [String: Entry] = [:]
        /// Registers as linked last time.
        let linked = LinkCache()

        /// How long before a read a file's time must lie for its stamp to be trusted.
        static let settling: Int64 = 2_000_000_000

        private struct Entry {
            var inputs: [Data]
            /// The inputs' times and sizes, and when they were read (ns since 1970); nil when unknown.
            var stamps: [Stamp]?
            var readAt: Int64
            var allowsRawHTML: Bool
            var outcome: Outcome
        }

        public init() {}

        /// The outcome kept for `path` if its files have the times and sizes they had when read,
        /// and those times lie well before the read.
        fileprivate func outcome(for path: String, stamps: [Stamp?], allowsRawHTML: Bool) -> Outcome? {
            lock.lock()
            defer { lock.unlock() }
            guard let entry = kept[path], entry.allowsRawHTML == allowsRawHTML, let kept = entry.stamps,
                kept.count == stamps.count, zip(kept, stamps).allSatisfy({ $0 == $1 && $0.modified < entry.readAt - Self.settling })
            else { return nil }
            return entry.outcome
        }

        /// The outcome kept for `path` if its files hold the same bytes; it is kept with the new stamps.
        fileprivate func outcome(for path: String, inputs: [Data], stamps: [Stamp?], readAt: Int64, allowsRawHTML: Bool) -> Outcome? {
            lock.lock()
            defer { lock.unlock() }
            guard var entry = kept[path], entry.inputs == inputs, entry.allowsRawHTML == allowsRawHTML else { return nil }
            entry.stamps = Self.known(stamps)
            entry.readAt = readAt
            kept[path] = entry
            return entry.outcome
        }

        fileprivate func keep(_ outcome: Outcome, for path: String, inputs: [Data], stamps: [Stamp?], readAt: Int64, allowsRawHTML: Bool) {
            lock.lock()
            kept[path] = Entry(inputs: inputs, stamps: Self.known(stamps), readAt: readAt, allowsRawHTML: allowsRawHTML, outcome: outcome)
            lock.unlock()
        }

        private static func known(_ stamps: [Stamp?]) -> [Stamp]? {
            let known = stamps.compactMap { $0 }
            return known.count == stamps.count ? known : nil
        }

        /// Forgets files that are gone.
        fileprivate func keepOnly(_ paths: Set<String>) {
            lock.lock()
            // Usually nothing is gone: the kept files are not copied into a new dictionary.
            for path in kept.keys where !paths.contains(path) { kept.removeValue(forKey: path) }
            lock.unlock()
        }

        /// The files in natural order, as last sorted, while the listing is the same.
        private var sorted: (listed: [String], sorted: [String])?

        fileprivate func naturallySorted(_ listed: [String], sort: ([String]) -> [String]) -> [String] {
            lock.lock()
            defer { lock.unlock() }
            if let sorted, sorted.listed == listed { return sorted.sorted }
            let result = sort(listed)
            sorted = (listed, result)
            return result
        }
    }

    /// A file's modification time (ns since 1970) and size, as listed.
    struct Stamp: Equatable {
        var modified: Int64
        var size: Int64
    }

    public func load() -> Result {
        load(cache: nil)
    }

    /// Loads the Content, reusing what `cache` holds for files that have not changed.
    /// `readAt`: when the files were read (ns since 1970), if not now — for files kept from an
    /// earlier run (`BuildSnapshot`), whose stamps are trusted only as of that time.
    public func load(cache: Cache?, readAt: Int64? = nil) -> Result {
        var diagnostics: [Diagnostic] = []
        let files: [String]
        // Taken before the files are listed: a file modified after this is never trusted by its stamp.
        let startedAt = readAt ?? Int64(Date().timeIntervalSince1970 * 1e9)
        var stamped: [String: Stamp] = [:]
        do {
            let listed: [String]
            if cache != nil, let listStamped = fileSystem.listStamped {
                let files = try listStamped()
                listed = files.map(\.path)
                stamped.reserveCapacity(files.count)
                for file in files { stamped[file.path] = Stamp(modified: file.modified, size: file.size) }
            } else {
                listed = try fileSystem.listFiles()
            }
            // Each path cut into its chunks once, not once per comparison.
            let sort = { (paths: [String]) in
                paths.map { (chunks: naturalChunks($0), path: $0) }.sorted { naturalOrder($0.chunks, $1.chunks) }.map(\.path)
            }
            files = cache?.naturallySorted(listed, sort: sort) ?? sort(listed)
        } catch {
            diagnostics.append(
                .error(
                    at: SourceLocation(file: "."), "the Content folder cannot be read (\(error.localizedDescription))",
                    hint: "run riskpress from the folder that holds Content/, or pass --content PATH"))
            return Result(register: nil, diagnostics: diagnostics)
        }

        guard let siteFile = files.first(where: { $0 == "site.yaml" || $0 == "site.yml" }) else {
            diagnostics.append(
                .error(
                    at: SourceLocation(file: "site.yaml"), "the Content folder has no site.yaml",
                    hint: "create Content/site.yaml with the site's title and level schemes (`riskpress new 新文件夹` makes a Content folder to start from)"))
            return Result(register: nil, diagnostics: diagnostics)
        }
        guard let siteText = readText(siteFile, diagnostics: &diagnostics),
            let site = SiteReader.read(siteText, file: siteFile, diagnostics: &diagnostics)
        else { return Result(register: nil, diagnostics: diagnostics) }

        let fileSet = Set(files)
        let jobs = files.filter { $0 != siteFile }.map { classify($0, among: fileSet) }
        let allowsRawHTML = site.allowsRawHTML
        let stampByPath = stamped
        let outcomes = parallelMap(jobs) { job -> Outcome in
            let paths = paths(of: job)
            guard let cache, let own = paths.first else { return read(job, allowsRawHTML: allowsRawHTML) }
            let stamps = paths.map { stampByPath[$0] }
            if let kept = cache.outcome(for: own, stamps: stamps, allowsRawHTML: allowsRawHTML) { return kept }
            guard let (key, inputs) = inputs(of: job) else { return read(job, allowsRawHTML: allowsRawHTML) }
            if let kept = cache.outcome(for: key, inputs: inputs, stamps: stamps, readAt: startedAt, allowsRawHTML: allowsRawHTML) {
                return kept
            }
            let outcome = read(job, allowsRawHTML: allowsRawHTML, bytes: Dictionary(zip(paths, inputs), uniquingKeysWith: { first, _ in first }))
            cache.keep(outcome, for: key, inputs: inputs, stamps: stamps, readAt: startedAt, allowsRawHTML: allowsRawHTML)
            return outcome
        }
        cache?.keepOnly(Set(jobs.compactMap { paths(of: $0).first }))

        var drafts = Linker.Drafts()
        for outcome in outcomes {
            diagnostics += outcome.diagnostics
            switch outcome.draft {
            case .units(let units): drafts.units += units
            case .domains(let domains): drafts.domains += domains
            case .posts(let posts): drafts.posts += posts
            case .powers(let powers): drafts.powers += powers
            case .table(let table): drafts.tables.append(table)
            case .tables(let tables): drafts.tables += tables
            case .document(let document):
                drafts.documents.append(document)
                for part in document.parts {
                    if case .flow(let flow?) = part { drafts.flows.append(flow) }
                }
            case .flow(let flow): drafts.flows.append(flow)
            case .disclosure(let disclosure): drafts.disclosures.append(disclosure)
            case .none: break
            }
        }
        var linker = Linker(site: site)
        linker.linkCache = cache?.linked
        let register = linker.link(drafts)
        diagnostics += linker.diagnostics
        diagnostics += Checks.run(on: register)
        return Result(register: register, diagnostics: diagnostics.sortedForReport())
    }

    // MARK: - Files

    private enum Job: Sendable {
        case units(String), domains(String), posts(String), powers(String)
        case yamlTable(String), csvTable(String, settings: String?), workbook(String, settings: String?)
        case document(String), disclosure(String), flow(String)
        case settings(String), ignored(String, why: String)
    }

    fileprivate enum Draft: Sendable {
        case units([UnitDraft]), domains([DomainDraft]), posts([PostDraft]), powers([PowerDraft])
        case table(TableDraft), tables([TableDraft]), document(DocumentDraft), disclosure(DisclosureDraft), flow(FlowDraft)
    }

    fileprivate struct Outcome: Sendable {
        var draft: Draft?
        var diagnostics: [Diagnostic]
    }

    private func classify(_ path: String, among files: Set<String>) -> Job {
        let lower = path.lowercased()
        let isYAML = lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
        let folder = path.split(separator: "/").first.map(String.init) ?? ""
        switch folder {
        case "units" where isYAML: return .units(path)
        case "domains" where isYAML: return .domains(path)
        case "posts" where isYAML: return .posts(path)
        case "powers" where isYAML: return .powers(path)
        case "disclosures" where isYAML: return .disclosure(path)
        case "flows" where isYAML: return .flow(path)
        case "registers":
            if lower.hasSuffix(".csv") {
                let settings = [path + ".yaml", path + ".yml"].first(where: files.contains)
                return .csvTable(path, settings: settings)
            }
            if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") {
                let settings = [path + ".yaml", path + ".yml"].first(where: files.contains)
                return .workbook(path, settings: settings)
            }
            for kind in [".csv", ".xlsx", ".xlsm"] where lower.hasSuffix(kind + ".yaml") || lower.hasSuffix(kind + ".yml") {
                let data = String(path.prefix(upTo: path.range(of: kind, options: [.backwards, .caseInsensitive])!.upperBound))
                return files.contains(data)
                    ? .settings(path) : .ignored(path, why: "settings for \(data), which does not exist")
            }
            if isYAML { return .yamlTable(path) }
            if lower.hasSuffix(".xls") || lower.hasSuffix(".et") {
                return .ignored(path, why: "an Excel 97–2003 (or WPS) workbook is not read: save it as .xlsx (Excel 工作簿)")
            }
        case "documents" where lower.hasSuffix(".md") || lower.hasSuffix(".markdown"):
            return .document(path)
        default: break
        }
        return .ignored(path, why: "riskpress does not read this file (see docs/content-format.md for the folder layout)")
    }

    /// The file a job reads, and the bytes of every file it reads; nil when there is nothing to
    /// keep (ignored files) or a file cannot be read (then `read` reports it).
    private func inputs(of job: Job) -> (key: String, inputs: [Data])? {
        let files = paths(of: job)
        guard let own = files.first else { return nil }
        var data: [Data] = []
        for path in files {
            guard let bytes = try? fileSystem.read(path) else { return nil }
            data.append(bytes)
        }
        return (own, data)
    }

    /// The files a job reads, its own first; none for files that are not read on their own.
    private func paths(of job: Job) -> [String] {
        switch job {
        case .units(let path), .domains(let path), .posts(let path), .powers(let path), .yamlTable(let path),
            .document(let path), .disclosure(let path), .flow(let path):
            [path]
        case .csvTable(let path, let settings), .workbook(let path, let settings):
            [path] + (settings.map { [$0] } ?? [])
        case .settings, .ignored:
            []
        }
    }

    /// `bytes`: the job's files as already read (to compare with the cache), by path.
    private func read(_ job: Job, allowsRawHTML: Bool, bytes: [String: Data] = [:]) -> Outcome {
        var diagnostics: [Diagnostic] = []
        var draft: Draft?
        switch job {
        case .units(let path):
            if let text = readYAML(path, diagnostics: &diagnostics, bytes: bytes) {
                draft = .units(UnitsReader.read(text, file: path, diagnostics: &diagnostics))
            }
        case .domains(let path):
            if let text = readYAML(path, diagnostics: &diagnostics, bytes: bytes) {
                draft = .domains(DomainsReader.read(text, file: path, diagnostics: &diagnostics))
            }
        case .posts(let path):
            if let text = readYAML(path, diagnostics: &diagnostics, bytes: bytes) {
                draft = .posts(PostsReader.read(text, file: path, diagnostics: &diagnostics))
            }
        case .powers(let path):
            if let text = readYAML(path, diagnostics: &diagnostics, bytes: bytes) {
                draft = .powers(PowersReader.read(text, file: path, diagnostics: &diagnostics))
            }
        case .yamlTable(let path):
            if let text = readYAML(path, diagnostics: &diagnostics, bytes: bytes),
                let table = YAMLTableReader.read(text, file: path, diagnostics: &diagnostics)
            {
                draft = .table(table)
            }
        case .csvTable(let path, let settings):
            if let text = readText(path, diagnostics: &diagnostics, bytes: bytes),
                var table = CSVTableReader.read(text, file: path, diagnostics: &diagnostics)
            {
                if let settings, let settingsText = readText(settings, diagnostics: &diagnostics, bytes: bytes) {
                    CSVTableReader.applySettings(settingsText, file: settings, to: &table, diagnostics: &diagnostics)
                }
                draft = .table(table)
            }
        case .workbook(let path, let settings):
            do {
                let data = try bytes[path] ?? fileSystem.read(path)
                let settingsText = settings.flatMap { readText($0, diagnostics: &diagnostics, bytes: bytes) }
                draft = .tables(
                    WorkbookTableReader.read(
                        data, file: path, settings: settingsText.map { ($0, settings!) }, diagnostics: &diagnostics))
            } catch {
                diagnostics.append(
                    .error(at: SourceLocation(file: path), "the file cannot be read (\(error.localizedDescription))", hint: "check its permissions"))
            }
        case .document(let path):
            if let text = readText(path, diagnostics: &diagnostics, bytes: bytes),
                let document = DocumentReader.read(text, file: path, allowsRawHTML: allowsRawHTML, diagnostics: &diagnostics)
            {
                draft = .document(document)
            }
        case .disclosure(let path):
            if let text = readYAML(path, diagnostics: &diagnostics, bytes: bytes),
                let disclosure = DisclosureReader.read(text, file: path, diagnostics: &diagnostics)
            {
                draft = .disclosure(disclosure)
            }
        case .flow(let path):
            if let text = readYAML(path, diagnostics: &diagnostics, bytes: bytes) {
                let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                if let flow = FlowReader.read(
                    text, file: path, derivedID: Identifiers.derived(from: stem, prefix: "flow"), diagnostics: &diagnostics)
                {
                    draft = .flow(flow)
                }
            }
        case .settings:
            break  // read together with its CSV file
        case .ignored(let path, let why):
            diagnostics.append(.warning(at: SourceLocation(file: path), "file not used", hint: why))
        }
        return Outcome(draft: draft, diagnostics: diagnostics)
    }

    /// A YAML file's text; an empty one is a warning and nil (nothing to read from it).
    private func readYAML(_ path: String, diagnostics: inout [Diagnostic], bytes: [String: Data] = [:]) -> String? {
        guard let text = readText(path, diagnostics: &diagnostics, bytes: bytes) else { return nil }
        if YAMLReading.isEmpty(text) {
            diagnostics.append(
                .warning(at: SourceLocation(file: path), "the file is empty; nothing is read from it", hint: "fill it in, or delete it"))
            return nil
        }
        return text
    }

    private func readText(_ path: String, diagnostics: inout [Diagnostic], bytes: [String: Data] = [:]) -> String? {
        let data: Data
        do {
            data = try bytes[path] ?? fileSystem.read(path)
        } catch {
            diagnostics.append(
                .error(at: SourceLocation(file: path), "the file cannot be read (\(error.localizedDescription))", hint: "check its permissions"))
            return nil
        }
        switch TextDecoding.decode(data) {
        case .success(let decoded):
            return decoded.text
        case .failure(let failure):
            diagnostics.append(.error(at: SourceLocation(file: path), failure.message, hint: failure.hint))
            return nil
        }
    }
}

/// Paths compared with numbers by value, so 表2 comes before 表10 and t9 before t10.
func naturalOrder(_ a: String, _ b: String) -> Bool {
    naturalOrder(naturalChunks(a), naturalChunks(b))
}

/// A path as runs of digits (with their value) and runs of other characters.
func naturalChunks(_ text: String) -> [(String, Int?)] {
    var result: [(String, Int?)] = []
    var current = ""
    var inDigits = false
    for character in text {
        let digit = character.isASCII && character.isNumber
        if digit != inDigits, !current.isEmpty {
            result.append((current, inDigits ? Int(current) : nil))
            current = ""
        }
        inDigits = digit
        current.append(character)
    }
    if !current.isEmpty { result.append((current, inDigits ? Int(current) : nil)) }
    return result
}

func naturalOrder(_ left: [(String, Int?)], _ right: [(String, Int?)]) -> Bool {
    for (x, y) in zip(left, right) where x.0 != y.0 {
        if let nx = x.1, let ny = y.1, nx != ny { return nx < ny }
        return x.0 < y.0
    }
    return left.count < right.count
}

