import Foundation
import RiskModel
import RiskRender

/// Writes a finished site: into a staging folder beside the output, then swapped into
/// place, so a reader never sees half a site and a failed write leaves the old one.
enum OutputWriter {
    /// Refuses an output folder whose replacement would delete the Content, the
    /// templates or the folder riskpress runs in.
    static func unsafeOutput(_ options: BuildOptions) -> Diagnostic? {
        let output = options.output.standardizedFileURL.resolvingSymlinksInPath().path
        let protected = [options.content, options.templates, URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
            .compactMap { $0?.standardizedFileURL.resolvingSymlinksInPath().path }
        for path in protected where path == output || path.hasPrefix(output.hasSuffix("/") ? output : output + "/") {
            return .error(
                at: SourceLocation(file: options.output.path), value: options.output.path,
                "the output folder contains \(path); building would replace it",
                hint: "choose an output folder of its own, e.g. --output Output")
        }
        return nil
    }

    /// Writes `files` as the new content of `output`. Hidden entries of the old output
    /// (`.git`, `.gitkeep`) are carried over.
    static func replace(_ output: URL, with files: [RenderedFile]) throws {
        let fileManager = FileManager.default
        let output = output.standardizedFileURL
        let parent = output.deletingLastPathComponent()
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let tag = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt64(Date().timeIntervalSince1970 * 1000))"
        let staging = parent.appending(path: ".\(output.lastPathComponent).staging-\(tag)")
        let old = parent.appending(path: ".\(output.lastPathComponent).old-\(tag)")
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            var directories: Set<String> = []
            for file in files {
                guard isSafeRelativePath(file.path) else {
                    throw Diagnostic.error(
                        at: SourceLocation(file: file.path), "refusing to write outside the output folder", hint: nil)
                }
                let target = staging.appending(path: file.path)
                let directory = target.deletingLastPathComponent().path
                if directories.insert(directory).inserted {
                    try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
                }
                try file.data.write(to: target)
            }
            if fileManager.fileExists(atPath: output.path) {
                for name in try fileManager.contentsOfDirectory(atPath: output.path) where name.hasPrefix(".") {
                    try fileManager.copyItem(at: output.appending(path: name), to: staging.appending(path: name))
                }
                try fileManager.moveItem(at: output, to: old)
                try fileManager.moveItem(at: staging, to: output)
                try? fileManager.removeItem(at: old)
            } else {
                try fileManager.moveItem(at: staging, to: output)
            }
        } catch {
            try? fileManager.removeItem(at: staging)
            if !fileManager.fileExists(atPath: output.path), fileManager.fileExists(atPath: old.path) {
                try? fileManager.moveItem(at: old, to: output)
            }
            throw error
        }
    }

    /// Relative, no `..`, no empty or hidden components.
    static func isSafeRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasPrefix(".")
        }
    }
}
