import CSV
import Foundation
import RiskModel
import Yams

/// Reads a hand-written YAML register: settings, defaults, and the list of risk points.
enum YAMLTableReader {
    static func read(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> TableDraft? {
        guard let root = YAMLReading.parse(text, file: file, diagnostics: &diagnostics) else { return nil }
        var table = TableDraft(
            file: file, id: nil, derivedID: derivedTableID(file), location: SourceLocation(file: file, line: 1, column: 1),
            isCSV: false)
        let entries: [Node]
        if case .sequence(let sequence) = root {
            entries = Array(sequence)  // a bare list of risk points
        } else {
            guard let header = readSettings(root, file: file, into: &table, diagnostics: &diagnostics) else { return table }
            guard let risks = header.node(.risks) else {
                diagnostics.append(
                    .error(at: header.location, field: "risks", "the register lists no risk points", hint: "add `风险清单:` with a list of risk points"))
                return table
            }
            entries = risks.value.array()
        }
        for (index, node) in entries.enumerated() {
            let location = YAMLReading.location(of: node, file: file)
            guard case .mapping(let mapping) = node else {
                diagnostics.append(
                    .error(at: location, "expected a risk point (keys such as 风险点, 风险等级, 防控措施)", hint: nil))
                continue
            }
            var draft = RiskDraft(location: location, position: index + 1)
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                let raw = rawValue(value)
                let place = YAMLReading.location(of: value, file: file)
                if let field = RiskField.names.field(for: key) {
                    draft.fields[field] = Located(value: raw, location: place, key: key)
                } else {
                    draft.extras.append(ExtraField(name: key, value: raw.text))
                    diagnostics.append(
                        .warning(
                            at: YAMLReading.location(of: keyNode, file: file), field: key,
                            "unknown key; kept as an extra field",
                            hint: "risk point keys: 风险点, 表现形式, 风险等级, 责任主体, 岗位, 职权内容, 责任人, 防控措施, 风险类别, 领域, 公开, 备注, 状态, 复核日期, 复核周期"))
                }
            }
            table.risks.append(draft)
        }
        return table
    }

    /// Reads the register's settings (id, title, scope, scheme, defaults) from a mapping.
    @discardableResult
    static func readSettings(
        _ node: Node, file: String, into table: inout TableDraft, diagnostics: inout [Diagnostic]
    ) -> MappingReader<TableField>? {
        guard let header = MappingReader(node, file: file, names: TableField.names, what: "a risk register", diagnostics: &diagnostics)
        else { return nil }
        header.warnUnknownKeys(
            known: "id 编号, title 标题, scope 范围, levelScheme 等级方案, reviewed 复核日期, reviewCycle 复核周期, defaults 默认, risks 风险清单, sheets 工作表 (workbooks)",
            diagnostics: &diagnostics)
        if let id = header.string(.id) {
            table.id = requireID(id, at: header.location, what: "register", example: "czj-t01", diagnostics: &diagnostics)
        }
        table.title = header.string(.title)?.value
        table.scope = header.string(.scope)
        table.levelScheme = header.string(.levelScheme)
        table.reviewed = header.string(.reviewed)
        table.reviewCycle = header.string(.reviewCycle)
        if let defaults = header.node(.defaults) {
            if case .mapping(let mapping) = defaults.value {
                for (keyNode, value) in mapping {
                    let key = keyNode.string ?? ""
                    guard let field = RiskField.names.field(for: key) else {
                        diagnostics.append(
                            .warning(at: YAMLReading.location(of: keyNode, file: file), field: key, "unknown default, ignored", hint: nil))
                        continue
                    }
                    table.defaults[field] = Located(
                        value: rawValue(value), location: YAMLReading.location(of: value, file: file), key: key)
                }
            } else {
                diagnostics.append(.error(at: defaults.location, field: defaults.key, "expected a mapping of fields", hint: nil))
            }
        }
        return header
    }

    static func rawValue(_ node: Node) -> RawValue {
        if case .sequence(let sequence) = node {
            return .list(sequence.map { MappingReader<RiskField>.text(of: $0) })
        }
        return .text(MappingReader<RiskField>.text(of: node))
    }
}

/// Reads a register exported from Excel or WPS as CSV, with its Chinese header row.
enum CSVTableReader {
    static func read(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> TableDraft? {
        var table = TableDraft(
            file: file, id: nil, derivedID: derivedTableID(file), location: SourceLocation(file: file, line: 1, column: 1),
            isCSV: true)
        let rows: [[String]]
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: false)
            var all: [[String]] = []
            while let row = reader.next() { all.append(row) }
            if let error = reader.error { throw error }
            rows = all
        } catch {
            diagnostics.append(
                .error(at: table.location, "the CSV file could not be read (\(error))", hint: "save it again from Excel as \"CSV UTF-8\""))
            return nil
        }
        // A row starts on the line after the previous row's last line.
        var line = 1
        var grid = CellGrid(rows: [], place: { row, column in SourceLocation(file: file, line: row, column: column + 1) })
        grid.rows.reserveCapacity(rows.count)
        for row in rows {
            grid.rows.append((line, row))
            line += lineSpan(row)
        }
        guard GridTableReader.read(grid, into: &table, what: "CSV file", diagnostics: &diagnostics) else { return nil }
        return table
    }

    /// How many lines a row takes in the file.
    private static func lineSpan(_ row: [String]) -> Int {
        1 + row.reduce(0) { count, cell in
            count + cell.unicodeScalars.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
        }
    }

    /// Settings for a CSV or workbook register from `name.csv.yaml` / `name.xlsx.yaml` beside it;
    /// returns them, for the keys only a workbook has (`工作表`).
    @discardableResult
    static func applySettings(
        _ text: String, file: String, to table: inout TableDraft, diagnostics: inout [Diagnostic]
    ) -> MappingReader<TableField>? {
        guard let root = YAMLReading.parse(text, file: file, diagnostics: &diagnostics),
            let header = YAMLTableReader.readSettings(root, file: file, into: &table, diagnostics: &diagnostics)
        else { return nil }
        if let risks = header.node(.risks) {
            diagnostics.append(
                .warning(
                    at: risks.location, field: risks.key, "risk points in a settings file are ignored",
                    hint: "put them in the table itself, or in a YAML register of their own"))
        }
        return header
    }
}

/// A register's id when it gives none: its file name without extension.
func derivedTableID(_ file: String) -> String {
    let name = (file as NSString).lastPathComponent
    let stem = name.split(separator: ".").first.map(String.init) ?? name
    return Identifiers.derived(from: stem, prefix: "r")
}

/// A register as rows of cells, from a CSV file or a worksheet, and where each cell is.
struct CellGrid {
    /// Each row's number (a CSV file's line, a sheet's row) and its cells from the first column.
    var rows: [(number: Int, cells: [String])]
    /// The place of a cell, by row number and 0-based column, as the user sees it.
    var place: (_ row: Int, _ column: Int) -> SourceLocation
}

/// Reads risk points from a grid: finds the header row, maps columns to fields (unknown
/// columns become extra fields) and reads every row below it as a risk point.
enum GridTableReader {
    /// How far down a header is looked for (title rows, 填报单位, dates above it).
    static let headerSearchRows = 20

    /// False when the grid holds no register (empty, or no 风险点 column).
    static func read(_ grid: CellGrid, into table: inout TableDraft, what: String, diagnostics: inout [Diagnostic]) -> Bool {
        guard let first = grid.rows.first(where: { $0.cells.contains { !$0.trimmed(.whitespaces).isEmpty } }) else {
            diagnostics.append(
                .error(at: grid.place(grid.rows.first?.number ?? 1, 0), "the \(what) is empty", hint: "the header row (序号, 风险点, …) comes first, then one row per risk point"))
            return false
        }
        let searched = grid.rows.prefix(headerSearchRows)
        guard
            let headerIndex = searched.firstIndex(where: { RiskField.isHeader($0.cells) })
        else {
            diagnostics.append(
                .error(
                    at: grid.place(first.number, 0), value: first.cells.joined(separator: ","),
                    "the header has no 风险点 column",
                    hint: "name the column 风险点 (or 风险表现 / 表现形式); the header is looked for in the first \(headerSearchRows) rows"))
            return false
        }
        let (headerNumber, header) = grid.rows[headerIndex]

        // Which column is which field; unknown columns become extra fields.
        var columns: [RiskField?] = []
        var taken: [RiskField: Int] = [:]
        for (index, name) in header.enumerated() {
            let field = RiskField.names.field(for: name)
            if let field, let first = taken[field] {
                diagnostics.append(
                    .warning(
                        at: grid.place(headerNumber, index), field: name,
                        "a second column for the same field as column \(first + 1) (\(header[first])); kept as an extra field",
                        hint: nil))
                columns.append(nil)
            } else {
                if let field { taken[field] = index }
                columns.append(field)
            }
        }

        var previousUnits: Located<RawValue>?
        for (rowIndex, row) in grid.rows[(headerIndex + 1)...].enumerated() {
            let (number, cells) = row
            if cells.allSatisfy({ $0.trimmed().isEmpty }) { continue }
            if cells.count > header.count, cells[header.count...].contains(where: { !$0.isEmpty }) {
                diagnostics.append(
                    .error(
                        at: grid.place(number, header.count),
                        "the row has \(cells.count) cells but the header has \(header.count)",
                        hint: "a quote (\") inside a cell may be unbalanced, or the header is missing a column"))
            }
            var draft = RiskDraft(location: grid.place(number, 0), position: rowIndex + 1)
            for (index, cell) in cells.enumerated() where index < header.count {
                if let field = columns[index] {
                    draft.fields[field] = Located(value: .text(cell), location: grid.place(number, index), key: header[index])
                } else if !cell.trimmed().isEmpty {
                    draft.extras.append(ExtraField(name: header[index].trimmed(.whitespaces), value: cell))
                }
            }
            // Excel writes a merged 责任主体 cell into its first row only.
            // It is the cell above that holds the name, and problems with it are reported there.
            if let previous = previousUnits, draft.fields[.units]?.value.isBlank ?? (taken[.units] != nil) {
                draft.fields[.units] = previous
            }
            if let units = draft.fields[.units], !units.value.isBlank { previousUnits = units }
            table.risks.append(draft)
        }
        return true
    }
}
