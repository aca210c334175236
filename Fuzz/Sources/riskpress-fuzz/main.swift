import Foundation
import RiskContent
import RiskModel

// One libFuzzer executable for every Content reader: `riskpress-fuzz <harness> [libFuzzer flags] [corpus…]`.
// Each input is one file of a small Content folder (the example's site.yaml, units and two of its
// registers) and is loaded as a build loads it. The invariants:
//   - no crash and no hang (libFuzzer's -timeout);
//   - every diagnostic about the fuzzed file points inside it (line within its lines, column
//     within the line), and names a file of the Content;
//   - a load that fails has an error to say why;
//   - a printed diagnostic holds no control character but the line break before its hint.

/// Which file of the Content the input becomes, and what goes with it.
struct Harness {
    var path: String
    var extra: [String: String] = [:]

    static let all: [String: Harness] = [
        "site": Harness(path: "site.yaml"),
        "yaml-register": Harness(path: "registers/fuzz.yaml"),
        "csv-register": Harness(
            path: "registers/fuzz.csv", extra: ["registers/fuzz.csv.yaml": "编号: fuzz-csv\n标题: 清单\n范围: qwb\n"]),
        "flow": Harness(path: "flows/fuzz.yaml"),
        "document": Harness(path: "documents/fuzz.md"),
        "disclosure": Harness(path: "disclosures/fuzz.yaml"),
        "workbook": Harness(path: "registers/fuzz.xlsx"),
        // An archived edition: the input is register.json, with an edition.yaml that records its
        // checksum; an input holding a line "%%" is edition.yaml above it and register.json below.
        "edition": Harness(path: "Archive/fuzz/register.json"),
    ]
}

/// The Content files every input is loaded with, read once from the repository's example.
let companions: [String: Data] = {
    let content = URL(fileURLWithPath: ProcessInfo.processInfo.environment["RISKPRESS_CONTENT"] ?? "Content")
    var files: [String: Data] = [:]
    for path in [
        "site.yaml", "units/czj.yaml", "units/gs.yaml", "units/qwb.yaml", "domains/czj.yaml",
        "registers/czj/t01.yaml", "registers/gs/gangwei.yaml", "posts/gs-bgs.yaml",
    ] {
        guard let data = try? Data(contentsOf: content.appending(path: path)) else {
            fatalError("riskpress-fuzz: \(content.path)/\(path) is missing; run from the repository or set RISKPRESS_CONTENT")
        }
        files[path] = data
    }
    return files
}()

nonisolated(unsafe) var harness = Harness(path: "")

/// The lines of `data` counted generously (a \n or a \r ends one, and so may a byte of NEL, LS or
/// PS, which YAML also breaks lines at), and its longest line in bytes between \n only (a lone \r
/// may or may not end a line): upper bounds for a line and column in any encoding riskpress reads
/// but UTF-16.
func bounds(of data: Data) -> (lines: Int, width: Int) {
    var lines = 1, width = 0, current = 0
    for byte in data {
        if byte == 0x0D || byte == 0x85 || byte == 0xA8 || byte == 0xA9 { lines += 1 }
        if byte == 0x0A {
            lines += 1
            current = 0
        } else {
            current += 1
            width = max(width, current)
        }
    }
    return (lines, width)
}

func violation(_ what: String, _ diagnostic: Diagnostic?) -> Never {
    FileHandle.standardError.write(Data("riskpress-fuzz: \(what)\n\(diagnostic.map { String(reflecting: $0) } ?? "")\n".utf8))
    abort()
}

/// The edition harness: the archive reader on one edition's two files.
func checkEdition(_ data: Data) {
    var meta: Data
    var register = data
    if let range = data.range(of: Data("\n%%\n".utf8)) {
        meta = data[..<range.lowerBound]
        register = data[range.upperBound...]
    } else {
        meta = Data("版次: \"2025\"\n日期: 2025-12-01\n说明: fuzz\n校验值: \(EditionArchive.checksum(register))\n".utf8)
    }
    meta = Data(meta)
    register = Data(register)
    let result = EditionArchive.read(edition: meta, register: register, folder: "Archive/fuzz", today: Day(year: 2026, month: 12, day: 4))
    for diagnostic in result.diagnostics {
        let location = diagnostic.location
        let file: Data? = location.file == "Archive/fuzz/register.json" ? register : location.file == "Archive/fuzz/edition.yaml" ? meta : nil
        guard let file else { violation("a diagnostic names another file", diagnostic) }
        var (lines, width) = bounds(of: file)
        if file.starts(with: [0xFF, 0xFE]) || file.starts(with: [0xFE, 0xFF]) { (lines, width) = (file.count, file.count) }
        guard location.line >= 0, location.line <= lines else { violation("line outside the file", diagnostic) }
        if location.line > 0, location.column < 1 || location.column > width + 1 { violation("column outside the line", diagnostic) }
        let printed = diagnostic.description.replacingOccurrences(of: "\n    hint: ", with: "    hint: ")
        if printed.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            violation("a control character printed raw", diagnostic)
        }
    }
    if result.recorded == nil, !result.diagnostics.contains(where: { $0.severity == .error }) {
        violation("the edition was not read and no error says why", nil)
    }
}

func check(_ data: Data) {
    if harness.path.hasPrefix("Archive/") { return checkEdition(data) }
    var files = companions
    files[harness.path] = data
    for (path, text) in harness.extra { files[path] = Data(text.utf8) }
    let result = ContentLoader(fileSystem: .memory(files)).load()
    var (lines, width) = bounds(of: data)
    // UTF-16 text: 0x0A bytes inside characters are no line breaks, and a NEL is 00 85: bound the
    // line and the column by the whole file.
    if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) { (lines, width) = (data.count, data.count) }
    for diagnostic in result.diagnostics {
        let location = diagnostic.location
        guard files[location.file] != nil || location.file.isEmpty || location.file == "Content" else {
            violation("a diagnostic names a file that is not in the Content", diagnostic)
        }
        if location.file == harness.path, location.cell == nil {
            guard location.line >= 0, location.line <= lines else { violation("line outside the file", diagnostic) }
            if location.line > 0, location.column < 1 || location.column > width + 1 {
                violation("column outside the line", diagnostic)
            }
        }
        // The one line break allowed is the one before the hint.
        let printed = diagnostic.description.replacingOccurrences(of: "\n    hint: ", with: "    hint: ")
        if printed.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            violation("a control character printed raw", diagnostic)
        }
    }
    if result.register == nil, !result.diagnostics.contains(where: { $0.severity == .error }) {
        violation("the load failed without an error", nil)
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

// The harness is the first argument; it is passed on in the environment to the processes
// libFuzzer starts itself (-merge, -fork), which get the flags only.
var arguments = CommandLine.arguments
if arguments.count > 1, Harness.all[arguments[1]] != nil {
    setenv("RISKPRESS_FUZZ_HARNESS", arguments[1], 1)
    arguments.remove(at: 1)
}
guard let name = ProcessInfo.processInfo.environment["RISKPRESS_FUZZ_HARNESS"], let chosen = Harness.all[name] else {
    let names = Harness.all.keys.sorted().joined(separator: " | ")
    FileHandle.standardError.write(Data("usage: riskpress-fuzz <\(names)> [libFuzzer flags] [corpus folders]\n".utf8))
    exit(2)
}
harness = chosen
_ = companions
var argc = CInt(arguments.count)
var cStrings = arguments.map { strdup($0) }
cStrings.append(nil)
let status = cStrings.withUnsafeMutableBufferPointer { buffer in
    var argv = buffer.baseAddress!
    return runDriver(&argc, &argv) { bytes, count in
        check(bytes.map { Data(bytes: $0, count: count) } ?? Data())
        return 0
    }
}
exit(status)
