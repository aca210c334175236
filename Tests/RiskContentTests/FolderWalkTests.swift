import Foundation
import Testing

@testable import RiskContent

@Suite("Listing the Content folder")
struct FolderWalkTests {
    /// A Content folder as users keep one: nested folders, a hidden folder and file, an editor's
    /// swap file, a register linked in from elsewhere and a link to a folder.
    static func makeFolder() throws -> URL {
        let manager = FileManager.default
        let root = manager.temporaryDirectory.appending(path: "riskpress-walk-\(UUID().uuidString)")
        let outside = root.appending(path: "outside")
        let content = root.appending(path: "Content")
        for folder in ["registers/czj", "registers/qwb", ".git", "documents"] {
            try manager.createDirectory(at: content.appending(path: folder), withIntermediateDirectories: true)
        }
        try manager.createDirectory(at: outside.appending(path: "more"), withIntermediateDirectories: true)
        let files = [
            "site.yaml", "registers/czj/t01.yaml", "registers/qwb/清单.csv", "documents/ch01.md", ".git/HEAD",
            ".DS_Store", "registers/czj/.t01.yaml.swp",
        ]
        for file in files { try Data("x".utf8).write(to: content.appending(path: file)) }
        try Data("linked".utf8).write(to: outside.appending(path: "t02.yaml"))
        try Data("y".utf8).write(to: outside.appending(path: "more/t03.yaml"))
        try manager.createSymbolicLink(
            at: content.appending(path: "registers/czj/t02.yaml"), withDestinationURL: outside.appending(path: "t02.yaml"))
        try manager.createSymbolicLink(at: content.appending(path: "registers/more"), withDestinationURL: outside.appending(path: "more"))
        return content
    }

    @Test("regular files, sorted, hidden ones left out; a linked file is read, a linked folder is not entered")
    func listing() throws {
        let content = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: content.deletingLastPathComponent()) }
        let files = try #require(FolderWalk.files(under: content.path))
        #expect(files.map(\.path) == ["documents/ch01.md", "registers/czj/t01.yaml", "registers/czj/t02.yaml", "registers/qwb/清单.csv", "site.yaml"])
        #expect(files.first { $0.path == "registers/czj/t02.yaml" }?.size == 6, "the linked file's own size")
        #expect(try ContentFileSystem.directory(content).listFiles() == files.map(\.path))
        #expect(FolderWalk.files(under: content.appending(path: "none").path) == nil)
        #expect(throws: (any Error).self) { try ContentFileSystem.directory(content.appending(path: "site.yaml")).listFiles() }
    }

    @Test("an edit changes the file's time or size; nothing else does")
    func changes() throws {
        let content = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: content.deletingLastPathComponent()) }
        let before = try #require(FolderWalk.files(under: content.path))
        #expect(FolderWalk.files(under: content.path) == before)
        try Data("x, longer".utf8).write(to: content.appending(path: "registers/czj/t01.yaml"))
        let after = try #require(FolderWalk.files(under: content.path))
        #expect(after.map(\.path) == before.map(\.path))
        #expect(after.filter { !before.contains($0) }.map(\.path) == ["registers/czj/t01.yaml"])
    }

    /// Files in memory with times and sizes, counting the reads.
    final class StampedFiles: @unchecked Sendable {
        private let lock = NSLock()
        var files: [String: (text: String, modified: Int64)] = [:]
        private(set) var reads: [String] = []

        var fileSystem: ContentFileSystem {
            ContentFileSystem(
                listFiles: { self.listed().map(\.path) },
                read: { path in
                    self.lock.lock()
                    defer { self.lock.unlock() }
                    self.reads.append(path)
                    return Data(self.files[path]!.text.utf8)
                },
                listStamped: { self.listed() })
        }

        func listed() -> [FolderWalk.File] {
            lock.lock()
            defer { lock.unlock() }
            return files.map { FolderWalk.File(path: $0.key, modified: $0.value.modified, size: Int64($0.value.text.utf8.count)) }
                .sorted { $0.path < $1.path }
        }

        func takeReads() -> [String] {
            lock.lock()
            defer { lock.unlock() }
            defer { reads = [] }
            return reads.sorted()
        }
    }

    @Test("a rebuild reads only the files whose time or size changed, and a same-size edit just after a read is still seen")
    func stampedReads() throws {
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        let hourAgo = now - 3_600_000_000_000
        let store = StampedFiles()
        let register = "- 风险点: 收文登记要素不全面。\n  风险等级: 一般\n  责任主体: bgs\n"
        store.files = [
            "site.yaml": (Fixture.site, hourAgo), "units/ju.yaml": (Fixture.units, hourAgo),
            "registers/a.yaml": (register, hourAgo), "registers/b.yaml": (register, hourAgo),
        ]
        let loader = ContentLoader(fileSystem: store.fileSystem)
        let cache = ContentLoader.Cache()
        #expect(loader.load(cache: cache).register?.risks.count == 2)
        #expect(store.takeReads() == ["registers/a.yaml", "registers/b.yaml", "site.yaml", "units/ju.yaml"])

        // Nothing changed: only site.yaml, which says how to read the rest, is read again.
        #expect(loader.load(cache: cache).register?.risks.count == 2)
        #expect(store.takeReads() == ["site.yaml"])

        // An edit gives a new time: that file is read.
        store.files["registers/b.yaml"] = (register.replacingOccurrences(of: "一般", with: "重大"), now - 60_000_000_000)
        #expect(loader.load(cache: cache).register?.risks.values.map(\.level) == [.rated(scheme: "sanji", level: "yiban"), .rated(scheme: "sanji", level: "zhongda")])
        #expect(store.takeReads() == ["registers/b.yaml", "site.yaml"])

        // A file modified just before it was read may change again within the same tick of a
        // coarse clock, keeping its time and size: it is read, and the edit is seen.
        store.files["registers/a.yaml"] = (register, now)
        _ = loader.load(cache: cache)
        store.files["registers/a.yaml"] = (register.replacingOccurrences(of: "一般", with: "较大"), now)
        #expect(loader.load(cache: cache).register?.risks.values.map(\.level) == [.rated(scheme: "sanji", level: "jiaoda"), .rated(scheme: "sanji", level: "zhongda")])
    }
}
