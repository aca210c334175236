import Foundation
import RiskModel
import RiskRender

/// The manual as PDF, through WeasyPrint (PyPI, version 63 or later), and a check of the fonts it will
/// actually get (fontconfig's `fc-match`).
enum ManualPDF {
    static let installHint =
        "install WeasyPrint 63 or later from PyPI: `python3 -m pip install \"weasyprint>=63\"` "
        + "(Debian's own package is older and slow with CJK fonts); scripts/setup.sh --tests does it"

    /// The PDF of the manual in a rendered output folder (`manual/index.html` and its print CSS), or a
    /// diagnostic saying why there is none. `searchPath`: where to look for programs (default: PATH).
    static func make(fromOutput root: URL, searchPath: String? = nil) -> Result<Data, Diagnostic> {
        guard let weasyprint = executable("weasyprint", searchPath: searchPath) else {
            return .failure(
                .warning(at: SourceLocation(file: Paths.manualPDF), "the manual's PDF is not written: WeasyPrint is not installed",
                         hint: installHint))
        }
        let pdf = FileManager.default.temporaryDirectory.appending(path: "riskpress-manual-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: pdf) }
        do {
            let (status, errors) = try run(weasyprint, ["--quiet", root.appending(path: Paths.manual).path, pdf.path])
            guard status == 0, let data = try? Data(contentsOf: pdf) else {
                return .failure(
                    .error(at: SourceLocation(file: Paths.manualPDF), "WeasyPrint could not make the manual's PDF",
                           hint: errors.split(separator: "\n").suffix(3).joined(separator: " ")))
            }
            return .success(data)
        } catch {
            return .failure(
                .error(at: SourceLocation(file: Paths.manualPDF), "the manual's PDF could not be made (\(error.localizedDescription))",
                       hint: nil))
        }
    }

    /// A warning for each font the manual asks for that fontconfig does not have, naming what it will
    /// use instead (e.g. 仿宋 asked for, Noto Serif CJK SC given).
    static func fontWarnings(_ manual: ManualConfig) -> [Diagnostic] {
        guard !manual.fonts.isEmpty, let fcMatch = executable("fc-match") else { return [] }
        var warnings: [Diagnostic] = []
        for font in manual.fonts {
            guard let (status, _, output) = try? runCapturing(fcMatch, ["-f", "%{family}", font]), status == 0 else { continue }
            let families = output.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if !families.contains(font.lowercased()) {
                warnings.append(
                    .warning(
                        at: SourceLocation(file: "site.yaml"), field: "手册.字体", value: font,
                        "this font is not installed; the manual will be set in \(output.split(separator: ",").first ?? "another font")",
                        hint: "install the font (e.g. a .ttf in ~/.fonts, then `fc-cache`), or name one that `fc-list :lang=zh` shows"))
            }
        }
        return warnings
    }

    static func executable(_ name: String, searchPath: String? = nil) -> String? {
        for directory in (searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    private static func run(_ path: String, _ arguments: [String]) throws -> (Int32, String) {
        let (status, errors, _) = try runCapturing(path, arguments)
        return (status, errors)
    }

    /// Runs a program; returns its exit status, standard error and standard output.
    private static func runCapturing(_ path: String, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a full pipe cannot block the program.
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors, as: UTF8.self), String(decoding: output, as: UTF8.self))
    }
}
