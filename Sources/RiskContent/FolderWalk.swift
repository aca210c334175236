#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The regular files under a folder, found with `opendir`/`readdir` and `lstat`.
///
/// Foundation's enumerator makes a URL and a resource-value dictionary for every file; listing a
/// province's 1,800 Content files that way took longer than reading them, and `serve` lists them
/// again every poll to see what changed.
public enum FolderWalk {
    /// A regular file: its path relative to the folder walked (with `/`), its modification time in
    /// nanoseconds since 1970 and its size in bytes.
    public struct File: Equatable, Sendable {
        public var path: String
        public var modified: Int64
        public var size: Int64

        public init(path: String, modified: Int64, size: Int64) {
            self.path = path
            self.modified = modified
            self.size = size
        }
    }

    /// Every regular file under `root`, sorted by path; hidden files and folders (names starting
    /// with `.`) are skipped when `skipHidden`. A symbolic link to a file counts as that file; one to
    /// a folder is not followed (no loops). Nil when `root` is not a folder that can be read.
    public static func files(under root: String, skipHidden: Bool = true) -> [File]? {
        var files: [File] = []
        guard walk(root, prefix: "", skipHidden: skipHidden, into: &files) else { return nil }
        files.sort { $0.path < $1.path }
        return files
    }

    /// False when `folder` cannot be opened (a sub-folder that cannot is left out).
    @discardableResult
    private static func walk(_ folder: String, prefix: String, skipHidden: Bool, into files: inout [File]) -> Bool {
        guard let directory = opendir(folder) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." || (skipHidden && name.hasPrefix(".")) { continue }
            let full = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFLNK {
                guard stat(full, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(full, prefix: prefix + name + "/", skipHidden: skipHidden, into: &files)
            case S_IFREG:
                let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                files.append(File(path: prefix + name, modified: modified, size: Int64(info.st_size)))
            default:
                continue
            }
        }
        return true
    }
}
