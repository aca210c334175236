import Foundation
import RiskModel
import Yams

/// `riskpress import`: an office's Word 办法 or Excel 清单 turned into Content files — the
/// document's text as Markdown with each risk table embedded in place (a ```risks block), and
/// each table as a register (YAML or CSV). Nothing here writes files: `files` is what to write.
public enum OfficeImport {
    public enum Format: String, Sendable, CaseIterable { case yaml, csv }

    public struct Options: Sendable {
        /// The id the document and its registers take (`czj` → `czj-t01` …); default: from the file name.
        public var id: String?
        /// A unit under which 责任主体 names are resolved (written as 范围 / 单位).
        public var scope: String?
        public var format: Format

        public init(id: String? = nil, scope: String? = nil, format: Format = .yaml) {
            self.id = id
            self.scope = scope
            self.format = format
        }
    }

    public struct Result: Sendable {
        /// Paths under the Content folder and their text, in the order to write them.
        public var files: [(path: String, text: String)] = []
        /// Every cell that could not be placed, and other things the person should look at.
        public var notes: [String] = []
        public var registers = 0
        public var riskPoints = 0
    }

    /// Why the file cannot be imported: what the readers of workbooks and documents say.
    public typealias Failure = OfficeFailure

    /// A register read from a Word table or a sheet.
    struct Table {
        var title: String?
        var header: [String]
        /// Each row's cells and where it stood, as the person sees it (`Word 表格 3 第 5 行`).
        var rows: [(place: String, cells: [String])] = []
        var measures: [String] = []
        var number: Int
    }

    // MARK: - Word

    public static func word(_ data: Data, fileName: String, options: Options) throws(Failure) -> Result {
        let given = try checkedID(options)
        let document = try WordDocumentReader.read(data)
        let stem = ((fileName as NSString).lastPathComponent as NSString).deletingPathExtension
        let id = given ?? Identifiers.derived(from: stem, prefix: "doc")
        var result = Result()
        // The title: a paragraph in Word's Title style, else a first heading 1 before any text.
        var title: String?
        let paragraphs = document.blocks.compactMap { block -> WordDocument.Paragraph? in
            if case .paragraph(let paragraph) = block, !paragraph.text.trimmed().isEmpty { return paragraph }
            return nil
        }
        let titled = paragraphs.firstIndex { ["title", "标题"].contains($0.style.lowercased()) }
            ?? (paragraphs.first.map(headingLevel) == 1 ? 0 : nil)
        let titleText = titled.map { paragraphs[$0].text.trimmed() }
        var body: [String] = []
        var tables: [Table] = []
        var lastWasTable = false  // only blank paragraphs or page breaks since the last register table
        var collectingMeasures = false
        var wordTables = 0  // every table of the document, for the places in notes

        for block in document.blocks {
            switch block {
            case .paragraph(let paragraph):
                let text = paragraph.text.trimmed()
                if text.isEmpty { continue }
                var level = headingLevel(paragraph)
                if title == nil, text == titleText {
                    title = text
                    continue
                }
                // Below the title, Word's heading 1 is the page's second level.
                if let found = level, titleText != nil { level = min(found + 1, 6) }
                lastWasTable = false
                // The measures after a table: a （二）防控措施： line, then its numbered items.
                // Each paragraph after it is a measure, numbered or not, until the next article,
                // heading, （三）-style lead or table.
                if !tables.isEmpty, isMeasuresLead(text) {
                    collectingMeasures = true
                } else if collectingMeasures, level == nil, articleNumber(text) == nil, !startsWithEnumeration(text),
                    !text.hasPrefix("表")
                {
                    tables[tables.count - 1].measures.append(numberedItem(text) ?? text)
                } else {
                    collectingMeasures = false
                }
                body.append(markdown(paragraph, level: level))
            case .table(let table):
                let grid = expand(table)
                guard let header = grid.first else { continue }
                guard RiskField.isHeader(header) else {
                    lastWasTable = false
                    body.append(grid.map { $0.joined(separator: "｜") }.joined(separator: "  \n"))
                    continue
                }
                wordTables += 1
                let rows = grid.enumerated().dropFirst().filter { _, row in
                    !row.allSatisfy { $0.trimmed().isEmpty } && row != header
                }.map { (place: "Word table \(wordTables) row \($0.offset + 1)", cells: $0.element) }
                // A table split across pages: the same header right after a register table.
                if lastWasTable, let previous = tables.last, previous.header == header {
                    tables[tables.count - 1].rows += rows
                    result.notes.append("表\(previous.number): its continuation (the same header after a page break) joined to it")
                    continue
                }
                collectingMeasures = false
                var found = Table(title: tableTitle(in: body), header: header, number: tables.count + 1)
                found.rows = rows
                tables.append(found)
                lastWasTable = true
                let registerID = registerID(id, found.number)
                let columns = header.compactMap(displayColumn)
                var embed = "```risks\nregister: \(registerID)\n"
                if !columns.isEmpty { embed += "columns: [\(columns.joined(separator: ", "))]\n" }
                body.append(embed + "```")
            }
        }

        var front = "---\n标题: \(yamlScalar(title ?? stem))\n编号: \(id)\n"
        if let scope = options.scope { front += "单位: \(yamlScalar(scope))\n" }
        front += "---\n\n"
        result.files.append(("documents/\(id).md", front + body.joined(separator: "\n\n") + "\n"))
        for table in tables {
            write(table, id: registerID(id, table.number), source: fileName, options: options, into: &result)
        }
        return result
    }

    // MARK: - Excel

    public static func workbook(_ data: Data, fileName: String, options: Options) throws(Failure) -> Result {
        let given = try checkedID(options)
        let sheets = try WorkbookReader.read(data)
        let stem = ((fileName as NSString).lastPathComponent as NSString).deletingPathExtension
        let id = given ?? Identifiers.derived(from: stem, prefix: "r")
        var result = Result()
        var found: [(sheet: Worksheet, table: Table)] = []
        for sheet in sheets {
            if sheet.hidden {
                result.notes.append("sheet \(sheet.name): hidden; not imported")
                continue
            }
            let grid = WorkbookTableReader.grid(of: sheet, file: fileName)
            guard
                let headerIndex = grid.rows.prefix(GridTableReader.headerSearchRows).firstIndex(where: { RiskField.isHeader($0.cells) })
            else {
                result.notes.append("sheet \(sheet.name): no 风险点 column in its first \(GridTableReader.headerSearchRows) rows; not imported")
                continue
            }
            let header = grid.rows[headerIndex].cells
            // A title above the header (merged across the columns) is the register's title.
            let title = grid.rows[..<headerIndex].lazy.compactMap { $0.cells.first { !$0.trimmed().isEmpty } }.first
            var table = Table(title: title ?? sheet.name, header: header, number: found.count + 1)
            for row in grid.rows[(headerIndex + 1)...] where !row.cells.allSatisfy({ $0.trimmed().isEmpty }) {
                table.rows.append((place: "sheet \(sheet.name) row \(row.number)", cells: row.cells))
            }
            found.append((sheet, table))
        }
        for (sheet, table) in found {
            let registerID = found.count == 1 ? id : joined(id, Identifiers.derived(from: sheet.name, prefix: "s"))
            write(table, id: registerID, source: "\(fileName) (\(sheet.name))", options: options, into: &result)
        }
        return result
    }

    // MARK: - Writing a register

    /// `czj` and 3 → `czj-t03`.
    private static func registerID(_ id: String, _ number: Int) -> String {
        joined(id, "t\(number < 10 ? "0" : "")\(number)")
    }

    /// `czj` and `t03` → `czj-t03`; a short hash of that when it is longer than an id may be.
    private static func joined(_ id: String, _ suffix: String) -> String {
        Identifiers.derived(from: "\(id)-\(suffix)", prefix: "r")
    }

    /// The id given with `--id`, which names the files and is written as their 编号: checked as
    /// Content checks ids.
    private static func checkedID(_ options: Options) throws(Failure) -> String? {
        guard let id = options.id else { return nil }
        guard Identifiers.isValid(id) else {
            throw Failure(
                message: "--id \(id.debugDescription) is not an id",
                hint: "use ASCII letters, digits, - _ ., at most \(Identifiers.maxLength), starting with a letter or digit, e.g. --id czj")
        }
        return id
    }

    private static func write(_ table: Table, id: String, source: String, options: Options, into result: inout Result) {
        let header = table.header.map { $0.trimmed() }
        var rows: [[String]] = []
        for (place, cells) in table.rows {
            for (column, cell) in cells.enumerated() where column >= header.count && !cell.trimmed().isEmpty {
                result.notes.append(
                    "\(place), column \(column + 1): a cell beyond the header's \(header.count) columns (\(cell.prefix(20))) not imported")
            }
            rows.append((0..<header.count).map { $0 < cells.count ? cells[$0] : "" })
        }
        result.registers += 1
        result.riskPoints += rows.count
        var settings: [(Node, Node)] = [
            (Node("编号"), Node(id)),
        ]
        if let title = table.title { settings.append((Node("标题"), Node(title))) }
        if let scope = options.scope { settings.append((Node("范围"), Node(scope))) }
        if !table.measures.isEmpty {
            settings.append(
                (Node("默认"), Node.mapping(Node.Mapping([(Node("防控措施"), Node.sequence(Node.Sequence(table.measures.map(scalar))))]))))
        }
        let comment = "# 由 riskpress import 从《\(source)》导入。\n"
        switch options.format {
        case .yaml:
            let entries = rows.map { row -> Node in
                Node.mapping(
                    Node.Mapping(
                        zip(header, row).filter { !$0.0.isEmpty && !$0.1.trimmed().isEmpty }.map { (Node($0.0), scalar($0.1)) }))
            }
            settings.append((Node("风险清单"), Node.sequence(Node.Sequence(entries))))
            result.files.append(("registers/\(id).yaml", comment + yaml(Node.mapping(Node.Mapping(settings)))))
        case .csv:
            var csv = "\u{FEFF}" + csvLine(header)
            for row in rows { csv += csvLine(row) }
            result.files.append(("registers/\(id).csv", csv))
            result.files.append(("registers/\(id).csv.yaml", comment + yaml(Node.mapping(Node.Mapping(settings)))))
        }
    }

    /// A text as a YAML scalar: one of several lines as a literal block (`|-`), as a person writes it.
    private static func scalar(_ text: String) -> Node {
        text.contains("\n") ? Node(text, Tag(.str), .literal) : Node(text)
    }

    private static func yaml(_ node: Node) -> String {
        (try? Yams.serialize(node: node, width: -1, allowUnicode: true)) ?? ""
    }

    private static func yamlScalar(_ text: String) -> String {
        yaml(Node(text)).trimmingCharacters(in: .newlines).replacingOccurrences(of: "\n...", with: "")
    }

    private static func csvLine(_ cells: [String]) -> String {
        cells.map { cell in
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: ",") + "\r\n"
    }

    // MARK: - Reading Word's conventions

    /// Rows of cell texts: a cell spanning columns fills the first of them; a vertically
    /// merged cell's text is repeated in every row it covers, as the rows mean it.
    static func expand(_ table: WordDocument.Table) -> [[String]] {
        var grid: [[String]] = []
        for row in table.rows {
            var cells: [String] = []
            for cell in row.cells {
                let column = cells.count
                if cell.merge == "continue", let above = grid.last, column < above.count {
                    cells.append(above[column])
                } else {
                    cells.append(cell.text.trimmed())
                }
                if cell.span > 1 { cells.append(contentsOf: repeatElement("", count: cell.span - 1)) }
            }
            grid.append(cells)
        }
        return grid
    }

    private static func headingLevel(_ paragraph: WordDocument.Paragraph) -> Int? {
        let style = paragraph.style.lowercased()
        if style == "title" || style == "标题" { return 1 }
        for prefix in ["heading ", "heading", "标题 ", "标题"] where style.hasPrefix(prefix) {
            if let level = Int(style.dropFirst(prefix.count)), (1...6).contains(level) { return level }
        }
        let text = paragraph.text.trimmed()
        if text.count < 40, text.hasPrefix("第"), let 章 = text.firstIndex(of: "章"),
            text[text.index(after: text.startIndex)..<章].allSatisfy({ "一二三四五六七八九十百零〇0123456789".contains($0) })
        {
            return 2
        }
        return nil
    }

    private static func markdown(_ paragraph: WordDocument.Paragraph, level: Int?) -> String {
        let text = paragraph.markdown.trimmed()
        if let level { return String(repeating: "#", count: level) + " " + paragraph.text.trimmed() }
        if paragraph.isListItem { return (paragraph.isBullet ? "- " : "1. ") + text }
        // 第十一条 at the start is bold, as the rules print it.
        if !text.hasPrefix("**"), let article = articleNumber(text) {
            return "**\(article)** " + text.dropFirst(article.count).trimmed()
        }
        return text
    }

    /// `第十一条` at the start of a paragraph.
    private static func articleNumber(_ text: String) -> String? {
        guard text.hasPrefix("第"), let 条 = text.prefix(12).firstIndex(of: "条") else { return nil }
        let digits = text[text.index(after: text.startIndex)..<条]
        guard !digits.isEmpty, digits.allSatisfy({ "一二三四五六七八九十百零〇0123456789".contains($0) }) else { return nil }
        return String(text[...条])
    }

    /// `（二）防控措施：` and the like: the line before the measures of a table.
    private static func isMeasuresLead(_ text: String) -> Bool {
        text.count <= 16 && (text.contains("防控措施") || text.contains("防范措施"))
            && (text.hasSuffix("：") || text.hasSuffix(":") || text.hasSuffix("措施"))
    }

    /// `（三）…`, `(3)…`: a new lead of the article.
    private static func startsWithEnumeration(_ text: String) -> Bool {
        guard let first = text.first, first == "（" || first == "(", let close = text.prefix(6).firstIndex(where: { $0 == "）" || $0 == ")" })
        else { return false }
        return text[text.index(after: text.startIndex)..<close].allSatisfy { "一二三四五六七八九十0123456789".contains($0) }
    }

    /// `1.收到公文后…` → `收到公文后…`.
    private static func numberedItem(_ text: String) -> String? {
        var digits = 0
        var index = text.startIndex
        while index < text.endIndex, text[index].isASCII, text[index].isNumber {
            digits += 1
            index = text.index(after: index)
        }
        guard digits > 0, digits < 3, index < text.endIndex, ".、．)）".contains(text[index]) else { return nil }
        return text[text.index(after: index)...].trimmed()
    }

    /// The caption above a table: the last paragraph, when it starts with 表.
    private static func tableTitle(in body: [String]) -> String? {
        guard let last = body.last, last.hasPrefix("表"), last.count < 60 else { return nil }
        return last
    }

    /// A header as a ```risks block's column, when riskpress shows that column.
    private static func displayColumn(_ header: String) -> String? {
        switch RiskField.names.field(for: header) {
        case .sequence: "序号"
        case .units: "责任主体"
        case .text, .manifestations: "风险点"
        case .level: "风险等级"
        case .measures: "防控措施"
        case .person: "责任人"
        case .post, .power, .matter: "岗位/职权"
        default: nil
        }
    }
}
