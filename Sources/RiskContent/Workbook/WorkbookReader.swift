import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One worksheet of an .xlsx workbook, its cells as Excel or WPS shows them.
struct Worksheet: Sendable {
    var name: String
    var hidden: Bool
    /// Rows that hold something, in order: the sheet's row number and its cells from column A.
    var rows: [(number: Int, cells: [String])]
    /// Merged ranges, as 0-based (first row number, first column, last row number, last column).
    var merges: [(top: Int, left: Int, bottom: Int, right: Int)]
}

/// Reads the sheets of an .xlsx / .xlsm workbook: the zip through `OfficeArchive`, the XML parts
/// through Foundation's `XMLParser`. Shared and inline strings, rich text runs joined, numbers
/// and dates as the cell's format shows them, line breaks inside a cell kept.
enum WorkbookReader {
    static func read(_ data: Data) throws(OfficeArchive.Failure) -> [Worksheet] {
        var archive = try OfficeArchive(data: data, kind: "Excel workbook", saveAs: ".xlsx")
        guard let workbookXML = try archive.part("xl/workbook.xml") else {
            throw OfficeArchive.Failure(
                message: "the file is a zip but not an Excel workbook (it has no xl/workbook.xml)",
                hint: "open it in Excel or WPS and save it as .xlsx")
        }
        let workbook = WorkbookPart(workbookXML)
        let relations = try archive.part("xl/_rels/workbook.xml.rels").map(RelationsPart.init) ?? RelationsPart(Data())
        let strings = try archive.part("xl/sharedStrings.xml").map { SharedStringsPart($0).strings } ?? []
        let styles = try archive.part("xl/styles.xml").map(StylesPart.init) ?? StylesPart(Data())
        var sheets: [Worksheet] = []
        for sheet in workbook.sheets {
            guard let target = relations.targets[sheet.relation] else { continue }
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let xml = try archive.part(path) else { continue }
            let part = SheetPart(xml, strings: strings, styles: styles, date1904: workbook.date1904)
            sheets.append(Worksheet(name: sheet.name, hidden: sheet.hidden, rows: part.rows, merges: part.merges))
        }
        return sheets
    }

    /// `D17` → (17, 3).
    static func cellReference(_ text: String) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var sawLetter = false
        var sawDigit = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where !sawDigit:
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
                sawLetter = true
            case UInt8(ascii: "a")...UInt8(ascii: "z") where !sawDigit:
                column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
                sawLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                sawDigit = true
            case UInt8(ascii: "$"): continue
            default: return nil
            }
            if column > 16_384 || row > 1_048_576 { return nil }
        }
        guard sawLetter, sawDigit, row > 0 else { return nil }
        return (row, column - 1)
    }

    /// 0 → `A`, 26 → `AA`.
    static func columnName(_ index: Int) -> String {
        var name = ""
        var number = index + 1
        while number > 0 {
            let rest = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + rest))) + name
            number = (number - 1) / 26
        }
        return name
    }

    /// Excel writes characters XML cannot hold as `_xHHHH_`.
    static func unescape(_ text: String) -> String {
        var text = text
        if text.contains("_x") {
            var result = ""
            var rest = Substring(text)
            while let start = rest.range(of: "_x") {
                result += rest[..<start.lowerBound]
                let after = rest[start.upperBound...]
                let hex = after.prefix(5)
                if hex.count == 5, hex.last == "_", let value = UInt32(hex.dropLast(), radix: 16), let scalar = Unicode.Scalar(value) {
                    result.unicodeScalars.append(scalar)
                    rest = after.dropFirst(5)
                } else {
                    result += "_x"
                    rest = after
                }
            }
            text = result + rest
        }
        if text.contains("\r") {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return text
    }
}

// MARK: - Parts

/// A SAX pass over one XML part; each part's class keeps what it needs. (Each declares its own
/// conformance: on Linux a subclass's delegate methods would not be called through a base
/// class's.)
private class PartParser: NSObject {
    func run(_ data: Data) {
        guard let delegate = self as? XMLParserDelegate else { return }
        parseXML(data, with: delegate)
    }
}

/// One SAX pass over an Office file's XML part; external entities are never resolved.
///
/// Office writes its parts in UTF-8. A damaged part with bytes that are not UTF-8 has them
/// replaced (U+FFFD) first: Foundation's XMLParser traps on a name that is not (found by Fuzz/).
func parseXML(_ data: Data, with delegate: XMLParserDelegate) {
    guard !data.isEmpty else { return }
    let data = String(validating: data, as: UTF8.self) != nil ? data : Data(String(decoding: data, as: UTF8.self).utf8)
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    parser.shouldResolveExternalEntities = false
    _ = parser.parse()
}

/// xl/workbook.xml: the sheets in their order, hidden or not, and the date system.
private final class WorkbookPart: PartParser, XMLParserDelegate {
    struct Sheet { var name: String; var relation: String; var hidden: Bool }
    var sheets: [Sheet] = []
    var date1904 = false

    init(_ data: Data) {
        super.init()
        run(data)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch local(name) {
        case "sheet":
            let relation = attributes.first { $0.key == "id" || $0.key.hasSuffix(":id") }?.value ?? ""
            let state = attributes["state"] ?? "visible"
            sheets.append(Sheet(name: attributes["name"] ?? "Sheet\(sheets.count + 1)", relation: relation, hidden: state != "visible"))
        case "workbookPr":
            let value = attributes["date1904"] ?? ""
            date1904 = value == "1" || value == "true"
        default: break
        }
    }
}

/// xl/_rels/workbook.xml.rels: relation id → part path.
private final class RelationsPart: PartParser, XMLParserDelegate {
    var targets: [String: String] = [:]

    init(_ data: Data) {
        super.init()
        run(data)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if local(name) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
            targets[id] = target
        }
    }
}

/// xl/sharedStrings.xml: each `<si>`'s text, its runs joined, phonetic guides (`<rPh>`) left out.
private final class SharedStringsPart: PartParser, XMLParserDelegate {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phonetic = 0

    init(_ data: Data) {
        super.init()
        run(data)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch local(name) {
        case "si": current = ""
        case "t": inText = phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(name) {
        case "si": strings.append(WorkbookReader.unescape(current))
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }
}

/// xl/styles.xml: which cell styles show a number as a date or a percentage.
private final class StylesPart: PartParser, XMLParserDelegate {
    enum Display { case number, date, percent }
    var displays: [Display] = []
    private var customFormats: [Int: String] = [:]
    private var inCellFormats = false

    init(_ data: Data) {
        super.init()
        run(data)
    }

    func display(style: Int) -> Display { style >= 0 && style < displays.count ? displays[style] : .number }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch local(name) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init) { customFormats[id] = attributes["formatCode"] ?? "" }
        case "cellXfs": inCellFormats = true
        case "xf" where inCellFormats:
            let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
            displays.append(Self.display(format: id, code: customFormats[id]))
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if local(name) == "cellXfs" { inCellFormats = false }
    }

    static func display(format id: Int, code: String?) -> Display {
        switch id {
        case 9, 10: return .percent
        case 14...22, 45...47, 27...36, 50...58: return .date
        default: break
        }
        guard let code else { return .number }
        // Letters of a date format, outside quoted text, escapes and [colour] brackets.
        var quoted = false
        var bracket = false
        var escaped = false
        for scalar in code.unicodeScalars {
            if escaped { escaped = false; continue }
            switch scalar {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[": bracket = true
            case "]": bracket = false
            case "y", "Y", "d", "D", "m", "M", "h", "H": if !quoted && !bracket { return .date }
            case "%": if !quoted && !bracket { return .percent }
            default: break
            }
        }
        return .number
    }
}

/// One worksheet: its rows of cells as shown, and its merged ranges.
private final class SheetPart: PartParser, XMLParserDelegate {
    var rows: [(number: Int, cells: [String])] = []
    var merges: [(top: Int, left: Int, bottom: Int, right: Int)] = []
    private let strings: [String]
    private let styles: StylesPart
    private let date1904: Bool

    private var rowNumber = 0
    private var cells: [String] = []
    private var column = 0
    private var type = "n"
    private var style = 0
    private var value = ""
    private var capturing = false
    private var inInline = false

    init(_ data: Data, strings: [String], styles: StylesPart, date1904: Bool) {
        self.strings = strings
        self.styles = styles
        self.date1904 = date1904
        super.init()
        run(data)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch local(name) {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
            column = 0
        case "c":
            if let reference = attributes["r"], let place = WorkbookReader.cellReference(reference) { column = place.column }
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
        case "v":
            capturing = !inInline
        case "is":
            inInline = true
        case "t" where inInline:
            capturing = true
        case "rPh":
            capturing = false
        case "mergeCell":
            if let reference = attributes["ref"] {
                let ends = reference.split(separator: ":").map(String.init)
                if let first = ends.first.flatMap(WorkbookReader.cellReference) {
                    let last = ends.count > 1 ? WorkbookReader.cellReference(ends[1]) ?? first : first
                    merges.append((first.row, first.column, last.row, last.column))
                }
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(name) {
        case "v", "t":
            capturing = false
        case "is":
            inInline = false
        case "c":
            let shown = show()
            if !shown.isEmpty {
                if cells.count <= column { cells.append(contentsOf: repeatElement("", count: column - cells.count + 1)) }
                cells[column] = shown
            }
            column += 1
        case "row":
            if !cells.isEmpty { rows.append((rowNumber, cells)) }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { value += string }
    }

    /// The cell's text as Excel shows it.
    private func show() -> String {
        switch type {
        case "s":
            guard let index = Int(value.trimmed()), index >= 0, index < strings.count else { return "" }
            return strings[index]
        case "inlineStr", "str":
            return WorkbookReader.unescape(value)
        case "b":
            return value == "1" ? "TRUE" : "FALSE"
        case "e", "d":
            return value
        default:
            guard let number = Double(value.trimmed()) else { return WorkbookReader.unescape(value) }
            switch styles.display(style: style) {
            case .date: return CellText.date(number, date1904: date1904) ?? CellText.number(number)
            case .percent: return CellText.number(number * 100) + "%"
            case .number: return CellText.number(number)
            }
        }
    }

}

/// A number as Excel shows it in a General cell, and a day number as a date.
enum CellText {
    /// `3` for 3.0; otherwise at most 15 significant digits, as Excel shows a General cell.
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.15g", value)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A serial day number as `2026-03-01` (with the time when it has one).
    static func date(_ serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let whole = Int(serial.rounded(.down))
        let seconds = Int(((serial - Double(whole)) * 86_400).rounded())
        let days: Int
        if date1904 {
            days = whole - 24_107  // day 0 is 1904-01-01
        } else if whole >= 61 {
            days = whole - 25_569  // counted from 1899-12-30, past Excel's 1900-02-29 that never was
        } else if whole >= 1 && whole < 60 {
            days = whole - 25_568
        } else {
            return nil
        }
        let (year, month, day) = civil(fromDays: days)
        var text = String(format: "%04d-%02d-%02d", year, month, day)
        if seconds > 0 && seconds < 86_400 {
            text += String(format: " %02d:%02d", seconds / 3600, seconds / 60 % 60)
        }
        return text
    }

    /// Days since 1970-01-01 → year, month, day (proleptic Gregorian).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// An element's name without its namespace prefix.
private func local(_ name: String) -> Substring {
    guard let colon = name.lastIndex(of: ":") else { return Substring(name) }
    return name[name.index(after: colon)...]
}
