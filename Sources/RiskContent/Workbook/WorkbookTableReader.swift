import Foundation
import RiskModel

/// Reads a register kept as an Excel workbook (`registers/**/*.xlsx`, `.xlsm`): each visible
/// sheet whose header has a 风险点 column is one register, read as a CSV export of it would be.
/// Merged cells count as Excel shows them: a 责任主体 merged down over rows applies to each.
enum WorkbookTableReader {
    /// `settings`: the text and path of `name.xlsx.yaml` beside the workbook, if any.
    static func read(
        _ data: Data, file: String, settings: (text: String, file: String)?, diagnostics: inout [Diagnostic]
    ) -> [TableDraft] {
        let sheets: [Worksheet]
        do {
            sheets = try WorkbookReader.read(data)
        } catch {
            diagnostics.append(.error(at: SourceLocation(file: file), error.message, hint: error.hint))
            return []
        }
        var template = TableDraft(
            file: file, id: nil, derivedID: derivedTableID(file), location: SourceLocation(file: file), isCSV: true)
        let chosen = settings.flatMap {
            CSVTableReader.applySettings($0.text, file: $0.file, to: &template, diagnostics: &diagnostics)?.list(.sheets)
        }

        // Which sheets: those named in the settings, else every visible one.
        var selected: [Worksheet] = []
        if let chosen {
            for name in chosen.value {
                if let sheet = sheets.first(where: { $0.name == name }) {
                    selected.append(sheet)
                } else {
                    diagnostics.append(
                        .error(
                            at: chosen.location, field: chosen.key, value: name, "the workbook has no sheet of this name",
                            hint: "its sheets: " + sheets.map(\.name).joined(separator: "、")))
                }
            }
        } else {
            for sheet in sheets {
                if sheet.hidden {
                    diagnostics.append(
                        .warning(
                            at: SourceLocation(file: file, cell: "\(sheet.name)!A1"), "a hidden sheet; not read",
                            hint: "unhide it in Excel, or name it under 工作表: in \((file as NSString).lastPathComponent).yaml"))
                } else {
                    selected.append(sheet)
                }
            }
        }

        // Each sheet read as a grid; a sheet that is no register is left out with a warning
        // when another sheet is one.
        var tables: [(sheet: Worksheet, table: TableDraft, diagnostics: [Diagnostic])] = []
        var skipped: [(sheet: Worksheet, diagnostics: [Diagnostic])] = []
        for sheet in selected {
            var table = template
            table.location = SourceLocation(file: file, line: 1, column: 1, cell: "\(sheet.name)!A1")
            var found: [Diagnostic] = []
            if GridTableReader.read(grid(of: sheet, file: file), into: &table, what: "sheet", diagnostics: &found) {
                tables.append((sheet, table, found))
            } else {
                skipped.append((sheet, found))
            }
        }
        for (sheet, found) in skipped {
            if tables.isEmpty || chosen != nil {
                diagnostics += found
            } else {
                diagnostics.append(
                    .warning(
                        at: SourceLocation(file: file, line: 1, column: 1, cell: "\(sheet.name)!A1"),
                        "the sheet is not a register (no 风险点 column in its first \(GridTableReader.headerSearchRows) rows); not read",
                        hint: nil))
            }
        }
        if tables.isEmpty && skipped.isEmpty && chosen == nil {
            diagnostics.append(.error(at: SourceLocation(file: file), "the workbook has no visible sheet", hint: nil))
        }

        // One register: the file's id. Several: the file's id and the sheet's.
        guard tables.count > 1 else {
            return tables.map { diagnostics += $0.diagnostics; return $0.table }
        }
        return tables.map { sheet, table, found in
            diagnostics += found
            var table = table
            let sheetID = Identifiers.derived(from: sheet.name, prefix: "s")
            if let id = table.id {
                table.id = Located(value: "\(id.value)-\(sheetID)", location: id.location, key: id.key)
            }
            table.derivedID = "\(table.derivedID)-\(sheetID)"
            table.title = table.title.map { "\($0)（\(sheet.name)）" } ?? sheet.name
            return table
        }
    }

    /// The sheet's cells as rows, merged ranges filled down their first column from the cell
    /// that holds the value (whose place the covered cells report).
    static func grid(of sheet: Worksheet, file: String) -> CellGrid {
        var rows = sheet.rows
        var origins: [Int: [Int: Int]] = [:]  // row → column → row of the value's cell
        let index = Dictionary(rows.enumerated().map { ($0.element.number, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for merge in sheet.merges where merge.bottom > merge.top {
            guard let top = index[merge.top], merge.left < rows[top].cells.count else { continue }
            let value = rows[top].cells[merge.left]
            guard !value.isEmpty else { continue }
            for number in (merge.top + 1)...min(merge.bottom, merge.top + 1_048_576) {
                origins[number, default: [:]][merge.left] = merge.top
                if let at = index[number] {
                    if rows[at].cells.count <= merge.left {
                        rows[at].cells.append(contentsOf: repeatElement("", count: merge.left - rows[at].cells.count + 1))
                    }
                    if rows[at].cells[merge.left].isEmpty { rows[at].cells[merge.left] = value }
                }  // a row with nothing but the merged cell is no risk point

            }
        }
        let name = sheet.name
        return CellGrid(rows: rows) { row, column in
            let source = origins[row]?[column] ?? row
            return SourceLocation(
                file: file, line: source, column: column + 1, cell: "\(name)!\(WorkbookReader.columnName(column))\(source)")
        }
    }
}
