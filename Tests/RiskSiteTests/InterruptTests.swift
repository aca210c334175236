import Foundation
import RiskModel
import Testing

@testable import RiskSite

@Suite("An interrupted build leaves nothing behind", .serialized)
struct InterruptTests {
    /// The `riskpress` command built beside this test bundle (`swift build --build-tests` builds both).
    static var command: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "riskpress")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return ExampleSite.repository.appending(path: ".build/debug/riskpress")
    }

    static func entries(beside output: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)) ?? []).sorted()
    }

    /// Builds the example into `output` with the command, and sends `signal` once its staging
    /// folder exists; returns the exit status.
    static func interruptedBuild(into output: URL, signal number: Int32) throws -> Int32 {
        let process = Process()
        process.executableURL = command
        process.arguments = [
            "build", "--content", ExampleSite.content.path, "--output", output.path, "--no-cache", "--no-pdf",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !entries(beside: output).contains(where: { $0.contains(".staging-") }), process.isRunning, Date() < deadline {
            usleep(2_000)
        }
        #expect(process.isRunning, "the build ended before it could be interrupted")
        kill(process.processIdentifier, number)
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("Ctrl-C (SIGINT) and SIGTERM remove the staging folder, exit 130 and 143, and keep the old output", arguments: [
        (SIGINT, Int32(130)), (SIGTERM, Int32(143)),
    ])
    func signalRemovesStaging(number: Int32, status: Int32) throws {
        let output = ExampleSite.temporaryFolder("Output")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data("the site as it was".utf8).write(to: output.appending(path: "index.html"))
        #expect(try Self.interruptedBuild(into: output, signal: number) == status)
        #expect(Self.entries(beside: output) == ["Output"])
        #expect(try String(contentsOf: output.appending(path: "index.html"), encoding: .utf8) == "the site as it was")
    }

    @Test("the next build removes staging folders whose process is gone, and nothing else")
    func staleStagingRemoved() throws {
        let output = ExampleSite.temporaryFolder("Output")
        let parent = output.deletingLastPathComponent()
        // A process id that no longer runs: a finished child's.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        let alive = ProcessInfo.processInfo.processIdentifier
        let names = [
            ".Output.staging-\(dead)-1796400000000",  // interrupted build: removed
            ".Output.old-\(dead)-1796400000000",  // its old output, the output exists: removed
            ".Output.staging-\(alive)-1",  // a build still running: kept
            ".Output.staging-notes",  // not a name riskpress gives: kept
            ".Other.staging-\(dead)-1",  // another output's: kept
        ]
        for name in names {
            try FileManager.default.createDirectory(at: parent.appending(path: name + "/risks"), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: parent.appending(path: name + "/risks/a.html"))
        }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let report = SiteBuilder.build(BuildOptions(content: ExampleSite.content, templates: nil, output: output, pdf: false))
        #expect(report.succeeded)
        #expect(Self.entries(beside: output) == [".Other.staging-\(dead)-1", ".Output.staging-\(alive)-1", ".Output.staging-notes", "Output"])
    }
}
