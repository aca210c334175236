import Foundation
import RiskModel
import Testing

@testable import RiskContent

/// Inputs the fuzzer (Fuzz/) found a defect with, kept in Fuzz/regressions/ and read as Content here.
@Suite("Inputs the fuzzer found stay handled")
struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Fuzz/regressions")

    static func input(_ path: String) throws -> Data { try Data(contentsOf: folder.appending(path: path)) }

    /// An edition harness input read as the archive reads `Archive/x/`: edition.yaml above its
    /// "%%" line, register.json below.
    static func edition(_ path: String) throws -> (recorded: EditionArchive.Recorded?, diagnostics: [Diagnostic]) {
        let data = try input(path)
        let split = try #require(data.range(of: Data("\n%%\n".utf8)))
        return EditionArchive.read(
            edition: Data(data[..<split.lowerBound]), register: Data(data[split.upperBound...]), folder: "Archive/x",
            today: Day(year: 2026, month: 12, day: 4))
    }

    @Test("a workbook whose zip directory points past the end of the file is an error, not a crash")
    func workbookEntryPastEnd() throws {
        let result = Fixture.loadBytes(["registers/清单.xlsx": try Self.input("workbook/entry-offset-beyond-end.xlsx")])
        let error = try #require(result.diagnostics.first { $0.location.file == "registers/清单.xlsx" && $0.severity == .error })
        #expect(error.hint != nil)
    }

    @Test("a YAML error found at the end of the text is placed on the file's last line, not after it")
    func yamlErrorAtEnd() throws {
        let data = try Self.input("site/error-mark-past-last-line.yaml")
        let result = ContentLoader(fileSystem: .memory(["site.yaml": data])).load()
        let error = try #require(result.diagnostics.first { $0.location.file == "site.yaml" })
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).count
        #expect(error.location.line >= 1 && error.location.line <= lines)
    }
}

extension FuzzRegressionTests {
    @Test("a sheet whose XML holds bytes that are not UTF-8 in an element name is read, not a crash")
    func workbookInvalidUTF8() throws {
        let result = Fixture.loadBytes(["registers/清单.xlsx": try Self.input("workbook/invalid-utf8-in-element-name.xlsx")])
        // Read (the damaged bytes shown as U+FFFD), or refused with an error that names the file.
        #expect(result.register != nil || result.diagnostics.contains { $0.severity == .error && $0.location.file == "registers/清单.xlsx" })
    }
}

extension FuzzRegressionTests {
    @Test("a CSV cell holding a run of digits too long for a number is text, not a crash")
    func longDigitRun() throws {
        let data = try Self.input("csv-register/long-number-overflow.csv")
        let result = Fixture.loadBytes(["registers/x.csv": data, "registers/x.csv.yaml": Data("范围: ju\n".utf8)])
        #expect(result.register != nil || result.diagnostics.contains { $0.severity == .error })
        let items = CellList.items("1.甲\n99999999999999999999999.乙")
        // The long number is no item marker: its line continues item 1, nothing lost.
        #expect(items == ["甲99999999999999999999999.乙"])
    }
}

extension FuzzRegressionTests {
    @Test("an unknown key with no value is reported at the key, inside the file")
    func unknownKeyWithoutValue() throws {
        let data = try Self.input("disclosure/explicit-key-at-end.yaml")
        let result = Fixture.loadBytes(["disclosures/x.yaml": data])
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).count
        let about = result.diagnostics.filter { $0.location.file == "disclosures/x.yaml" }
        #expect(!about.isEmpty)
        #expect(about.allSatisfy { $0.location.line >= 1 && $0.location.line <= lines })
    }
}

extension FuzzRegressionTests {
    @Test("a syntax error in a GB18030 site.yaml with CR LF lines is placed inside its line")
    func crlfColumnInsideLine() throws {
        let data = try Self.input("site/crlf-gb18030-column-past-line.yaml")
        let result = ContentLoader(fileSystem: .memory(["site.yaml": data])).load()
        let error = try #require(result.diagnostics.first { $0.location.file == "site.yaml" })
        // Line 2 of the decoded text is 15 characters; libyaml's own line and column is 2:8.
        #expect(error.location.line == 2)
        #expect(error.location.column == 8)
    }
}

extension FuzzRegressionTests {
    @Test("a site.yaml that is one comment, its # carrying a combining mark, is an empty site, not a silent failure")
    func commentWithCombiningMark() throws {
        let data = try Self.input("site/comment-with-combining-mark.yaml")
        let result = ContentLoader(fileSystem: .memory(["site.yaml": data])).load()
        #expect(result.register == nil)
        let error = try #require(result.diagnostics.first { $0.location.file == "site.yaml" && $0.severity == .error })
        #expect(error.message.contains("empty"))
        // A document of directives and markers only is refused with an error too.
        let markers = ContentLoader(fileSystem: .memory(text: ["site.yaml": "%YAML 1.1\n---\n...\n"])).load()
        #expect(markers.diagnostics.contains { $0.location.file == "site.yaml" && $0.severity == .error })
    }
}

extension FuzzRegressionTests {
    @Test("an archived edition whose edition.yaml is one comment is an error, not an edition dropped in silence")
    func editionYAMLOnlyAComment() throws {
        let result = try Self.edition("edition/edition-yaml-only-a-comment.txt")
        #expect(result.recorded == nil)
        let error = try #require(result.diagnostics.first { $0.severity == .error })
        #expect(error.location.file == "Archive/x/edition.yaml")
        #expect(error.message.contains("empty"))
    }
}

extension FuzzRegressionTests {
    @Test("an empty YAML document with no final line break is placed inside the file")
    func emptyValueAtEndWithoutNewline() throws {
        let result = try Self.edition("edition/document-marker-without-final-newline.txt")
        let error = try #require(result.diagnostics.first { $0.location.file == "Archive/x/edition.yaml" })
        // edition.yaml is "---", one line; libyaml places its empty document on line 2.
        #expect(error.location.line == 1)
    }
}
