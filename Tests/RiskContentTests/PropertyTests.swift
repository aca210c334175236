import Foundation
import PropertyBased
import PropertyTestSupport
import RiskModel
import RiskRender
import Testing

@testable import RiskContent

// Property tests: each property is checked on a few hundred texts made of what offices write
// (Chinese characters, Chinese and ASCII punctuation, digits, list numbers, line breaks), and,
// for ids, of what a hostile or careless file name holds.

// MARK: - Generators

extension Generator where ResultValue == String {
    /// Texts of `count` pieces; a failing text shrinks by dropping pieces.
    func text(of count: ClosedRange<Int>) -> Generator<String, ArrayShrink> {
        array(of: count).map { $0.joined() }
    }
}

/// Words and numbers as registers hold them. Every number here is one `CellList` must not take
/// for a list number: more than two digits, or a digit after the dot, or no list mark after it.
let registerWords = [
    "严格执行", "审批程序", "加强", "监督检查", "未按规定", "报销", "资产", "公务接待", "科室", "岗位", "廉政", "用印", "合同", "预算",
]
let registerNumbers = ["2.5万元", "1-2个工作日", "5000元", "30%", "3日内", "2024年", "10个"]
let innerMarks = ["、", "：", "“", "”", "《", "》", "（", "）", "—", "，", "。", " ", "\u{3000}"]
let latinWords = ["OA", "ERP", "PDF", "A", "b"]

// MARK: - Cells that are lists

@Suite("Properties: cells that are lists")
struct CellListProperties {
    /// A cell written as numbered items, and the items it holds.
    struct NumberedCell: CustomStringConvertible {
        var cell: String
        var expected: [String]
        var description: String { "\(cell.debugDescription) → \(expected)" }
    }

    /// An item's text: starts with a Chinese character, ends with one or with 。, and may run
    /// on to a new line (a line that does not start with a number continues the item).
    static let itemText = zip(
        piece(hanzi: 1),
        piece(hanzi: 6, (3, registerWords), (2, registerNumbers), (3, innerMarks), (1, latinWords), (1, ["\n", "\r\n"])).array(of: 0...10),
        piece(hanzi: 3, (1, ["。"]))
    ).map { parts in parts.0 + parts.1.joined() + parts.2 }

    /// How offices number items, and what they put between them.
    static let marks = ["N.", "N．", "N、", "N)", "N）", "(N)", "（N）", "N. ", "N、 "]
    static let separators = ["；", ";", "。", "，", ",", " ", "\u{3000}", "\n", "\r\n", "\r", "\n\n", "；\n", "。\n", "; ", "；\r\n"]

    static let numberedCell = zip(
        Gen<String?>.element(of: marks).map { $0! },
        Gen<String?>.element(of: separators).map { $0! }.array(of: 5),
        itemText.array(of: 1...6),
        zip(Gen<String?>.element(of: ["", " ", "\u{3000}", "\n", "\t"]), Gen<String?>.element(of: ["", "；", "。", "\n", " ", "。\r\n"]))
    ).map { parts -> NumberedCell in
        let (mark, separators, items) = (parts.0, parts.1, parts.2)
        let (before, after) = (parts.3.0!, parts.3.1!)
        var cell = before
        var expected: [String] = []
        for (index, item) in items.enumerated() {
            let following = index + 1 < items.count ? separators[index] : after
            cell += mark.replacingOccurrences(of: "N", with: String(index + 1)) + item + following
            // A line break inside an item joins its lines; a 。 after it is the item's own full stop.
            let text = item.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined()
            expected.append(text + (following.hasPrefix("。") ? "。" : ""))
        }
        return NumberedCell(cell: cell, expected: expected)
    }

    @Test("numbered items, however numbered and separated, come out in order, each whole")
    func numberedItems() async {
        await propertyCheck(count: 300, input: Self.numberedCell) { numbered in
            #expect(CellList.items(numbered.cell) == numbered.expected)
        }
    }

    /// Anything a cell may hold, list numbers and stray digits included.
    static let anyCell = piece(
        hanzi: 8, (3, registerWords), (2, registerNumbers), (4, innerMarks), (2, latinWords),
        (3, ["1.", "2、", "（3）", "(1)", "2）", "4．", "1", "2", "12.", "3"]),
        (3, ["；", ";", "。", "，", ",", " ", "\t", "\u{3000}"]), (2, ["\n", "\r\n", "\r", "\n\n"])
    ).text(of: 0...30)

    @Test("no Chinese character or letter of a cell is lost, and what the items hold stands in the cell in that order")
    func nothingLost() async {
        await propertyCheck(count: 300, input: Self.anyCell) { cell in
            let items = CellList.items(cell)
            let joined = items.joined()
            #expect(isSubsequence(joined.unicodeScalars, of: cell.unicodeScalars), "\(items)")
            let letters = { (text: String) in String(text.unicodeScalars.filter(\.properties.isAlphabetic)) }
            #expect(letters(joined) == letters(cell), "\(items)")
        }
    }

    @Test("no item is empty or starts or ends with a blank")
    func noEmptyItem() async {
        await propertyCheck(count: 300, input: Self.anyCell) { cell in
            for item in CellList.items(cell) {
                #expect(!item.isEmpty)
                #expect(item.first.map { !$0.isWhitespace } ?? true, "\(item.debugDescription)")
                #expect(item.last.map { !$0.isWhitespace } ?? true, "\(item.debugDescription)")
            }
        }
    }

    /// A cell on one line with no digits, so no numbering.
    static let plainCell = piece(
        hanzi: 8, (3, registerWords), (4, innerMarks), (2, latinWords), (3, ["；", ";", "。", "，", ",", " ", "\t", "\u{3000}"])
    ).text(of: 0...30)

    @Test("a cell without numbering or line breaks is one item: the cell without its blanks and its trailing ；，")
    func unnumberedCell() async {
        await propertyCheck(count: 300, input: Self.plainCell) { cell in
            var expected = Substring(cell)
            while let first = expected.first, first.isWhitespace { expected.removeFirst() }
            while let last = expected.last, last.isWhitespace || "；;，,".contains(last) { expected.removeLast() }
            #expect(CellList.items(cell) == (expected.isEmpty ? [] : [String(expected)]))
        }
    }
}

/// Whether `part` is `whole` with some elements left out.
func isSubsequence<C: Collection>(_ part: C, of whole: C) -> Bool where C.Element: Equatable {
    var rest = whole[...]
    for element in part {
        guard let found = rest.firstIndex(of: element) else { return false }
        rest = rest[rest.index(after: found)...]
    }
    return true
}

// MARK: - Text decoding

@Suite("Properties: text decoding")
struct TextDecodingProperties {
    /// Text as a register file holds it, with the rarer characters an office meets (a four-byte
    /// GB18030 character, an emoji, accented Latin, circled numbers).
    static let fileText = piece(
        hanzi: 10, (3, registerWords), (2, registerNumbers),
        (4, ["，", "。", "、", "；", "：", "？", "！", "“", "”", "（", "）", "《", "》", "【", "】", "—", "…", "·", "\u{3000}"]),
        (4, ["a", "Z", "0", "9", ",", ".", "-", " ", "\"", "'", "#"]), (2, ["\n", "\r\n", "\t"]),
        (1, ["Ａ", "１", "％", "￥", "😀", "𠀀", "é", "ß", "€", "™", "①", "℃"])
    ).text(of: 0...40)

    @Test("UTF-8, with or without a byte order mark, and UTF-16 with one, read back as written; the mark is not kept")
    func unicodeRoundTrip() async {
        await propertyCheck(count: 300, input: Self.fileText) { text in
            let utf8 = Array(text.utf8)
            let utf16 = Array(text.utf16)
            let forms: [(bytes: [UInt8], encoding: TextDecoding.Encoding)] = [
                (utf8, .utf8),
                ([0xEF, 0xBB, 0xBF] + utf8, .utf8BOM),
                ([0xFF, 0xFE] + utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, .utf16LE),
                ([0xFE, 0xFF] + utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }, .utf16BE),
            ]
            for form in forms {
                guard let decoded = decode(form.bytes) else { continue }
                #expect(decoded.text.unicodeScalars.elementsEqual(text.unicodeScalars), "\(form.encoding)")
                #expect(decoded.encoding == form.encoding)
                #expect(decoded.text.unicodeScalars.first != "\u{FEFF}", "\(form.encoding)")
            }
        }
    }

    /// A text's GB18030 bytes can happen to be valid UTF-8 when the text is a few characters
    /// (e.g. 亩 is C4 B6 in GB18030, which is UTF-8 for Ķ); the decoder then reads UTF-8, as it must.
    /// A register file has its header row, so it is never that short.
    @Test("GB18030, as Excel and WPS save CSV on a Chinese system, reads back as written")
    func gb18030RoundTrip() async {
        await propertyCheck(count: 300, input: Self.fileText) { text in
            guard let bytes = TextDecoding.convert(Array(text.utf8), from: "UTF-8", to: "GB18030") else { return }
            let ambiguous = bytes != Array(text.utf8) && String(validating: bytes, as: UTF8.self) != nil
            guard !ambiguous else { return }
            guard let decoded = decode(bytes) else { return }
            #expect(decoded.text.unicodeScalars.elementsEqual(text.unicodeScalars))
            #expect(decoded.encoding == (text.unicodeScalars.allSatisfy(\.isASCII) ? .utf8 : .gb18030))
        }
    }
}

/// The text and the encoding read from `bytes`, or nil with the failure recorded: a property's
/// body must not throw, as `propertyCheck` drops what it throws without a failure.
func decode(_ bytes: [UInt8]) -> (text: String, encoding: TextDecoding.Encoding)? {
    switch TextDecoding.decode(Data(bytes)) {
    case .success(let decoded): return decoded
    case .failure(let failure):
        Issue.record("\(failure.message)")
        return nil
    }
}

// MARK: - Ids and the file names they make

/// A path component riskpress may write: not empty, not `.` or `..` or hidden, no slash or
/// backslash, no control or format character, and short enough for a file name (255 bytes).
func isSafeComponent<S: StringProtocol>(_ component: S) -> Bool {
    !component.isEmpty && !component.hasPrefix(".") && !component.contains("/") && !component.contains("\\")
        && component.utf8.count <= 255
        && component.unicodeScalars.allSatisfy { ![.control, .format].contains($0.properties.generalCategory) }
}

/// A relative path of safe components, under one of riskpress's folders.
func isSafePath(_ path: String) -> Bool {
    path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isSafeComponent)
}

@Suite("Properties: ids and the file names they make")
struct IdentifierProperties {
    /// What a file name, sheet name or written id may hold: path tricks, controls, Chinese,
    /// emoji, and long runs.
    static let hostile = piece(
        hanzi: 2, (4, ["a", "Z", "0", "9", "risk", "czj-1", "r_2", "v1.2"]), (1, ["财政局", "风险", "办法"]),
        (4, [".", "..", "/", "\\", "-", "_", " ", "~", ":", "*", "%2e", "\0", "\u{1}", "\u{7F}", "\u{85}", "\u{9B}", "\n", "\t"]),
        (1, ["\u{202E}", "\u{200B}", "\u{FEFF}", "😀", "👨‍👩‍👧", "é"]),
        (1, [String(repeating: "a", count: 100), String(repeating: "长", count: 90), String(repeating: "x", count: 251)])
    ).text(of: 0...12)

    /// Ids as people write them, now and then with a character or a length that is not allowed.
    static let written = piece(
        (12, ["a", "Z", "0", "9", "risk", "czj", "t01", "-", "_", ".", "1"]),
        (1, ["..", "/", "\\", "\0", "\u{1}", "\n", " ", "风险", "😀", "é"]),
        (1, [String(repeating: "a", count: 60), String(repeating: "0", count: 120), String(repeating: "b", count: 251)])
    ).text(of: 1...12)

    @Test("an id derived from any name is a valid id, a safe file name, and the same every time")
    func derivedIDs() async {
        await propertyCheck(count: 300, input: Self.hostile) { name in
            let id = Identifiers.derived(from: name, prefix: "r")
            #expect(Identifiers.isValid(id), "\(id.debugDescription)")
            #expect(isSafeComponent(id), "\(id.debugDescription)")
            #expect(Identifiers.derived(from: String(decoding: Array(name.utf8), as: UTF8.self), prefix: "r") == id)
            for path in [Paths.table(id), Paths.risk(id), Paths.flow(id), Paths.document(id), Paths.disclosure(id)] {
                #expect(isSafePath(path), "\(path.debugDescription)")
            }
        }
    }

    @Test("every id riskpress accepts makes safe file names, alone and joined as riskpress joins ids")
    func acceptedIDs() async {
        await propertyCheck(count: 300, input: Self.written, Self.written) { id, other in
            guard Identifiers.isValid(id) else { return }
            #expect(isSafeComponent(id), "\(id.debugDescription)")
            let pages = [
                Paths.unit(id), Paths.risk(id), Paths.post(id), Paths.power(id), Paths.document(id), Paths.domain(id),
                Paths.table(id), Paths.disclosure(id), Paths.flow(id),
            ]
            for path in pages { #expect(isSafePath(path), "\(path.debugDescription)") }
            guard Identifiers.isValid(other) else { return }
            // A level's page joins its scheme's id and its own; a workbook's sheet joins the
            // register's id and the sheet's; a row's id joins its register's id and its 序号.
            let sheet = "\(id)-\(Identifiers.derived(from: other, prefix: "s"))"
            for path in [Paths.level(LevelKey(schemeID: id, levelID: other)), Paths.risk("\(sheet)-\(other)")] {
                #expect(isSafePath(path), "\(path.debugDescription)")
            }
        }
    }

    static let office = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures/Office")

    @Test("riskpress import, whatever --id it is given, refuses it or writes files under registers/ and documents/ named by valid ids")
    func importedFiles() async throws {
        let workbook = try Data(contentsOf: Self.office.appending(path: "qingdan-sheets.xlsx"))
        let document = try Data(contentsOf: Self.office.appending(path: "Word/banfa.docx"))
        let anyID = zip(Gen.bool, Self.hostile, Self.written).map { $0 ? $1 : $2 }
        await propertyCheck(count: 25, input: anyID) { id in
            let options = OfficeImport.Options(id: id)
            let results = [
                try? OfficeImport.workbook(workbook, fileName: "清单.xlsx", options: options),
                try? OfficeImport.word(document, fileName: "办法.docx", options: options),
            ]
            for path in results.compactMap({ $0 }).flatMap({ $0.files.map(\.path) }) {
                #expect(isSafePath(path), "\(path.debugDescription)")
                let folder = path.prefix { $0 != "/" }
                #expect(folder == "registers" || folder == "documents", "\(path.debugDescription)")
                var name = Substring(path.dropFirst(folder.count + 1))
                for ending in [".csv.yaml", ".yaml", ".csv", ".md"] where name.hasSuffix(ending) {
                    name = name.dropLast(ending.count)
                    break
                }
                #expect(Identifiers.isValid(String(name)), "\(path.debugDescription)")
            }
        }
    }

    @Test("a category, free Chinese text, gets a safe page of its own, the same every time")
    func categoryPages() async {
        await propertyCheck(count: 300, input: Self.hostile, Self.hostile) { name, other in
            let path = Paths.category(name)
            #expect(isSafePath(path), "\(path.debugDescription)")
            #expect(Paths.category(String(decoding: Array(name.utf8), as: UTF8.self)) == path)
            if !name.unicodeScalars.elementsEqual(other.unicodeScalars) { #expect(Paths.category(other) != path) }
        }
    }
}
