/// The diagnostics of a run as the lines a person reads: the same cause on consecutive rows
/// told once with how far it goes, and no more than `perKind` of each kind of message, so a
/// register of 50,000 bad rows prints a page, not 60 MB.
public enum DiagnosticDigest {
    /// How many of each kind are printed when nothing else is asked for.
    public static let defaultPerKind = 20

    /// `diagnostics` in their order, grouped and capped; `perKind: nil` prints every group.
    public static func lines(_ diagnostics: [Diagnostic], perKind: Int? = defaultPerKind) -> [String] {
        let groups = grouped(diagnostics)
        var shown: [Kind: Int] = [:]
        var left: [Kind: (groups: Int, diagnostics: Int)] = [:]
        var order: [Kind] = []
        var lines: [String] = []
        for group in groups {
            let kind = Kind(group.first)
            let count = shown[kind, default: 0]
            if let perKind, count >= perKind {
                if left[kind] == nil { order.append(kind) }
                left[kind, default: (0, 0)].groups += 1
                left[kind, default: (0, 0)].diagnostics += group.count
                continue
            }
            shown[kind] = count + 1
            lines.append(group.description)
        }
        for kind in order {
            guard let rest = left[kind] else { continue }
            let what = rest.diagnostics == 1 ? "\(kind.severity.rawValue)" : "\(kind.severity.rawValue)s"
            lines.append(
                "… \(rest.diagnostics) more \(what) “\(Diagnostic.escaped(kind.message))” not shown (--all-diagnostics shows every one)")
        }
        return lines
    }

    /// One kind of diagnostic, for the cap: its severity and message.
    struct Kind: Hashable {
        var severity: Diagnostic.Severity
        var message: String
        init(_ diagnostic: Diagnostic) {
            severity = diagnostic.severity
            message = diagnostic.message
        }
    }

    /// A run of diagnostics of one cause on consecutive rows of one file.
    struct Group {
        var first: Diagnostic
        var last: Diagnostic
        var count = 1

        var description: String {
            guard count > 1 else { return first.description }
            var shown = first
            let end = last.location.cell ?? "line \(last.location.line)"
            shown.message += " (the same on \(count - 1) more row\(count == 2 ? "" : "s"), to \(end))"
            return shown.description
        }

        /// Whether `next` is the same cause one or more rows further down, nothing else between.
        func continues(with next: Diagnostic) -> Bool {
            let a = last, b = next
            guard a.severity == b.severity, a.message == b.message, a.field == b.field, a.value == b.value,
                a.hint == b.hint, a.location.file == b.location.file, b.location.line > a.location.line
            else { return false }
            switch (a.location.cell, b.location.cell) {
            case (nil, nil): return a.location.column == b.location.column
            case (let x?, let y?): return Self.sheetAndColumn(x) == Self.sheetAndColumn(y)
            default: return false
            }
        }

        /// `责任清单!D17` → `责任清单!D`.
        private static func sheetAndColumn(_ cell: String) -> Substring {
            cell[..<(cell.lastIndex { !$0.isNumber }.map(cell.index(after:)) ?? cell.startIndex)]
        }
    }

    static func grouped(_ diagnostics: [Diagnostic]) -> [Group] {
        var groups: [Group] = []
        for diagnostic in diagnostics {
            if let last = groups.indices.last, groups[last].continues(with: diagnostic) {
                groups[last].last = diagnostic
                groups[last].count += 1
            } else {
                groups.append(Group(first: diagnostic, last: diagnostic))
            }
        }
        return groups
    }
}
