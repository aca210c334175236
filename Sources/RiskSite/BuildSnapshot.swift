import Foundation
import RiskContent
import RiskModel
import RiskRender

/// What `riskpress build` leaves for the next `riskpress build` into the same output, so that one
/// renders only what an edit touched, as `serve` does between edits: the Content files as they were
/// read (time, size and bytes), the theme, and a fingerprint of the output they made.
///
/// The next build parses the kept files into the register the output was made from, takes the
/// Content's files that kept their time and size from it without reading them, and hands both to
/// the same rebuild as `serve` (`SiteRenderer.pages(from:to:)`). The snapshot is used only when it
/// was made by the same riskpress binary with the same options, and the output is file for file
/// (path, size, time) what that build left; anything else and the build is a full one. It lives
/// in a cache folder of its own, never in the output: it holds internal Content, and the output
/// may be published.
struct BuildSnapshot {
    /// What must be the same for the snapshot to stand for the output: the binary, the folders and
    /// the options.
    var key: String
    /// When the files were listed (ns since 1970); their times are trusted only as of then.
    var readAt: Int64
    /// The output's files (path, size, time) as the build left them, hashed.
    var output: UInt64
    /// The theme's sources as the output was rendered with them.
    var theme: [String: Data]
    /// The search index's files in the output (a rebuild writes the index anew and deletes the
    /// shards it no longer has).
    var searchFiles: [String]
    /// The editions the output shows (`SiteBuilder`'s history key; empty without an archive).
    var history: String
    var files: [File]

    struct File {
        var path: String
        var modified: Int64
        var size: Int64
        /// Nil for a file the build did not read (one riskpress does not use).
        var bytes: Data?
    }

    // MARK: - Building with a snapshot

    /// A build that starts from the snapshot left by the last build into the same output, when there
    /// is a usable one, and leaves a new one when it succeeds.
    static func build(_ options: BuildOptions, cacheFolder: URL) -> BuildReport {
        let listedAt = Int64(Date().timeIntervalSince1970 * 1e9)
        let location = file(for: options, in: cacheFolder)
        let key = key(for: options)
        let recorder = ContentRecorder(.directory(options.content))
        let state = SiteBuilder.State(keepsForRebuilds: false, fileSystem: recorder.fileSystem)
        var previous: BuildSnapshot?
        var seedSeconds = 0.0
        if let snapshot = read(location), snapshot.key == key, snapshot.output == outputFingerprint(options.output) {
            let start = DispatchTime.now().uptimeNanoseconds
            if state.seed(from: snapshot, profile: options.profile) { previous = snapshot }
            seedSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        var report = SiteBuilder.build(options, state: state)
        if previous != nil { report.timings.insert(("snapshot", seedSeconds), at: 0) }
        guard report.succeeded else { return report }
        // The output changed: the old snapshot no longer stands for it, whether or not a new one is written.
        try? FileManager.default.removeItem(at: location)
        guard let theme = state.written?.theme, let history = state.written?.history else { return report }
        let kept = Dictionary((previous?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let files = recorder.listing.map { listed -> File in
            var file = File(path: listed.path, modified: listed.modified, size: listed.size, bytes: recorder.bytes(of: listed.path))
            // A file trusted by its time and size was not read again: its bytes are the kept ones.
            if file.bytes == nil, let old = kept[listed.path], old.modified == file.modified, old.size == file.size {
                file.bytes = old.bytes
            }
            return file
        }
        let outputFiles = FolderWalk.files(under: options.output.path) ?? []
        let snapshot = BuildSnapshot(
            key: key, readAt: listedAt, output: fingerprint(outputFiles), theme: theme,
            searchFiles: outputFiles.map(\.path).filter(Paths.isSearchIndexFile), history: history, files: files)
        try? snapshot.write(to: location)
        release((state, recorder, snapshot, previous as Any), untilExit: options.endsProcess)
        return report
    }

    /// The snapshot's file for an output: one per output folder.
    static func file(for options: BuildOptions, in folder: URL) -> URL {
        let output = options.output.standardizedFileURL.path
        return folder.appending(path: String(stableHash(output), radix: 16) + ".snapshot")
    }

    /// The binary (its path, size and time), the folders and the options, as one line.
    static func key(for options: BuildOptions) -> String {
        var binary = ""
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path {
            var info = stat()
            if stat(executable, &info) == 0 {
                binary = "\(executable) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
            }
        }
        let fields = [
            "riskpress-snapshot-1", binary,
            options.content.standardizedFileURL.path, options.templates?.standardizedFileURL.path ?? "-",
            options.output.standardizedFileURL.path, options.profile.rawValue, "\(options.today)",
            options.pdf.map { "\($0)" } ?? "-",
        ]
        return fields.joined(separator: "\n")
    }

    /// The output's files (path, size, time) hashed; 0 for an output that is not there.
    static func outputFingerprint(_ output: URL) -> UInt64 {
        guard let files = FolderWalk.files(under: output.path) else { return 0 }
        return fingerprint(files)
    }

    private static func fingerprint(_ files: [FolderWalk.File]) -> UInt64 {
        var text = ""
        text.reserveCapacity(files.count * 64)
        for file in files { text += "\(file.path)\t\(file.size)\t\(file.modified)\n" }
        return stableHash(text)
    }

    // MARK: - The file

    private static let magic = Data("riskpress snapshot 1\n".utf8)

    private struct Header: Codable {
        var key: String
        var readAt: Int64
        var output: UInt64
        var theme: [String: Data]
        var searchFiles: [String]
        /// Absent in snapshots written before editions existed: no editions.
        var history: String?
    }

    /// Written beside its place and renamed into it, so a reader never sees half a snapshot.
    func write(to location: URL) throws {
        let folder = location.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var data = Self.magic
        let header = try JSONEncoder().encode(Header(key: key, readAt: readAt, output: output, theme: theme, searchFiles: searchFiles, history: history))
        data.appendInteger(UInt64(header.count))
        data.append(header)
        data.appendInteger(UInt64(files.count))
        for file in files {
            let path = Data(file.path.utf8)
            data.appendInteger(UInt64(path.count))
            data.append(path)
            data.appendInteger(UInt64(bitPattern: file.modified))
            data.appendInteger(UInt64(bitPattern: file.size))
            if let bytes = file.bytes {
                data.appendInteger(UInt64(bytes.count) + 1)
                data.append(bytes)
            } else {
                data.appendInteger(0)
            }
        }
        let temporary = folder.appending(path: ".\(location.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)")
        try data.write(to: temporary)
        guard rename(temporary.path, location.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    /// The snapshot at `location`; nil when there is none or it cannot be read whole.
    static func read(_ location: URL) -> BuildSnapshot? {
        guard let data = try? Data(contentsOf: location, options: .alwaysMapped), data.starts(with: magic) else { return nil }
        var reader = Reader(data: data, offset: magic.count)
        guard let headerLength = reader.integer(), let headerData = reader.bytes(Int(clamping: headerLength)),
            let header = try? JSONDecoder().decode(Header.self, from: headerData), let count = reader.integer(),
            count <= UInt64(data.count)
        else { return nil }
        var files: [File] = []
        files.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let pathLength = reader.integer(), let path = reader.bytes(Int(clamping: pathLength)),
                let modified = reader.integer(), let size = reader.integer(), let length = reader.integer()
            else { return nil }
            var bytes: Data?
            if length > 0 {
                guard let read = reader.bytes(Int(clamping: length - 1)) else { return nil }
                bytes = Data(read)
            }
            files.append(
                File(path: String(decoding: path, as: UTF8.self), modified: Int64(bitPattern: modified), size: Int64(bitPattern: size), bytes: bytes))
        }
        return BuildSnapshot(
            key: header.key, readAt: header.readAt, output: header.output, theme: header.theme, searchFiles: header.searchFiles,
            history: header.history ?? "", files: files)
    }

    /// Reads the snapshot's numbers (8 bytes, little-endian) and byte runs, refusing to run past the end.
    private struct Reader {
        let data: Data
        var offset: Int

        mutating func integer() -> UInt64? {
            guard let bytes = bytes(8) else { return nil }
            return bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }

        mutating func bytes(_ count: Int) -> Data? {
            let start = data.startIndex + offset
            guard count >= 0, count <= data.endIndex - start else { return nil }
            offset += count
            return data[start..<start + count]
        }
    }

    /// The Content as the snapshot holds it, for parsing into the register the output was made from.
    var fileSystem: ContentFileSystem {
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let listing = files.map { FolderWalk.File(path: $0.path, modified: $0.modified, size: $0.size) }
        return ContentFileSystem(
            listFiles: { listing.map(\.path) },
            read: { path in
                guard let bytes = byPath[path]?.bytes else { throw CocoaError(.fileReadNoSuchFile) }
                return bytes
            },
            listStamped: { listing })
    }
}

extension Data {
    fileprivate mutating func appendInteger(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

/// A Content folder whose listing and reads are kept, to be written into a `BuildSnapshot`.
final class ContentRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private let base: ContentFileSystem
    private var listed: [FolderWalk.File] = []
    private var read: [String: Data] = [:]

    init(_ base: ContentFileSystem) {
        self.base = base
    }

    var fileSystem: ContentFileSystem {
        let base = base
        let stamped: (@Sendable () throws -> [FolderWalk.File])?
        if let list = base.listStamped {
            stamped = { [self] in
                let files = try list()
                lock.lock()
                listed = files
                lock.unlock()
                return files
            }
        } else {
            stamped = nil
        }
        // A load without a cache lists paths only: their times and sizes are kept all the same.
        let listFiles: @Sendable () throws -> [String]
        if let stamped {
            listFiles = { try stamped().map(\.path) }
        } else {
            listFiles = base.listFiles
        }
        return ContentFileSystem(
            listFiles: listFiles,
            read: { [self] path in
                let bytes = try base.read(path)
                lock.lock()
                read[path] = bytes
                lock.unlock()
                return bytes
            },
            listStamped: stamped)
    }

    /// The files as last listed with their times and sizes.
    var listing: [FolderWalk.File] {
        lock.lock()
        defer { lock.unlock() }
        return listed
    }

    func bytes(of path: String) -> Data? {
        lock.lock()
        defer { lock.unlock() }
        return read[path]
    }
}
