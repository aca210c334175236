import Foundation
import RiskModel
import Testing

@testable import RiskContent

@Suite("Bad input is reported, all at once, with file, line and column")
struct DiagnosticsTests {
    static let register = """
        编号: t9
        范围: ju
        风险清单:
          - 编号: r1
            风险点: 甲
            风险等级: 较大
            防控措施: [一]
          - 编号: r1
            风险点: 乙
            风险等级: 一般
            防控措施: [二]
          - 风险点: 丙
            风险等级: 很高
            防控措施: [三]
          - 风险点: 丁
            责任主体: 纪检组
            防控措施: [四]
          - 风险点: 戊
            风险等级: 一般
        """

    @Test("duplicate id, unknown level, dangling unit and empty measures: each at its line, in one run")
    func everyProblemOnce() throws {
        let result = Fixture.load(["registers/t9.yaml": Self.register])
        let diagnostics = result.diagnostics
        let duplicate = try #require(diagnostics.first(containing: "two risk points have this id"))
        #expect(duplicate.location == SourceLocation(file: "registers/t9.yaml", line: 8, column: 9))
        #expect(duplicate.hint?.contains("registers/t9.yaml:4") == true)
        let level = try #require(diagnostics.first(containing: "not a level"))
        #expect(level.location.line == 13)
        #expect(level.value == "很高")
        #expect(level.field == "风险等级")
        #expect(level.hint?.contains("重大, 较大, 一般") == true)
        let unit = try #require(diagnostics.first(containing: "no unit has this id or name"))
        #expect(unit.location.line == 16)
        #expect(unit.value == "纪检组")
        let measures = try #require(diagnostics.first(containing: "no prevention measures"))
        #expect(measures.location.line == 18)
        #expect(diagnostics.errors.count == 4)
    }

    @Test("two registers that give the same risk id, or share a register id: reported where the later one writes it")
    func duplicatesAcrossRegisters() throws {
        let result = Fixture.load([
            "registers/a.yaml": "范围: ju\n风险清单:\n  - {编号: r1, 风险点: 甲, 风险等级: 一般, 防控措施: [一]}\n",
            "registers/b.yaml": "范围: ju\n风险清单:\n  - 风险点: 乙\n    防控措施: [二]\n  - 编号: r1\n    风险点: 丙\n    防控措施: [三]\n",
            "registers/c.yaml": "编号: a\n范围: ju\n风险清单:\n  - {风险点: 丁, 防控措施: [四]}\n",
        ])
        let duplicate = try #require(result.diagnostics.first(containing: "two risk points have this id"))
        #expect(duplicate.location == SourceLocation(file: "registers/b.yaml", line: 5, column: 9))
        #expect(duplicate.field == "编号")
        #expect(duplicate.hint?.contains("registers/a.yaml:3") == true)
        let register = try #require(result.diagnostics.first(containing: "two registers have this id"))
        #expect(register.location.file == "registers/c.yaml")
        #expect(result.diagnostics.errors.count == 2)
        // The first of each is kept; the later risk point is left out of its register.
        #expect(result.register?.risks["r1"]?.text == "甲")
        #expect(result.register?.tables["b"]?.riskIDs == ["b-1"])
        #expect(result.register?.risks["a-1"] == nil)
    }

    @Test("a blank level is 未定级, not an error")
    func blankLevel() throws {
        let result = Fixture.load([
            "registers/a.yaml": "范围: ju\n风险清单:\n  - {风险点: 甲, 风险等级: '', 防控措施: [一]}\n"
        ])
        #expect(!result.diagnostics.hasErrors)
        #expect(result.register?.risks["a-1"]?.level == .unrated)
    }

    @Test("a YAML syntax error names its line; other files are still checked in the same run")
    func syntaxError() throws {
        let result = Fixture.load([
            "registers/broken.yaml": "风险清单:\n  - 风险点: 甲\n   风险等级: [较大\n",
            "registers/other.yaml": "风险清单:\n  - {风险点: 乙, 责任主体: 不存在, 防控措施: [一]}\n",
        ])
        let syntax = try #require(result.diagnostics.first(containing: "YAML syntax error"))
        #expect(syntax.location.file == "registers/broken.yaml")
        #expect(syntax.location.line >= 2)
        #expect(result.diagnostics.first(containing: "no unit has this id or name")?.location.file == "registers/other.yaml")
    }

    @Test("a CSV row with more cells than the header, and a CSV without a 风险点 column")
    func csvShape() throws {
        let result = Fixture.load([
            "registers/wide.csv": "风险点,防控措施\n甲,一\n乙,二,多余\n",
            "registers/nohead.csv": "序号,措施\n1,一\n",
        ])
        let wide = try #require(result.diagnostics.first(containing: "cells but the header has"))
        #expect(wide.location == SourceLocation(file: "registers/wide.csv", line: 3, column: 3))
        let noHeader = try #require(result.diagnostics.first(containing: "no 风险点 column"))
        #expect(noHeader.location.file == "registers/nohead.csv")
    }

    @Test("an id that would leave the output folder is refused")
    func unsafeID() throws {
        let result = Fixture.load(["registers/x.yaml": "风险清单:\n  - {编号: ../../etc/passwd, 风险点: 甲, 防控措施: [一]}\n"])
        let error = try #require(result.diagnostics.first(containing: "not a valid id"))
        #expect(error.location.line == 2)
        #expect(result.register?.risks.keys.contains { $0.contains("/") } == false)
    }

    @Test("an id too long for a file name is refused where it is written, not when its page is written")
    func longID() throws {
        // Found by IdentifierProperties: a 251-letter id passed, and the build failed writing risks/<id>.html.
        let long = String(repeating: "b", count: 251)
        let result = Fixture.load([
            "registers/x.yaml": "风险清单:\n  - {编号: \(long), 风险点: 甲, 防控措施: [一]}\n  - {编号: \(long.prefix(64)), 风险点: 乙, 防控措施: [一]}\n"
        ])
        let error = try #require(result.diagnostics.first(containing: "not a valid id"))
        #expect(error.location.line == 2)
        #expect(error.hint?.contains("at most 64") == true)
        #expect(result.diagnostics.errors.count == 1)
        #expect(Identifiers.isValid(String(long.prefix(64))) && !Identifiers.isValid(String(long.prefix(65))))
        // A file name longer than an id may be gives a hashed id, as a Chinese one does.
        #expect(Identifiers.derived(from: String(repeating: "x", count: 251), prefix: "r") == "r-\(Identifiers.shortHash(String(repeating: "x", count: 251)))")
    }

    @Test("an ambiguous unit name asks for the id")
    func ambiguousName() throws {
        let result = Fixture.load([
            "units/other.yaml": "- {编号: ju2, 名称: 另一局, 下设: [{编号: bgs2, 名称: 办公室}]}\n",
            "registers/x.yaml": "风险清单:\n  - {风险点: 甲, 责任主体: 办公室, 防控措施: [一]}\n",
            "registers/y.yaml": "范围: ju2\n风险清单:\n  - {风险点: 乙, 责任主体: 办公室, 防控措施: [一]}\n",
        ])
        let ambiguous = try #require(result.diagnostics.first(containing: "more than one unit"))
        #expect(ambiguous.location.file == "registers/x.yaml")
        #expect(ambiguous.hint?.contains("bgs") == true)
        #expect(result.register?.risks["y-1"]?.unitIDs == ["bgs2"], "the register's 范围 decides between the two")
    }

    @Test("a missing Content folder or site.yaml is a diagnostic")
    func missingSite() {
        let result = ContentLoader(fileSystem: .memory(text: ["registers/a.yaml": "[]"])).load()
        #expect(result.register == nil)
        #expect(result.diagnostics.first(containing: "no site.yaml") != nil)
        let none = ContentLoader(fileSystem: .directory(URL(fileURLWithPath: "/nonexistent/Content"))).load()
        #expect(none.diagnostics.hasErrors)
    }
}

@Suite("Empty files")
struct EmptyFileTests {
    @Test("a blank or comment-only site.yaml is an error, not a silent build of nothing")
    func emptySite() {
        for text in ["", "\n\n  \n", "# 站点配置\n", "---\n"] {
            let result = ContentLoader(fileSystem: .memory(text: ["site.yaml": text, "units/ju.yaml": Fixture.units])).load()
            #expect(result.register == nil)
            let error = result.diagnostics.errors.first
            #expect(error?.location.file == "site.yaml", "\(text.debugDescription)")
            #expect(error?.message.contains("empty") == true, "\(text.debugDescription)")
        }
    }

    @Test("an empty units, register or flow file is a warning naming it")
    func emptyFiles() {
        let result = Fixture.load(["units/空.yaml": "", "registers/空.yaml": "# 待填\n", "flows/空.yaml": "\n"])
        for file in ["units/空.yaml", "registers/空.yaml", "flows/空.yaml"] {
            let warning = result.diagnostics.first { $0.location.file == file }
            #expect(warning?.severity == .warning, "\(file)")
            #expect(warning?.message.contains("empty") == true, "\(file)")
        }
    }
}

@Suite("Diagnostics print as one readable line each, control characters escaped")
struct ControlCharacterTests {
    @Test("a NUL byte in a YAML value is reported at its line and column, and never printed raw")
    func nulInYAML() throws {
        let text = "编号: x\n范围: ju\n风险清单:\n  - 风险点: 甲\n    防控措施: \"a\u{0}b\"\n"
        let result = Fixture.load(["registers/x.yaml": text])
        let error = try #require(result.diagnostics.first { $0.location.file == "registers/x.yaml" && $0.severity == .error })
        #expect(error.location.line == 5)
        #expect(error.location.column == 13)
        #expect(error.message.contains("U+0000"))
        #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test("a NUL after Chinese text on a CRLF line is placed by characters, not bytes")
    func nulAfterChineseText() throws {
        let text = "编号: x\r\n范围: ju\r\n风险清单:\r\n  - 风险点: 甲\r\n    防控措施: \"甲乙\u{0}\"\r\n"
        let result = Fixture.load(["registers/x.yaml": text])
        let error = try #require(result.diagnostics.first { $0.location.file == "registers/x.yaml" && $0.severity == .error })
        #expect(error.location.line == 5)
        #expect(error.location.column == 14)
    }

    @Test("a syntax error in a CRLF file is placed on its own line, not past the end of the first")
    func syntaxErrorWithCRLF() throws {
        // Found by the fuzzer: a tab that starts no token, then a key on the next line.
        let text = "site.yaml电子邮箱\t    -\r\n 编表名: z\r\n"
        var diagnostics: [Diagnostic] = []
        #expect(YAMLReading.parse(text, file: "site.yaml", diagnostics: &diagnostics) == nil)
        let error = try #require(diagnostics.first)
        #expect(error.location.line == 2)
        #expect(error.location.column == 5)
    }

    @Test("a value holding a terminal escape or a line break is quoted with escapes")
    func escapesInValues() {
        let diagnostic = Diagnostic.error(
            at: SourceLocation(file: "registers/x.csv", line: 3, column: 5), field: "风险等级", value: "高\u{1B}[31m\n红\u{202E}",
            "not a level", hint: "use 一般")
        let printed = diagnostic.description
        #expect(printed == "registers/x.csv:3:5: error: not a level [风险等级: \"高\\u{1B}[31m\\n红\\u{202E}\"]\n    hint: use 一般")
    }
}

@Suite("A flood of diagnostics is grouped and capped")
struct DiagnosticDigestTests {
    /// A CSV register of `rows` rows, each with the level `level(row)`.
    static func csv(rows: Int, level: (Int) -> String) -> [String: String] {
        var lines = ["序号,责任主体,风险点,风险等级,防控措施"]
        for row in 1...rows { lines.append("\(row),办公室,风险\(row),\(level(row)),措施") }
        return ["registers/big.csv": lines.joined(separator: "\n"), "registers/big.csv.yaml": "范围: ju\n"]
    }

    @Test("the same cause on consecutive rows is one line with the range of rows")
    func consecutiveRowsGrouped() {
        let result = Fixture.load(Self.csv(rows: 500) { _ in "很高" })
        let errors = result.diagnostics.filter { $0.message.contains("not a level") }
        #expect(errors.count == 500)
        let lines = DiagnosticDigest.lines(result.diagnostics)
        let level = lines.filter { $0.contains("not a level") }
        #expect(level.count == 1)
        #expect(level.first?.hasPrefix("registers/big.csv:2:") == true)
        #expect(level.first?.contains("the same on 499 more rows, to line 501") == true)
        #expect(DiagnosticDigest.lines(result.diagnostics, perKind: nil).count == lines.count)
    }

    @Test("at most 20 of a kind are printed, then a count of the rest; all of them on request")
    func capPerKind() {
        // Every row a different unknown level: 60 causes of one kind, none consecutive to the next.
        let result = Fixture.load(Self.csv(rows: 60) { "等级\($0)" })
        let all = result.diagnostics.filter { $0.message.contains("not a level") }
        #expect(all.count == 60)
        let lines = DiagnosticDigest.lines(result.diagnostics)
        #expect(lines.filter { $0.contains("not a level") && !$0.hasPrefix("…") }.count == 20)
        #expect(lines.contains { $0.hasPrefix("… 40 more errors") && $0.contains("not a level") })
        let every = DiagnosticDigest.lines(result.diagnostics, perKind: nil)
        #expect(every.filter { $0.contains("not a level") }.count == 60)
    }
}
