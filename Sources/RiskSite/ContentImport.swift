import Foundation
import RiskContent

/// Writes what `OfficeImport` made from a Word or Excel file into a Content folder, never over
/// a file that is there unless told to.
public enum ContentImport {
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads `file` (.docx, .xlsx, .xlsm), writes its Content files into `content` and returns what was made.
    /// Nothing is written when any target exists (without `force`) or the file cannot be read.
    public static func run(file: URL, into content: URL, options: OfficeImport.Options, force: Bool) throws -> OfficeImport.Result {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw Refusal(description: "\(file.path): the file cannot be read (\(error.localizedDescription))")
        }
        let result: OfficeImport.Result
        do {
            switch file.pathExtension.lowercased() {
            case "docx", "docm":
                result = try OfficeImport.word(data, fileName: file.lastPathComponent, options: options)
            case "xlsx", "xlsm":
                result = try OfficeImport.workbook(data, fileName: file.lastPathComponent, options: options)
            default:
                throw Refusal(description: "\(file.path): riskpress imports Word (.docx) and Excel (.xlsx) files; save it as one of them")
            }
        } catch let failure as OfficeImport.Failure {
            throw Refusal(description: "\(file.path): error: \(failure.message)\n    hint: \(failure.hint)")
        }
        let manager = FileManager.default
        if !force {
            let existing = result.files.map(\.path).filter { manager.fileExists(atPath: content.appending(path: $0).path) }
            if !existing.isEmpty {
                throw Refusal(
                    description: "nothing written: \(existing.count) file(s) exist already in \(content.path), e.g. \(existing[0]); "
                        + "pass --id to import under other names, or --force to overwrite them")
            }
        }
        for (path, text) in result.files {
            let url = content.appending(path: path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        }
        return result
    }
}
