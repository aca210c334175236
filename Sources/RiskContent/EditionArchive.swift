import Foundation
import RiskModel
import Yams

/// The archive of editions (档案库): a plain folder beside the Content, one folder per edition,
/// each holding the register as recorded (`register.json`, the JSON export: docs/export-format.md)
/// and `edition.yaml` (版次, 日期, 说明 and 校验值, the checksum of register.json).
/// See docs/editions.md.
public enum EditionArchive {
    public static let registerFile = "register.json"
    public static let editionFile = "edition.yaml"

    /// One edition as the archive holds it.
    public struct Recorded: Sendable {
        public var info: EditionInfo
        /// `fnv1a64-<16 hex digits>` of register.json's bytes, as recorded in edition.yaml.
        public var checksum: String
        public var register: RecordedRegister
    }

    /// The archive folder riskpress uses when none is given: `Archive/` beside the Content folder.
    public static func defaultFolder(forContent content: URL) -> URL {
        content.standardizedFileURL.deletingLastPathComponent().appending(path: "Archive", directoryHint: .isDirectory)
    }

    /// What the archive's files are (each edition's files: name, size, time of change), to tell
    /// cheaply whether it changed since it was read; "" without an archive.
    public static func fingerprint(_ folder: URL) -> String {
        let manager = FileManager.default
        let names = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        var parts: [String] = []
        for name in names {
            for file in [editionFile, registerFile] {
                var status = stat()
                let path = folder.appending(path: name).appending(path: file).path
                guard stat(path, &status) == 0 else {
                    parts.append("\(name)/\(file) -")
                    continue
                }
                parts.append("\(name)/\(file) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(status.st_ino)")
            }
        }
        return parts.joined(separator: "\n")
    }

    /// The checksum edition.yaml records for register.json's bytes.
    public static func checksum(_ data: Data) -> String {
        // Over the bytes in place: `Data`'s own iterator costs a call per byte (a quarter of a
        // province-scale diff went there).
        let hex = String(data.withUnsafeBytes { stableHash(bytes: $0) }, radix: 16)
        return "fnv1a64-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The folder name for an edition's name: the name itself when it is a safe id, else a hash.
    public static func folderName(for name: String) -> String {
        Identifiers.derived(from: name, prefix: "edition")
    }

    /// Every edition in `folder`, oldest first (by date, then name), and the problems found. A
    /// missing folder is an empty archive. `today` dates an edition "in the future".
    public static func read(_ folder: URL, today: Day) -> (editions: [Recorded], diagnostics: [Diagnostic]) {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else { return ([], []) }
        let shown = folder.lastPathComponent
        var diagnostics: [Diagnostic] = []
        let names = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        // Each edition read and decoded on a core of its own (decoding is most of the time).
        let read = parallelMap(names) { name -> (recorded: Recorded?, diagnostics: [Diagnostic])? in
            let manager = FileManager.default
            var isFolder: ObjCBool = false
            let editionFolder = folder.appending(path: name, directoryHint: .isDirectory)
            guard manager.fileExists(atPath: editionFolder.path, isDirectory: &isFolder), isFolder.boolValue else { return nil }
            let metaFile = "\(shown)/\(name)/\(editionFile)"
            let registerPath = "\(shown)/\(name)/\(registerFile)"
            guard let meta = manager.contents(atPath: editionFolder.appending(path: editionFile).path) else {
                return (
                    nil,
                    [.error(
                        at: SourceLocation(file: metaFile), "the edition has no \(editionFile)",
                        hint: "restore the folder from your backup, or remove it if it is not an edition")]
                )
            }
            guard let data = manager.contents(atPath: editionFolder.appending(path: registerFile).path) else {
                return (
                    nil,
                    [.error(
                        at: SourceLocation(file: registerPath), "the edition has no \(registerFile)",
                        hint: "restore the folder from your backup; an edition is its register")]
                )
            }
            return Self.read(edition: meta, register: data, folder: "\(shown)/\(name)", today: today)
        }
        var editions: [Recorded] = []
        var byName: [String: String] = [:]
        for (name, result) in zip(names, read) {
            guard let result else { continue }
            diagnostics += result.diagnostics
            guard let recorded = result.recorded else { continue }
            if let first = byName[recorded.info.name] {
                diagnostics.append(
                    .error(
                        at: SourceLocation(file: "\(shown)/\(name)/\(editionFile)", line: 1, column: 1), field: "版次",
                        value: recorded.info.name, "this edition is recorded twice (also in \(first))",
                        hint: "give each edition its own name, or remove the copy"))
                continue
            }
            byName[recorded.info.name] = "\(shown)/\(name)"
            editions.append(recorded)
        }
        editions.sort { ($0.info.date, $0.info.name) < ($1.info.date, $1.info.name) }
        return (editions, diagnostics)
    }

    /// One edition from its two files' bytes (`folder` names them in diagnostics), and the problems.
    public static func read(edition meta: Data, register: Data, folder: String, today: Day) -> (
        recorded: Recorded?, diagnostics: [Diagnostic]
    ) {
        var diagnostics: [Diagnostic] = []
        let recorded = read(
            meta: meta, file: "\(folder)/\(editionFile)", register: register, registerFile: "\(folder)/\(registerFile)",
            today: today, diagnostics: &diagnostics)
        return (recorded, diagnostics)
    }

    static func read(
        meta: Data, file: String, register data: Data, registerFile: String, today: Day, diagnostics: inout [Diagnostic]
    ) -> Recorded? {
        let text: String
        switch TextDecoding.decode(meta) {
        case .success(let decoded): text = decoded.text
        case .failure(let failure):
            diagnostics.append(.error(at: SourceLocation(file: file), failure.message, hint: failure.hint))
            return nil
        }
        let before = diagnostics.count
        guard
            let root = YAMLReading.parseRequired(
                text, file: file, empty: "edition.yaml is empty",
                hint: "restore it from your backup: it names the edition and holds its checksum", diagnostics: &diagnostics)
        else { return nil }
        guard let mapping = MappingReader(root, file: file, names: EditionField.names, what: "an edition", diagnostics: &diagnostics)
        else { return nil }
        mapping.warnUnknownKeys(known: "版次, 日期, 说明, 校验值", diagnostics: &diagnostics)
        let name = mapping.string(.name)?.value ?? ""
        if name.isEmpty {
            diagnostics.append(.error(at: mapping.location, field: "版次", "the edition has no name", hint: "e.g. `版次: \"2026\"`"))
        }
        var date: Day?
        if let given = mapping.string(.date) {
            date = Day(parsing: given.value)
            if date == nil {
                diagnostics.append(
                    .error(at: given.location, field: given.key, value: given.value, "not a date", hint: "write e.g. 2026-12-04"))
            } else if let date, today < date {
                diagnostics.append(
                    .warning(
                        at: given.location, field: given.key, value: given.value, "the edition is dated after today (\(today))",
                        hint: "an edition is dated the day it was recorded; check the date, or build with --date"))
            }
        } else {
            diagnostics.append(.error(at: mapping.location, field: "日期", "the edition has no date", hint: "e.g. `日期: 2026-12-04`"))
        }
        let actual = checksum(data)
        if let recorded = mapping.string(.checksum) {
            if recorded.value != actual {
                diagnostics.append(
                    .error(
                        at: recorded.location, field: recorded.key, value: recorded.value,
                        "\(registerFile) was changed after the edition was recorded (its checksum is now \(actual))",
                        hint: "restore it from your backup; to correct an edition, record a new one"))
            }
        } else {
            diagnostics.append(
                .error(
                    at: mapping.location, field: "校验值", "the edition has no checksum, so a change to it could not be seen",
                    hint: "restore edition.yaml from your backup"))
        }
        guard let register = decodeRegister(data, file: registerFile, diagnostics: &diagnostics),
            diagnostics[before...].allSatisfy({ $0.severity != .error }), let date
        else { return nil }
        return Recorded(
            info: EditionInfo(name: name, id: folderName(for: name), date: date, note: mapping.string(.note)?.value ?? ""),
            checksum: actual, register: register)
    }

    /// The risk points of a JSON export. Every field but the id may be missing: an edition recorded
    /// before a field existed still reads (a missing `status` is in use, a missing `public` is public).
    static func decodeRegister(_ data: Data, file: String, diagnostics: inout [Diagnostic]) -> RecordedRegister? {
        let document: Exported
        do {
            document = try JSONDecoder().decode(Exported.self, from: data)
        } catch {
            diagnostics.append(jsonDiagnostic(error, data: data, file: file))
            return nil
        }
        guard document.format == nil || document.format == "riskpress-register" else {
            diagnostics.append(
                .error(
                    at: SourceLocation(file: file, line: 1, column: 1), field: "format", value: document.format ?? "",
                    "not a riskpress register", hint: "an edition's register.json is riskpress's JSON export"))
            return nil
        }
        if let version = document.version, version > 1 {
            diagnostics.append(
                .error(
                    at: SourceLocation(file: file, line: 1, column: 1), field: "version", value: String(version),
                    "recorded by a newer riskpress (export format version \(version))", hint: "update riskpress"))
            return nil
        }
        var labels: [String: (label: String, rank: Int)] = [:]
        for scheme in document.levelSchemes ?? [] {
            for (rank, level) in (scheme.levels ?? []).enumerated() { labels["\(scheme.id)/\(level.id)"] = (level.label ?? level.id, rank) }
        }
        var unitNames: [String: String] = [:]
        for unit in document.units ?? [] { unitNames[unit.id] = unit.name ?? unit.id }
        return RecordedRegister(
            risks: (document.risks ?? []).map { risk in
                let level = risk.level.flatMap { labels["\(risk.levelScheme ?? "")/\($0)"] }
                let units = risk.units ?? []
                return RecordedRisk(
                    id: risk.id, text: risk.text ?? "", level: level?.label ?? risk.level, levelRank: level?.rank, unitIDs: units,
                    unitNames: units.map { unitNames[$0] ?? $0 }, measures: risk.measures ?? [],
                    manifestations: risk.manifestations ?? [], withdrawn: risk.status == "withdrawn", isPublic: risk.isPublic ?? true)
            })
    }

    /// A JSON error at its line and column when the decoder names them (by character offset or
    /// "line L, column C"), else at the file.
    static func jsonDiagnostic(_ error: Error, data: Data, file: String) -> Diagnostic {
        var place = SourceLocation(file: file, line: 1, column: 1)
        var message = "\(error)"
        if case DecodingError.dataCorrupted(let context) = error {
            message = context.debugDescription
            // The decoder does not say where the syntax broke; the serializer's error does.
            do {
                _ = try JSONSerialization.jsonObject(with: data)
            } catch {
                let described = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
                message = described
            }
        } else if case DecodingError.keyNotFound(let key, let context) = error {
            message = "\"\(key.stringValue)\" is missing at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        } else if case DecodingError.typeMismatch(_, let context) = error {
            message = "a value of the wrong kind at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        }
        if let range = message.range(of: #"line (\d+), column (\d+)"#, options: .regularExpression) {
            let numbers = message[range].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            if numbers.count == 2 { place = SourceLocation(file: file, line: numbers[0], column: numbers[1]) }
        } else if let range = message.range(of: #"character (\d+)"#, options: .regularExpression),
            let offset = Int(message[range].dropFirst("character ".count)), offset <= data.count
        {
            // A byte offset: its line, and its column in characters.
            let before = data.prefix(offset)
            let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? before.startIndex
            place.line = 1 + before.count { $0 == 0x0A }
            place.column = 1 + String(decoding: before[lineStart...], as: UTF8.self).count
        }
        return .error(
            at: place, "the recorded register does not read: \(message)",
            hint: "restore it from your backup; an archived edition is not edited by hand")
    }

    struct Exported: Decodable {
        var format: String?
        var version: Int?
        var levelSchemes: [Scheme]?
        var units: [ExportedUnit]?
        var risks: [ExportedRisk]?

        struct Scheme: Decodable {
            var id: String
            var levels: [ExportedLevel]?
        }
        struct ExportedLevel: Decodable {
            var id: String
            var label: String?
        }
        struct ExportedUnit: Decodable {
            var id: String
            var name: String?
        }
        struct ExportedRisk: Decodable {
            var id: String
            var text: String?
            var levelScheme: String?
            var level: String?
            var units: [String]?
            var measures: [String]?
            var manifestations: [String]?
            var isPublic: Bool?
            var status: String?

            enum CodingKeys: String, CodingKey {
                case id, text, levelScheme, level, units, measures, manifestations, status
                case isPublic = "public"
            }
        }
    }
}

/// Keys of an edition's edition.yaml.
enum EditionField: String, Hashable, Sendable {
    case name, date, note, checksum
    static let names = FieldNames<EditionField>([
        .name: ["edition", "版次"], .date: ["date", "日期"], .note: ["note", "说明"], .checksum: ["checksum", "校验值"],
    ])
}
