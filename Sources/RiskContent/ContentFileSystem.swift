import Foundation

/// The Content folder as riskpress sees it: a list of files and their bytes.
///
/// A plain struct of closures, so a test can hand the loader files from memory
/// without any protocol hierarchy.
public struct ContentFileSystem: Sendable {
    /// Every regular file, as paths relative to the Content root with `/` separators, sorted.
    public var listFiles: @Sendable () throws -> [String]
    /// The bytes of a file given by its relative path.
    public var read: @Sendable (String) throws -> Data
    /// Every regular file with its modification time and size, where they are known (on disk):
    /// a load that keeps parsed files (`ContentLoader.Cache`) reads again only the files whose
    /// time or size changed.
    public var listStamped: (@Sendable () throws -> [FolderWalk.File])?

    public init(
        listFiles: @escaping @Sendable () throws -> [String], read: @escaping @Sendable (String) throws -> Data,
        listStamped: (@Sendable () throws -> [FolderWalk.File])? = nil
    ) {
        self.listFiles = listFiles
        self.read = read
        self.listStamped = listStamped
    }

    /// The Content folder on disk. Hidden files and folders (`.git`, `.DS_Store`) are skipped.
    public static func directory(_ root: URL) -> ContentFileSystem {
        let root = root.standardizedFileURL
        let listStamped: @Sendable () throws -> [FolderWalk.File] = {
            guard let files = FolderWalk.files(under: root.path) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: root.path])
            }
            return files
        }
        return ContentFileSystem(
            listFiles: { try listStamped().map(\.path) },
            read: { relative in try Data(contentsOf: root.appending(path: relative)) },
            listStamped: listStamped
        )
    }

    /// Files held in memory: relative path → bytes. For tests.
    public static func memory(_ files: [String: Data]) -> ContentFileSystem {
        ContentFileSystem(
            listFiles: { files.keys.sorted() },
            read: { path in
                guard let data = files[path] else { throw CocoaError(.fileReadNoSuchFile) }
                return data
            }
        )
    }

    /// Files held in memory as UTF-8 text. For tests.
    public static func memory(text files: [String: String]) -> ContentFileSystem {
        memory(files.mapValues { Data($0.utf8) })
    }
}
