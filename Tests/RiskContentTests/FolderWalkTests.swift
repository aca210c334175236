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
}
