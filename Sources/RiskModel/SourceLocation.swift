/// A place in a Content file: the path relative to the Content folder, 1-based line and column.
///
/// A place in a workbook also carries the cell as the user sees it (`责任清单!D17`); `line` is then
/// the row and `column` the column's number, so places still sort in reading order.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// The sheet and cell of a workbook (`Sheet1!D17`), shown instead of line and column.
    public var cell: String?

    public init(file: String, line: Int = 0, column: Int = 0, cell: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.cell = cell
    }

    public var description: String {
        if let cell { return "\(file):\(cell)" }
        return line > 0 ? "\(file):\(line):\(column)" : file
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.sheet, a.line, a.column) < (b.file, b.sheet, b.line, b.column)
    }

    /// The sheet part of `cell`, for sorting: a sheet's places come together, in row order.
    private var sheet: Substring {
        guard let cell, let bang = cell.lastIndex(of: "!") else { return "" }
        return cell[..<bang]
    }
}
