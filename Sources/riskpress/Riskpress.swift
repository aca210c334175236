import ArgumentParser
import CMallocTuning
import Foundation
import RiskContent
import RiskModel
import RiskServe
import RiskSite

/// `riskpress`: Content/ → Output/. A thin shell over RiskSite.
@main
struct Riskpress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riskpress",
        abstract: "Builds a risk prevention and control site (风险防控) from a Content folder.",
        subcommands: [Build.self, Check.self, Serve.self, Diff.self, New.self, Import.self],
        defaultSubcommand: Build.self
    )
}

/// Options every command shares.
struct Folders: ParsableArguments {
    @Option(help: "The Content folder.")
    var content: String = "Content"

    @Option(help: "Your templates, laid over the default theme (default: ./Templates if it exists).")
    var templates: String?

    @Option(help: "The output folder.")
    var output: String = "Output"

    @Option(help: "internal (the intranet, everything) or public (only what may be published).")
    var profile: String = "internal"

    @Option(help: "The day the build is for, YYYY-MM-DD (default: today in China); sets disclosure status and which risk points are overdue for review (复核).")
    var date: String?

    @Option(help: "The archive of recorded editions (版次) (default: Archive beside the Content folder).")
    var archive: String?

    @Flag(help: "Print every diagnostic; by default the same cause on consecutive rows is told once and each kind of message at most \(DiagnosticDigest.defaultPerKind) times.")
    var allDiagnostics = false

    func validate() throws {
        guard Profile(rawValue: profile) != nil else { throw ValidationError("--profile is internal or public") }
        if let date, Day(parsing: date) == nil { throw ValidationError("--date wants YYYY-MM-DD, e.g. 2026-11-23") }
    }

    var options: BuildOptions {
        let templatesPath = templates ?? (FileManager.default.fileExists(atPath: "Templates") ? "Templates" : nil)
        var options = BuildOptions(
            content: URL(fileURLWithPath: content), templates: templatesPath.map { URL(fileURLWithPath: $0) },
            output: URL(fileURLWithPath: output), profile: Profile(rawValue: profile) ?? .internal,
            today: date.flatMap(Day.init(parsing:)) ?? .today())
        options.archive = archive.map { URL(fileURLWithPath: $0) }
        return options
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site into the output folder.")

    @OptionGroup var folders: Folders

    @Flag(help: "Print how long each phase took.")
    var timings = false

    @Flag(inversion: .prefixedNo, help: "Also write the risk manual as PDF (manual/风险防控手册.pdf) with WeasyPrint; default: as site.yaml's 手册.PDF says.")
    var pdf: Bool?

    @Option(help: "Where a build leaves what the next build into the same output starts from, to render only what changed (default: $XDG_CACHE_HOME/riskpress or ~/.cache/riskpress).")
    var cacheDir: String?

    @Flag(help: "Build everything, and leave nothing for the next build.")
    var noCache = false

    @Option(help: "Record the register, once the build succeeds, as this edition (版次) in the archive, e.g. 2026.")
    var edition: String?

    @Option(help: "A note kept with the recorded edition, e.g. 2026年度复核.")
    var editionNote: String = ""

    func run() throws {
        riskpress_keep_freed_memory()
        StagingFolders.removeOnInterrupt()
        var options = folders.options
        options.pdf = pdf
        options.cache = noCache ? nil : URL(fileURLWithPath: cacheDir ?? Self.defaultCache)
        options.endsProcess = true
        options.edition = edition.map { BuildOptions.EditionRequest(name: $0, note: editionNote) }
        let report = SiteBuilder.build(options)
        Reporter.print(report, showTimings: timings, all: folders.allDiagnostics)
        if report.succeeded, let pages = report.pagesRendered {
            print("built \(report.riskCount) risk points into \(folders.output)/ (\(pages) pages rendered again, the rest unchanged)")
        } else if report.succeeded {
            print("built \(report.riskCount) risk points into \(folders.output)/ (\(report.filesWritten) files)")
        }
        if report.succeeded, let outcome = report.edition { print(outcome) }
        if !report.succeeded {
            print("build failed: \(folders.output)/ was left as it was", to: &StandardError.shared)
            throw ExitCode.failure
        }
    }
}

extension Build {
    /// `$XDG_CACHE_HOME/riskpress`, else `~/.cache/riskpress`, as on any Linux desktop.
    static var defaultCache: String {
        let environment = ProcessInfo.processInfo.environment
        if let folder = environment["XDG_CACHE_HOME"], folder.hasPrefix("/") { return folder + "/riskpress" }
        return FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/riskpress"
    }
}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what changed between two recorded editions (版次), or from the last one to the Content now.")

    @OptionGroup var folders: Folders

    @Option(help: "The edition to compare from (default: the one before --to).")
    var from: String?

    @Option(help: "The edition to compare to, or Content for the Content now.")
    var to: String = EditionDiff.content

    @Option(help: "text or json.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format is text or json") }
    }

    func run() throws {
        let result = EditionDiff.changes(folders.options, from: from, to: to)
        Reporter.print(result.diagnostics.sortedForReport(), all: folders.allDiagnostics)
        guard let changes = result.changes else { throw ExitCode.failure }
        if format == "json" {
            FileHandle.standardOutput.write(EditionDiff.json(changes))
            print()
        } else {
            print(EditionDiff.text(changes), terminator: "")
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the Content without writing anything.")

    @OptionGroup var folders: Folders

    func run() throws {
        let report = SiteBuilder.check(folders.options)
        Reporter.print(report, showTimings: false, all: folders.allDiagnostics)
        if report.succeeded {
            print("checked \(report.riskCount) risk points")
        } else {
            throw ExitCode.failure
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build, serve the site on this computer, and rebuild and reload the browser when a file changes.")

    @OptionGroup var folders: Folders

    @Option(help: "The address to listen on. The default serves this computer only; 0.0.0.0 opens it to the network.")
    var host: String = "127.0.0.1"

    @Option(help: "The port.")
    var port: UInt16 = 8000

    @Flag(help: "Print how long each phase of every build took.")
    var timings = false

    /// One line to standard output at once, unbuffered: each build's line shows as it happens,
    /// also when the output goes to a file or a pipe.
    private static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func run() async throws {
        riskpress_keep_freed_memory()
        StagingFolders.removeOnInterrupt()
        let showTimings = timings
        let allDiagnostics = folders.allDiagnostics
        let server = PreviewServer(
            options: PreviewServer.Options(build: folders.options, host: host, port: port),
            report: { report in
                Reporter.print(report, showTimings: showTimings, all: allDiagnostics)
                let time = Date().formatted(date: .omitted, time: .standard)
                let took = String(format: "%.0f ms", report.seconds * 1000)
                if report.succeeded, let pages = report.pagesRendered {
                    Serve.emit("\(time) rebuilt in \(took): \(pages) pages rendered again, \(report.filesWritten) files written")
                } else if report.succeeded {
                    Serve.emit("\(time) built \(report.riskCount) risk points in \(took) (\(report.filesWritten) files)")
                } else {
                    Serve.emit("\(time) build failed: the pages stay as they were until the problems above are fixed")
                }
            })
        Self.emit("serving \(folders.output)/ at http://\(host):\(port)/ — watching \(folders.content)/ (Ctrl-C to stop)")
        try await server.run()
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a Content folder to start from: a unit, a register, a flow, a document, a disclosure.")

    @Argument(help: "The folder to create.")
    var folder: String = "Content"

    func run() throws {
        let written = try Scaffold.write(to: URL(fileURLWithPath: folder))
        print("created \(folder)/ (\(written.count) files): edit them, then run `riskpress build --content \(folder)`")
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn a Word 办法 (.docx) or an Excel 清单 (.xlsx) into Content: its text as a document, its risk tables as registers.")

    @Argument(help: "The .docx or .xlsx file.")
    var file: String

    @Option(help: "The Content folder to write into.")
    var into: String = "Content"

    @Option(help: "yaml or csv: how the registers are written.")
    var format: String = "yaml"

    @Option(help: "The id of the document and the prefix of its registers (default: from the file name).")
    var id: String?

    @Option(help: "The unit under which 责任主体 names are resolved (written as 范围).")
    var scope: String?

    @Flag(help: "Overwrite files that exist.")
    var force = false

    func validate() throws {
        guard OfficeImport.Format(rawValue: format) != nil else { throw ValidationError("--format is yaml or csv") }
    }

    func run() throws {
        let options = OfficeImport.Options(id: id, scope: scope, format: OfficeImport.Format(rawValue: format) ?? .yaml)
        do {
            let result = try ContentImport.run(
                file: URL(fileURLWithPath: file), into: URL(fileURLWithPath: into), options: options, force: force)
            for (path, _) in result.files { print("wrote \(into)/\(path)") }
            for note in result.notes { Swift.print("note: \(note)", to: &StandardError.shared) }
            print("imported \(result.registers) register(s), \(result.riskPoints) risk point(s): run `riskpress check --content \(into)`")
        } catch let refusal as ContentImport.Refusal {
            Swift.print(refusal.description, to: &StandardError.shared)
            throw ExitCode(1)
        }
    }
}

enum Reporter {
    static func print(_ report: BuildReport, showTimings: Bool, all: Bool) {
        print(report.diagnostics, all: all)
        if showTimings {
            for (phase, seconds) in report.timings {
                Swift.print(String(format: "%-8@ %8.1f ms", phase as NSString, seconds * 1000), to: &StandardError.shared)
            }
            Swift.print(String(format: "%-8@ %8.1f ms", "cpu" as NSString, report.cpuSeconds * 1000), to: &StandardError.shared)
        }
    }

    static func print(_ diagnostics: [Diagnostic], all: Bool) {
        for line in DiagnosticDigest.lines(diagnostics, perKind: all ? nil : DiagnosticDigest.defaultPerKind) {
            Swift.print(line, to: &StandardError.shared)
        }
        let errors = diagnostics.errors.count
        let warnings = diagnostics.warnings.count
        if errors + warnings > 0 {
            Swift.print("\(errors) error(s), \(warnings) warning(s)", to: &StandardError.shared)
        }
    }
}

struct StandardError: TextOutputStream {
    nonisolated(unsafe) static var shared = StandardError()
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}

