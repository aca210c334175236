import Foundation
import RiskContent
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

    /// Where a build writes: a staging folder that replaces the output (a full build), or the
    /// output itself, page by page (a rebuild of what changed).
    enum Target: Sendable {
        case staging(Staging)
        case inPlace(InPlace)

        func write(_ file: RenderedFile) {
            switch self {
            case .staging(let staging): staging.write(file)
            case .inPlace(let inPlace): inPlace.write(file)
            }
        }

        /// A folder holding the manual as rendered, for WeasyPrint.
        var root: URL {
            switch self {
            case .staging(let staging): staging.writtenRoot
            case .inPlace(let inPlace): inPlace.manualFolder()
            }
        }

        var count: Int {
            switch self {
            case .staging(let staging): staging.count
            case .inPlace(let inPlace): inPlace.count
            }
        }

        /// The paths of the files held to be written in place (none for a staging folder).
        var paths: [String] {
            switch self {
            case .staging: []
            case .inPlace(let inPlace): inPlace.paths
            }
        }

        /// Drops what was written or held; the output stays as it was.
        func discard() {
            switch self {
            case .staging(let staging): staging.discard()
            case .inPlace(let inPlace): inPlace.discard()
            }
        }

        /// Puts the new files in place; `removing`: pages of things that are gone (a rebuild's).
        func finish(removing removed: [String]) throws {
            switch self {
            case .staging(let staging): try staging.commit()
            case .inPlace(let inPlace): try inPlace.commit(removing: removed)
            }
        }
    }

    /// The pages of a rebuild: kept in memory while the build runs, then each written over its old
    /// version only when the build succeeded (in place, see `overwrite`; a new file, or one with
    /// another hard link, is written beside it and renamed into place); pages of things that are
    /// gone are deleted. Unchanged files stay untouched.
    final class InPlace: @unchecked Sendable {
        let output: URL
        /// The large files as last written, to write only what changed in them.
        let written: WrittenFiles?
        private let lock = NSLock()
        private var files: [RenderedFile] = []
        private var folder: URL?

        init(_ output: URL, written: WrittenFiles? = nil) {
            self.output = output.standardizedFileURL
            self.written = written
        }

        func write(_ file: RenderedFile) {
            lock.lock()
            files.append(file)
            lock.unlock()
        }

        var count: Int {
            lock.lock()
            defer { lock.unlock() }
            return files.count
        }

        var paths: [String] {
            lock.lock()
            defer { lock.unlock() }
            return files.map(\.path)
        }

        /// A folder holding the manual as it will be once the rebuild is written: the manual's
        /// files held, over the output's (its print stylesheet is rendered only in a full build).
        func manualFolder() -> URL {
            lock.lock()
            defer { lock.unlock() }
            let folder = self.folder ?? FileManager.default.temporaryDirectory.appending(path: "riskpress-manual-\(UUID().uuidString)")
            self.folder = folder
            let manual = (Paths.manual as NSString).deletingLastPathComponent
            for file in FolderWalk.files(under: output.path + "/" + manual) ?? [] where manual + "/" + file.path != Paths.manualPDF {
                let url = folder.appending(path: manual + "/" + file.path)
                try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? FileManager.default.copyItem(atPath: output.path + "/" + manual + "/" + file.path, toPath: url.path)
            }
            for file in files where file.path.hasPrefix("manual/") {
                let url = folder.appending(path: file.path)
                try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? OutputWriter.writeFile(url.path, file)
            }
            return folder
        }

        /// Forgets the pages held and the manual's folder made for WeasyPrint.
        func discard() {
            lock.lock()
            defer { lock.unlock() }
            files = []
            if let folder { try? FileManager.default.removeItem(at: folder) }
            folder = nil
        }

        func commit(removing removed: [String]) throws {
            defer { if let folder { try? FileManager.default.removeItem(at: folder) } }
            let root = output.path
            let tag = "\(ProcessInfo.processInfo.processIdentifier)"
            for file in files {
                guard isSafeRelativePath(file.path) else {
                    throw Diagnostic.error(at: SourceLocation(file: file.path), "refusing to write outside the output folder", hint: nil)
                }
            }
            let failures = parallelMap(files) { file -> String? in
                let target = root + "/" + file.path
                do {
                    if try OutputWriter.overwrite(target, file, written: written) { return nil }
                } catch {
                    return "\(file.path): \(error.localizedDescription)"
                }
                let slash = target.lastIndex(of: "/")!
                let temporary = target[..<slash] + "/." + target[target.index(after: slash)...] + ".new-" + tag
                do {
                    try FileManager.default.createDirectory(atPath: String(target[..<slash]), withIntermediateDirectories: true)
                    try OutputWriter.writeFile(String(temporary), file)
                    guard rename(String(temporary), target) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                    written?.record(file, at: target)
                    return nil
                } catch {
                    unlink(String(temporary))
                    return "\(file.path): \(error.localizedDescription)"
                }
            }
            if let failure = failures.lazy.compactMap({ $0 }).first {
                throw Diagnostic.error(at: SourceLocation(file: root), "a file could not be written (\(failure))", hint: nil)
            }
            for path in removed where isSafeRelativePath(path) {
                try? FileManager.default.removeItem(atPath: root + "/" + path)
            }
        }
    }

    /// A new output being written: a hidden folder beside the output that takes files from any
    /// thread as they are rendered, then replaces the output in one move (`commit`), or is deleted
    /// (`discard`, or `commit` when a write failed).
    ///
    /// A file whose bytes are those of the same file in the old output is not written again: the
    /// staging folder gets a hard link to the old file. Building again into the same output (the
    /// usual case) then creates and deletes files only for what changed; making and deleting every
    /// file cost more than a third of such a build at province scale. Where links cannot be made,
    /// the file is written.
    final class Staging: @unchecked Sendable {
        let output: URL
        let root: URL
        /// The old output's path, when there is one to link unchanged files from.
        private let previous: String?
        private let tag: String
        /// Where the large files written are noted, for the rebuilds after this build.
        private let written: WrittenFiles?
        private let lock = NSLock()
        private var directories: Set<String> = []
        private var failure: Diagnostic?
        private var storedCount = 0
        /// The files rendered and not yet written.
        private var queue: WriteQueue!

        init(for output: URL, written: WrittenFiles? = nil) throws {
            self.written = written
            let output = output.standardizedFileURL
            let parent = output.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            tag = StagingFolders.newTag()
            self.output = output
            var isFolder: ObjCBool = false
            previous = FileManager.default.fileExists(atPath: output.path, isDirectory: &isFolder) && isFolder.boolValue ? output.path : nil
            StagingFolders.removeStale(beside: output)
            root = parent.appending(path: StagingFolders.name(of: output, kind: "staging", tag: tag))
            try StagingFolders.live.locked {
                try FileManager.default.createDirectory(at: root, withIntermediateDirectories: false)
                StagingFolders.live.add(root)
            }
            queue = WriteQueue { [unowned self] in store($0) }
        }

        deinit {
            queue.close()
        }

        /// Hands one file over to be written (safe from any thread). A failure is kept and
        /// reported by `commit`.
        func write(_ file: RenderedFile) {
            queue.enqueue(file)
        }

        /// The folder, with every file handed over so far written into it.
        var writtenRoot: URL {
            queue.waitUntilWritten()
            return root
        }

        /// The number of files written.
        var count: Int {
            queue.waitUntilWritten()
            lock.lock()
            defer { lock.unlock() }
            return storedCount
        }

        /// Writes one file, on the queue's thread.
        private func store(_ file: RenderedFile) {
            guard !StagingFolders.live.interrupted else { return }
            guard isSafeRelativePath(file.path) else {
                fail(.error(at: SourceLocation(file: file.path), "refusing to write outside the output folder", hint: nil))
                return
            }
            let target = root.path + "/" + file.path
            do {
                if let slash = file.path.lastIndex(of: "/") {
                    let directory = String(file.path[..<slash])
                    // Folders are made under the lock: two threads never race to make the same one.
                    lock.lock()
                    defer { lock.unlock() }
                    if !directories.contains(directory) {
                        try FileManager.default.createDirectory(atPath: root.path + "/" + directory, withIntermediateDirectories: true)
                        directories.insert(directory)
                    }
                }
                let old = previous.map { $0 + "/" + file.path }
                if let old, OutputWriter.holds(old, file), link(old, target) == 0 {
                    // The same bytes as last time: linked, not written.
                } else {
                    try writeFile(target, file)
                }
                // Noted by the file's inode, which the move of the staging folder keeps.
                written?.record(file, at: target)
                lock.lock()
                storedCount += 1
                lock.unlock()
            } catch {
                fail(.error(at: SourceLocation(file: target), "a file could not be written (\(error.localizedDescription))", hint: nil))
            }
        }

        private func fail(_ diagnostic: Diagnostic) {
            lock.lock()
            if failure == nil { failure = diagnostic }
            lock.unlock()
        }

        /// Puts the staged files in place of the output, carrying over the old output's hidden
        /// entries; throws (and leaves the old output) when any write failed.
        func commit() throws {
            queue.close()
            let fileManager = FileManager.default
            let old = output.deletingLastPathComponent().appending(path: StagingFolders.name(of: output, kind: "old", tag: tag))
            do {
                if let failure { throw failure }
                // Under the lock: an interrupt waits for the swap, and then finds nothing to remove.
                try StagingFolders.live.locked {
                    if fileManager.fileExists(atPath: output.path) {
                        for name in try fileManager.contentsOfDirectory(atPath: output.path) where name.hasPrefix(".") {
                            try fileManager.copyItem(at: output.appending(path: name), to: root.appending(path: name))
                        }
                        try fileManager.moveItem(at: output, to: old)
                        try fileManager.moveItem(at: root, to: output)
                    } else {
                        try fileManager.moveItem(at: root, to: output)
                    }
                    StagingFolders.live.remove(root)
                }
                try? fileManager.removeItem(at: old)
            } catch {
                discard()
                if !fileManager.fileExists(atPath: output.path), fileManager.fileExists(atPath: old.path) {
                    try? fileManager.moveItem(at: old, to: output)
                }
                throw error
            }
        }

        /// Deletes the staged files; the output stays as it was.
        func discard() {
            queue.close()
            try? FileManager.default.removeItem(at: root)
            StagingFolders.live.remove(root)
        }
    }

    /// Writes `file` to a new file at `path` with plain POSIX calls. `Data.write(to:)` syncs every file
    /// to disk, which costs more than rendering the page; the output is synced as a whole by the
    /// system, and a crash mid-build leaves only the staging folder behind.
    static func writeFile(_ path: String, _ file: RenderedFile) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        _ = try write(file, to: fd)
    }

    /// Writes `file` over the file at `path` in place, when it is a regular file with no other name
    /// (no hard link elsewhere would see the change); false, having written nothing, when it is not.
    ///
    /// Used by rebuilds only. Replacing a file by renaming a new one over it made ext4 start writing
    /// the new file to disk at once, and the 50 MB manual at province scale took 50–350 ms that way;
    /// written in place, it takes about 10 ms. The price is that a reader can see a half-written file
    /// during the write: `serve` answers no request while it rebuilds.
    ///
    /// With `written`, a large file still as it was last written (see `WrittenFiles`) is written only
    /// from its first part that differs from then: an edit of one risk point changes one stretch of
    /// the 50 MB manual and of the 35 MB exports, not the bytes before it.
    static func overwrite(_ path: String, _ file: RenderedFile, written: WrittenFiles? = nil) throws -> Bool {
        let fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1 else { return false }
        var parts = file.parts[...]
        var offset = 0
        if let kept = written?.parts(of: file.path, asNow: info) {
            for (old, new) in zip(kept, file.parts) {
                guard old.hasSameBytes(as: new) else { break }
                offset += new.count
                parts = parts.dropFirst()
            }
        }
        let size = try write(RenderedFile(path: file.path, parts: Array(parts)), to: fd, at: offset)
        guard ftruncate(fd, off_t(size)) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        written?.record(file, fd: fd, at: path)
        return true
    }

    /// The large files of the output as riskpress last wrote them: each one's parts, and the inode,
    /// size and modification time it had just after. A file that still has all three is trusted to
    /// hold those parts' bytes; one changed by anything else since is written whole.
    final class WrittenFiles: @unchecked Sendable {
        /// Smaller files are written whole: noting their parts would save less than it costs.
        static let smallest = 1 << 20

        private struct Entry {
            var parts: [RenderedFile.Part]
            var inode: UInt64
            var size: Int
            var seconds: Int
            var nanoseconds: Int
        }

        private let lock = NSLock()
        private var entries: [String: Entry] = [:]

        init() {}

        /// The parts the output's file `path` was last written with, when `info` (its status now)
        /// shows it unchanged since.
        func parts(of path: String, asNow info: stat) -> [RenderedFile.Part]? {
            lock.lock()
            defer { lock.unlock() }
            guard let entry = entries[path], entry.inode == UInt64(info.st_ino), entry.size == Int(info.st_size),
                entry.seconds == info.st_mtim.tv_sec, entry.nanoseconds == info.st_mtim.tv_nsec
            else { return nil }
            return entry.parts
        }

        /// Notes `file` as just written to `path` on disk (open as `fd`, when it is), which is or
        /// will be the output's `file.path`.
        func record(_ file: RenderedFile, fd: Int32? = nil, at path: String) {
            var info = stat()
            let known = file.count >= Self.smallest && (fd.map { fstat($0, &info) } ?? stat(path, &info)) == 0
            lock.lock()
            defer { lock.unlock() }
            guard known else {
                entries[file.path] = nil
                return
            }
            entries[file.path] = Entry(
                parts: file.parts, inode: UInt64(info.st_ino), size: Int(info.st_size), seconds: info.st_mtim.tv_sec,
                nanoseconds: info.st_mtim.tv_nsec)
        }
    }

    /// Writes `file` from the start of the open file `fd`; returns the number of bytes written. The
    /// many small parts of a page made of pieces (a row's cells, a flow) are gathered into blocks,
    /// not written one system call each.
    private static func write(_ file: RenderedFile, to fd: Int32, at start: Int = 0) throws -> Int {
        var offset = start
        guard file.parts.count > 1 else {
            try file.forEachChunk { try write(fd, $0, at: &offset) }
            return offset
        }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { block.deallocate() }
        var filled = 0
        func flush() throws {
            try write(fd, UnsafeRawBufferPointer(rebasing: block[..<filled]), at: &offset)
            filled = 0
        }
        try file.forEachChunk { chunk in
            guard !chunk.isEmpty else { return }
            if chunk.count >= block.count / 2 {
                // A large part goes straight to the file, after what the block holds.
                try flush()
                try write(fd, chunk, at: &offset)
            } else {
                if filled + chunk.count > block.count { try flush() }
                (block.baseAddress! + filled).copyMemory(from: chunk.baseAddress!, byteCount: chunk.count)
                filled += chunk.count
            }
        }
        try flush()
        return offset
    }

    /// Writes all of `bytes` at `offset` of the open file, and moves `offset` past them.
    private static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: inout Int) throws {
        var done = 0
        while done < bytes.count {
            let written = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if written < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            done += written
        }
        offset += done
    }

    /// Whether `path` is a regular file (not a link) holding exactly the bytes of `file`. The file
    /// is read a block at a time, not into a buffer of its whole size.
    static func holds(_ path: String, _ file: RenderedFile) -> Bool {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == file.count else { return false }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { block.deallocate() }
        var same = true
        file.forEachChunk { chunk in
            var checked = 0
            while same, checked < chunk.count {
                let got = read(fd, block.baseAddress!, min(block.count, chunk.count - checked))
                if got < 0, errno == EINTR { continue }
                guard got > 0, memcmp(block.baseAddress!, chunk.baseAddress! + checked, got) == 0 else {
                    same = false
                    return
                }
                checked += got
            }
        }
        return same
    }

    /// Relative, no `..`, no empty or hidden components.
    static func isSafeRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasPrefix(".")
        }
    }
}
