import Foundation
import RiskContent
import RiskExport
import RiskModel
import RiskRender

/// Who a build is for.
public enum Profile: String, Sendable, CaseIterable {
    /// The intranet: everything in the Content.
    case `internal`
    /// What may be published: public entries and public fields only (see `Register.publicView`).
    case `public`
}

/// Where a build reads from and writes to, and for whom.
public struct BuildOptions: Sendable {
    public var content: URL
    /// The user's own templates, laid over the default theme. Nil: the default theme only.
    public var templates: URL?
    public var output: URL
    public var profile: Profile
    /// The day the build is for (disclosure status); a flag sets it so builds are reproducible.
    public var today: Day
    /// Write the manual as PDF too; nil: as site.yaml's `手册.PDF` says.
    public var pdf: Bool?
    /// A folder where a build leaves what the next build into the same output starts from, so it
    /// renders only what changed (`BuildSnapshot`); nil: every build is a full one.
    public var cache: URL?
    /// The process ends when this build is done (`riskpress build`): what the build held is left
    /// for the kernel to take back at exit rather than freed object by object.
    public var endsProcess = false
    /// The archive of editions (版次); nil: `Archive/` beside the Content folder.
    public var archive: URL?
    /// Record the register as this edition once the build succeeds.
    public var edition: EditionRequest?

    /// `riskpress build --edition NAME --edition-note TEXT`.
    public struct EditionRequest: Sendable {
        public var name: String
        public var note: String
        public init(name: String, note: String = "") {
            self.name = name
            self.note = note
        }
    }

    /// The archive folder this build reads.
    public var archiveFolder: URL { archive ?? EditionArchive.defaultFolder(forContent: content) }

    public init(
        content: URL, templates: URL?, output: URL, profile: Profile = .internal, today: Day = .today(), pdf: Bool? = nil,
        cache: URL? = nil
    ) {
        self.pdf = pdf
        self.cache = cache
        self.content = content
        self.templates = templates
        self.output = output
        self.profile = profile
        self.today = today
    }
}

/// What a build or check did.
public struct BuildReport: Sendable {
    public var diagnostics: [Diagnostic]
    /// Files written (0 for a check, or when the build stopped on errors).
    public var filesWritten: Int
    public var riskCount: Int
    /// Phase name → seconds.
    public var timings: [(phase: String, seconds: Double)]
    /// For a rebuild that rendered only what changed: how many pages it rendered; nil for a full build.
    public var pagesRendered: Int? = nil
    /// The whole build, start to end (phases may overlap: the exports are made while pages render).
    public var seconds: Double = 0
    /// Processor time the process used during the build, on all cores (user and system).
    public var cpuSeconds: Double = 0
    /// What became of `--edition`: "recorded …" or "unchanged …"; nil when none was asked for.
    public var edition: String? = nil

    public var succeeded: Bool { !diagnostics.hasErrors }
}

/// The build, as named steps over one register: load → check → render (each page written into a
/// staging folder as it is made) → export → swap. `Rebuilder` runs the same steps again on the
/// same Content, rendering only what an edit touched.
/// A build with errors writes nothing, so the previous Output stays as it was.
public enum SiteBuilder {
    /// Loads and checks the Content and the theme without writing anything.
    public static func check(_ options: BuildOptions) -> BuildReport {
        var timings: [(String, Double)] = []
        let loaded = timed("load", into: &timings) { ContentLoader(fileSystem: .directory(options.content)).load() }
        let theme = Theme.load(overrides: options.templates)
        let archive = timed("archive", into: &timings) { EditionArchive.read(options.archiveFolder, today: options.today) }
        let reviews = loaded.register.map { ReviewChecks.diagnostics(for: $0, on: options.today) } ?? []
        var diagnostics = loaded.diagnostics + reviews + theme.diagnostics + archive.diagnostics
        // A disclosure of an edition's changes names a recorded edition (or the one a build records).
        let names = Set(archive.editions.map(\.info.name) + [options.edition?.name].compactMap { $0 })
        for disclosure in loaded.register.map({ Array($0.disclosures.values) }) ?? [] {
            guard let edition = disclosure.edition, !names.contains(edition) else { continue }
            diagnostics.append(
                .error(
                    at: disclosure.editionLocation ?? disclosure.location, field: "版次", value: edition,
                    "no edition of this name is recorded", hint: "record it with `riskpress build --edition \(edition)`"))
        }
        diagnostics = diagnostics.sortedForReport()
        return BuildReport(
            diagnostics: diagnostics, filesWritten: 0, riskCount: loaded.register?.risks.count ?? 0, timings: timings)
    }

    /// Builds the site into `options.output`, replacing what was there only when
    /// everything succeeded.
    /// With `options.cache`, the build starts from what the last build into the same output left
    /// there and renders only what changed since (see `BuildSnapshot`).
    public static func build(_ options: BuildOptions) -> BuildReport {
        guard let cache = options.cache else { return build(options, state: nil) }
        return BuildSnapshot.build(options, cacheFolder: cache)
    }

    /// What a build leaves for the next one from the same Content (see `Rebuilder`).
    final class State: @unchecked Sendable {
        /// Parsed files kept for the next load; nil for a build that loads once (a first build
        /// from the command line keeps nothing it would not use).
        private(set) var loadCache: ContentLoader.Cache?
        /// Whether to keep what only a later build in the same process needs (rendered rows by
        /// risk point, the search index's and the manual's parts, the exports' rows, the last
        /// page views): `serve` does; a build that leaves a snapshot for the next process does not.
        let keepsForRebuilds: Bool
        var caches: SiteRenderer.Caches
        var exports: RegisterExport.Cache?
        /// The output's large files as last written (only kept for rebuilds in this process).
        var writtenFiles: OutputWriter.WrittenFiles?
        /// The register, theme and editions (`historyKey`) the output was last written from.
        var written: (register: Register, theme: [String: Data], history: String)?
        /// The theme last loaded, reused while its files are the same.
        var theme: Theme?
        /// Where the Content is read from; nil: `options.content` on disk.
        let fileSystem: ContentFileSystem?
        /// The archive as last read, with its files' fingerprint and the day it was read for
        /// (`serve` reads it again only when a file in it changed: two editions of a province are
        /// some 0.5 s of decoding, against 0.2 s for the rest of a rebuild after an edit).
        private var keptArchive: (key: String, today: Day, read: (editions: [EditionArchive.Recorded], diagnostics: [Diagnostic]))?

        func readArchive(_ folder: URL, today: Day) -> (editions: [EditionArchive.Recorded], diagnostics: [Diagnostic]) {
            guard keepsForRebuilds else { return EditionArchive.read(folder, today: today) }
            let key = EditionArchive.fingerprint(folder)
            if let kept = keptArchive, kept.key == key, kept.today == today { return kept.read }
            let read = EditionArchive.read(folder, today: today)
            keptArchive = (key, today, read)
            return read
        }

        /// The search index's files in the output, when they are known only from a snapshot: a
        /// rebuild writes the whole index and deletes those it no longer has.
        var searchFiles: [String]?

        init(keepsForRebuilds: Bool = true, fileSystem: ContentFileSystem? = nil) {
            self.keepsForRebuilds = keepsForRebuilds
            loadCache = keepsForRebuilds ? ContentLoader.Cache() : nil
            self.fileSystem = fileSystem
            caches = SiteRenderer.Caches(forRebuilds: keepsForRebuilds)
            exports = keepsForRebuilds ? RegisterExport.Cache() : nil
            writtenFiles = keepsForRebuilds ? OutputWriter.WrittenFiles() : nil
        }

        /// Takes the register the output was made from out of `snapshot`; its files are kept
        /// parsed, so the next load reads only files that changed. False when the kept Content
        /// does not load (then the next build is a full one).
        func seed(from snapshot: BuildSnapshot, profile: Profile) -> Bool {
            let cache = loadCache ?? ContentLoader.Cache()
            loadCache = cache
            let loaded = ContentLoader(fileSystem: snapshot.fileSystem).load(cache: cache, readAt: snapshot.readAt)
            guard let register = loaded.register, !loaded.diagnostics.hasErrors else { return false }
            written = (profile == .public ? register.publicView() : register, snapshot.theme, snapshot.history)
            searchFiles = snapshot.searchFiles
            return true
        }
    }

    /// The build. With a `state` whose last build wrote the output, and a change that touches only
    /// some pages, only those are rendered and written (in place); otherwise everything is, into a
    /// staging folder that replaces the output.
    static func build(_ options: BuildOptions, state: State?) -> BuildReport {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpu = processorSeconds()
        var report = runBuild(options, state: state)
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        report.cpuSeconds = processorSeconds() - cpu
        return report
    }

    /// User and system time of the whole process so far.
    private static func processorSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static func runBuild(_ options: BuildOptions, state: State?) -> BuildReport {
        var timings: [(String, Double)] = []
        var diagnostics: [Diagnostic] = []
        if let problem = OutputWriter.unsafeOutput(options) {
            return BuildReport(diagnostics: [problem], filesWritten: 0, riskCount: 0, timings: [])
        }
        let loaded = timed("load", into: &timings) {
            ContentLoader(fileSystem: state?.fileSystem ?? .directory(options.content)).load(cache: state?.loadCache)
        }
        diagnostics += loaded.diagnostics
        // Overdue reviews are as of the build day, so they are found here, not when the Content loads.
        diagnostics += loaded.register.map { ReviewChecks.diagnostics(for: $0, on: options.today) } ?? []
        let theme = timed("theme", into: &timings) { Theme.load(overrides: options.templates, reusing: state?.theme) }
        state?.theme = theme.theme
        diagnostics += theme.diagnostics
        let archive = timed("archive", into: &timings) {
            state?.readArchive(options.archiveFolder, today: options.today) ?? EditionArchive.read(options.archiveFolder, today: options.today)
        }
        diagnostics += archive.diagnostics
        guard let loadedRegister = loaded.register, let loadedTheme = theme.theme, !diagnostics.hasErrors else {
            return BuildReport(
                diagnostics: diagnostics.sortedForReport(), filesWritten: 0, riskCount: loaded.register?.risks.count ?? 0,
                timings: timings)
        }
        // The editions the site shows: the archive's, and the one this build records.
        var editions = archive.editions.map { RegisterHistory.Edition(info: $0.info, register: $0.register) }
        var checksums = archive.editions.map(\.checksum)
        var recording: (info: EditionInfo, data: Data)?
        var editionOutcome: String?
        if let request = options.edition {
            switch EditionRecorder.plan(
                name: request.name, note: request.note, date: options.today, register: loadedRegister, archive: archive.editions)
            {
            case .success(.record(let info, let data)):
                recording = (info, data)
                editions.append(RegisterHistory.Edition(info: info, register: RecordedRegister(loadedRegister)))
                checksums.append(EditionArchive.checksum(data))
            case .success(.unchanged(let existing)):
                editionOutcome = "nothing recorded: the register is the same as edition \(existing)"
            case .failure(let problem):
                diagnostics.append(problem)
                return BuildReport(
                    diagnostics: diagnostics.sortedForReport(), filesWritten: 0, riskCount: loadedRegister.risks.count,
                    timings: timings)
            }
        }
        var history = RegisterHistory(editions: editions)
        let historyKey = zip(editions, checksums).map { "\($0.info.name)|\($0.info.date)|\($0.info.note)|\($1)" }
            .joined(separator: "\n")
        // A public build never sees what is internal: it renders from the public view only.
        var shown = options.profile == .public ? loadedRegister.publicView() : loadedRegister
        if shown.disclosures.values.contains(where: { $0.edition != nil }) {
            var disclosures = shown.disclosures
            for (id, disclosure) in shown.disclosures where disclosure.edition != nil {
                if let narrowed = disclosure.narrowed(to: history) {
                    disclosures[id] = narrowed
                } else {
                    diagnostics.append(
                        .error(
                            at: disclosure.editionLocation ?? disclosure.location, field: "版次", value: disclosure.edition ?? "",
                            "no edition of this name is recorded",
                            hint: history.isEmpty
                                ? "record it with `riskpress build --edition \(disclosure.edition ?? "")`"
                                : "the editions: " + history.editions.map(\.info.name).joined(separator: ", ")))
                }
            }
            guard !diagnostics.hasErrors else {
                return BuildReport(
                    diagnostics: diagnostics.sortedForReport(), filesWritten: 0, riskCount: loadedRegister.risks.count,
                    timings: timings)
            }
            shown = shown.with(documents: shown.documents, disclosures: disclosures)
        }
        let register = shown
        if options.profile == .public {
            history = history.publicView(internalNow: Set(loadedRegister.allRisks.values.lazy.filter { !$0.isPublic }.map(\.id)))
        }
        // A rebuild keeps the rows and layouts of the last render only when it renders part of the site.
        var selection: PageSelection?
        if let state, let written = state.written, written.theme == loadedTheme.sources, written.history == historyKey,
            FileManager.default.fileExists(atPath: options.output.path)
        {
            selection = timed("select", into: &timings) {
                SiteRenderer.pages(from: written.register, to: register, history: history)
            }
        }
        if let selection {
            state?.exports?.forget(selection.changedRisks)
        } else if let state {
            state.caches = SiteRenderer.Caches(forRebuilds: state.keepsForRebuilds)
            state.exports = state.keepsForRebuilds ? RegisterExport.Cache() : nil
        }
        let exportCache = state?.exports
        let renderer = SiteRenderer(
            register: register, theme: loadedTheme, today: options.today, history: history,
            caches: state?.caches ?? SiteRenderer.Caches())
        state?.written = nil

        let target: OutputWriter.Target
        do {
            target = selection == nil
                ? .staging(try OutputWriter.Staging(for: options.output, written: state?.writtenFiles))
                : .inPlace(OutputWriter.InPlace(options.output, written: state?.writtenFiles))
        } catch {
            diagnostics.append(
                .error(at: SourceLocation(file: options.output.path), "the output could not be written (\(error.localizedDescription))", hint: nil))
            return BuildReport(diagnostics: diagnostics.sortedForReport(), filesWritten: 0, riskCount: register.risks.count, timings: timings)
        }
        // The exports are made on a thread of their own while the pages render; each page is
        // written as soon as it is rendered, and none is kept in memory.
        let exports = DispatchGroup()
        let exportSeconds = Measured()
        DispatchQueue.global().async(group: exports) {
            let start = DispatchTime.now().uptimeNanoseconds
            target.write(RenderedFile(path: Paths.exportCSV, parts: RegisterExport.csvParts(register, cache: exportCache)))
            target.write(RenderedFile(path: Paths.exportJSON, parts: RegisterExport.jsonParts(register, cache: exportCache)))
            exportSeconds.value = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        diagnostics += timed("render", into: &timings) {
            let problems = selection.map { renderer.render($0, into: target.write) } ?? renderer.render(into: target.write)
            exports.wait()
            return problems
        }
        timings.append(("export", exportSeconds.value))
        diagnostics += ManualPDF.fontWarnings(register.site.manual)
        if !diagnostics.hasErrors, options.pdf ?? register.site.manual.pdf {
            timed("pdf", into: &timings) {
                switch ManualPDF.make(fromOutput: target.root) {
                case .success(let data): target.write(RenderedFile(path: Paths.manualPDF, data: data))
                case .failure(let problem): diagnostics.append(problem)
                }
            }
        }
        if diagnostics.hasErrors {
            target.discard()
            return BuildReport(
                diagnostics: diagnostics.sortedForReport(), filesWritten: 0, riskCount: register.risks.count, timings: timings)
        }
        do {
            var removed = (selection?.removedPaths ?? []) + (selection == nil ? [] : renderer.staleFiles())
            if selection != nil, let searchFiles = state?.searchFiles {
                let written = Set(target.paths)
                removed += searchFiles.filter { !written.contains($0) }
            }
            state?.searchFiles = nil
            try timed("swap", into: &timings) { try target.finish(removing: removed) }
            if !diagnostics.hasErrors { state?.written = (register, loadedTheme.sources, historyKey) }
            // Recorded only once the output is in place: a failed build never writes the archive.
            if let recording {
                do {
                    try EditionRecorder.write(recording.info, register: recording.data, into: options.archiveFolder)
                    editionOutcome = "recorded edition \(recording.info.name) in \(options.archiveFolder.path)/\(recording.info.id)"
                } catch {
                    diagnostics.append(
                        .error(
                            at: SourceLocation(file: options.archiveFolder.path),
                            "the site was built, but edition \(recording.info.name) could not be recorded (\(error))",
                            hint: "check that the archive folder can be written, then build again with --edition"))
                }
            }
        } catch let diagnostic as Diagnostic {
            diagnostics.append(diagnostic)
        } catch {
            diagnostics.append(
                .error(at: SourceLocation(file: options.output.path), "the output could not be written (\(error.localizedDescription))", hint: nil))
        }
        var report = BuildReport(
            diagnostics: diagnostics.sortedForReport(), filesWritten: diagnostics.hasErrors ? 0 : target.count,
            riskCount: register.risks.count, timings: timings, pagesRendered: selection?.count)
        report.edition = editionOutcome
        release((renderer, register, loaded, target), untilExit: options.endsProcess)
        return report
    }

    /// A number set by one thread and read by another after it is done.
    private final class Measured: @unchecked Sendable {
        var value = 0.0
    }

    private static func timed<T>(_ phase: String, into timings: inout [(String, Double)], _ work: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { timings.append((phase, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) }
        return try work()
    }
}
