import Foundation
import RiskContent
import RiskExport
import RiskModel

/// Records the register as an edition (版次) into the archive (see `EditionArchive`): the JSON
/// export of the whole register (internal entries too: the archive is the office's own, never
/// published) and edition.yaml. A folder is written whole under a hidden name and then renamed,
/// so the archive never holds half an edition.
public enum EditionRecorder {
    /// What recording would do, decided before the build writes anything.
    public enum Plan: Sendable {
        /// A new edition: its info and the register's bytes.
        case record(EditionInfo, Data)
        /// The same register is already the latest edition (or this very edition): nothing to add.
        case unchanged(existing: String)
    }

    /// Decides what recording `register` as `name` would do, given the archive's editions; a name
    /// already recorded with a different register is an error.
    public static func plan(
        name: String, note: String, date: Day, register: Register, archive: [EditionArchive.Recorded]
    ) -> Result<Plan, Diagnostic> {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.contains(where: \.isNewline) else {
            return .failure(.error(at: SourceLocation(file: "--edition"), "an edition needs a name", hint: "e.g. --edition 2026"))
        }
        let data = RegisterExport.json(register)
        let checksum = EditionArchive.checksum(data)
        if let same = archive.first(where: { $0.info.name == trimmed }) {
            if same.checksum == checksum { return .success(.unchanged(existing: same.info.name)) }
            return .failure(
                .error(
                    at: SourceLocation(file: "--edition"), value: trimmed,
                    "edition \(trimmed) is already recorded (\(same.info.date)), with a different register",
                    hint: "an edition is recorded once; give the new one another name, e.g. \(trimmed)-2"))
        }
        if let last = archive.last, last.checksum == checksum { return .success(.unchanged(existing: last.info.name)) }
        let id = EditionArchive.folderName(for: trimmed)
        if archive.contains(where: { $0.info.id == id }) {
            return .failure(
                .error(
                    at: SourceLocation(file: "--edition"), value: trimmed, "another edition's folder has this name's",
                    hint: "give the edition another name"))
        }
        return .success(.record(EditionInfo(name: trimmed, id: id, date: date, note: note), data))
    }

    /// Writes the edition into `archive` (created if missing).
    public static func write(_ edition: EditionInfo, register data: Data, into archive: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: archive, withIntermediateDirectories: true)
        let final = archive.appending(path: edition.id, directoryHint: .isDirectory)
        guard !manager.fileExists(atPath: final.path) else {
            throw Diagnostic.error(
                at: SourceLocation(file: final.path), "the archive already has a folder \(edition.id)",
                hint: "move it away if it is not an edition")
        }
        let temporary = archive.appending(path: ".recording-\(getpid())-\(edition.id)", directoryHint: .isDirectory)
        try? manager.removeItem(at: temporary)
        try manager.createDirectory(at: temporary, withIntermediateDirectories: false)
        do {
            try data.write(to: temporary.appending(path: EditionArchive.registerFile))
            try Data(metadata(edition, checksum: EditionArchive.checksum(data)).utf8)
                .write(to: temporary.appending(path: EditionArchive.editionFile))
            try manager.moveItem(at: temporary, to: final)
        } catch {
            try? manager.removeItem(at: temporary)
            throw error
        }
    }

    /// edition.yaml's text.
    static func metadata(_ edition: EditionInfo, checksum: String) -> String {
        """
        # 版次档案（riskpress 记录）。请勿手工修改本文件夹中的文件：校验值会发现改动。
        版次: \(quoted(edition.name))
        日期: \(edition.date)
        说明: \(quoted(edition.note))
        校验值: \(checksum)

        """
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += String(format: "\\x%02X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
