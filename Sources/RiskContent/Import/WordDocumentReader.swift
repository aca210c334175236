import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A Word document (.docx) as its body's blocks in order: paragraphs (style, list, bold runs)
/// and tables (rows of cells with their spans and vertical merges).
struct WordDocument: Sendable {
    enum Block: Sendable {
        case paragraph(Paragraph)
        case table(Table)
    }

    struct Paragraph: Sendable {
        /// The style's name as Word shows it (`heading 1`, `Title`, `标题 1`), or "".
        var style = ""
        /// A list item (`w:numPr`), and whether its list is bulleted.
        var isListItem = false
        var isBullet = false
        /// The text as Markdown: bold runs wrapped in `**`.
        var markdown = ""
        /// The plain text.
        var text = ""
    }

    struct Table: Sendable {
        struct Cell: Sendable {
            var text = ""
            var span = 1
            /// `w:vMerge`: nil, "restart", or "continue".
            var merge: String?
        }
        struct Row: Sendable {
            var cells: [Cell] = []
            /// Marked to repeat at the top of each page.
            var isHeader = false
        }
        var rows: [Row] = []
    }

    var blocks: [Block] = []
}

/// Reads word/document.xml, word/styles.xml and word/numbering.xml through Foundation's SAX
/// parser. Tables inside tables are read as text of their cell.
enum WordDocumentReader {
    static func read(_ data: Data) throws(OfficeArchive.Failure) -> WordDocument {
        var archive = try OfficeArchive(data: data, kind: "Word document", saveAs: ".docx")
        guard let body = try archive.part("word/document.xml") else {
            throw OfficeArchive.Failure(
                message: "the file is a zip but not a Word document (it has no word/document.xml)",
                hint: "open it in Word or WPS and save it as .docx")
        }
        let stylesPart = try archive.part("word/styles.xml").map(WordStylesPart.init)
        let styles = stylesPart?.names ?? [:]
        let bullets = try archive.part("word/numbering.xml").map(WordNumberingPart.init)?.bulletNumbers ?? []
        return WordBodyPart(body, styles: styles, boldStyles: stylesPart?.bold ?? [], bullets: bullets).document
    }
}

/// Style id → name, and the character styles that make text bold (Strong, 要点).
private final class WordStylesPart: NSObject, XMLParserDelegate {
    var names: [String: String] = [:]
    var bold: Set<String> = []
    private var current: String?

    init(_ data: Data) {
        super.init()
        parseXML(data, with: self)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch wordLocal(name) {
        case "style": current = wordAttribute(attributes, "styleId")
        case "name": if let current, let value = wordAttribute(attributes, "val") { names[current] = value }
        case "b":
            let value = wordAttribute(attributes, "val") ?? "true"
            if let current, value != "0", value != "false" { bold.insert(current) }
        default: break
        }
    }
}

/// The list numbers (`w:num`) whose first level is a bullet.
private final class WordNumberingPart: NSObject, XMLParserDelegate {
    var bulletNumbers: Set<String> = []
    private var bulletAbstracts: Set<String> = []
    private var abstract: String?
    private var level: String?
    private var number: String?

    init(_ data: Data) {
        super.init()
        parseXML(data, with: self)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch wordLocal(name) {
        case "abstractNum": abstract = wordAttribute(attributes, "abstractNumId")
        case "lvl": level = wordAttribute(attributes, "ilvl")
        case "numFmt":
            if level == "0", let abstract, wordAttribute(attributes, "val") == "bullet" { bulletAbstracts.insert(abstract) }
        case "num": number = wordAttribute(attributes, "numId")
        case "abstractNumId":
            if let number, let value = wordAttribute(attributes, "val"), bulletAbstracts.contains(value) { bulletNumbers.insert(number) }
        default: break
        }
    }
}

/// The body: paragraphs and tables in order.
private final class WordBodyPart: NSObject, XMLParserDelegate {
    var document = WordDocument()
    private let styles: [String: String]
    private let boldStyles: Set<String>
    private let bullets: Set<String>

    private var paragraph = WordDocument.Paragraph()
    private var tables: [WordDocument.Table] = []  // nested tables: the innermost last
    private var row = WordDocument.Table.Row()
    private var cell = WordDocument.Table.Cell()
    private var cellParagraphs: [String] = []
    private var inText = false
    private var bold = false
    private var inRunProperties = false
    private var runText = ""

    init(_ data: Data, styles: [String: String], boldStyles: Set<String>, bullets: Set<String>) {
        self.styles = styles
        self.boldStyles = boldStyles
        self.bullets = bullets
        super.init()
        parseXML(data, with: self)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch wordLocal(name) {
        case "p": paragraph = WordDocument.Paragraph()
        case "pStyle": if let id = wordAttribute(attributes, "val") { paragraph.style = styles[id] ?? id }
        case "numId":
            paragraph.isListItem = wordAttribute(attributes, "val") != "0"
            paragraph.isBullet = bullets.contains(wordAttribute(attributes, "val") ?? "")
        case "r": bold = false; runText = ""
        case "rPr": inRunProperties = true
        case "rStyle" where inRunProperties:
            if boldStyles.contains(wordAttribute(attributes, "val") ?? "") { bold = true }
        case "b" where inRunProperties:
            let value = wordAttribute(attributes, "val") ?? "true"
            bold = value != "0" && value != "false"
        case "t": inText = true
        case "tab": runText += "\t"
        case "br", "cr":
            // A page break leaves the paragraph empty, so a table split by one still follows its first part.
            if wordAttribute(attributes, "type") != "page" { runText += "\n" }
        case "tbl": tables.append(WordDocument.Table())
        case "tr": row = WordDocument.Table.Row()
        case "tblHeader":
            let value = wordAttribute(attributes, "val") ?? "true"
            row.isHeader = value != "0" && value != "false"
        case "tc": cell = WordDocument.Table.Cell(); cellParagraphs = []
        case "gridSpan": cell.span = max(1, Int(wordAttribute(attributes, "val") ?? "1") ?? 1)
        case "vMerge": cell.merge = wordAttribute(attributes, "val") ?? "continue"
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch wordLocal(name) {
        case "t": inText = false
        case "rPr": inRunProperties = false
        case "r":
            paragraph.text += runText
            let trimmed = runText.trimmingCharacters(in: .whitespaces)
            paragraph.markdown += bold && !trimmed.isEmpty ? "**\(trimmed)**" : runText
        case "p":
            if tables.isEmpty {
                document.blocks.append(.paragraph(paragraph))
            } else {
                cellParagraphs.append(paragraph.text)
            }
        case "tc":
            cell.text = cellParagraphs.joined(separator: "\n")
            row.cells.append(cell)
        case "tr":
            if !tables.isEmpty { tables[tables.count - 1].rows.append(row) }
        case "tbl":
            let table = tables.removeLast()
            if tables.isEmpty {
                document.blocks.append(.table(table))
            } else {  // a table inside a cell: its text joins the cell's
                cellParagraphs.append(table.rows.map { $0.cells.map(\.text).joined(separator: " ") }.joined(separator: "\n"))
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { runText += string }
    }
}

private func wordLocal(_ name: String) -> Substring {
    guard let colon = name.lastIndex(of: ":") else { return Substring(name) }
    return name[name.index(after: colon)...]
}

/// `w:val` and the like, whatever the prefix.
private func wordAttribute(_ attributes: [String: String], _ name: String) -> String? {
    if let value = attributes["w:" + name] ?? attributes[name] { return value }
    return attributes.first { $0.key.hasSuffix(":" + name) }?.value
}
