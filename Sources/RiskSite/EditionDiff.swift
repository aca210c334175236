import Foundation
import RiskContent
import RiskModel

/// `riskpress diff`: what changed between two editions, or from an edition to the Content now,
/// as text for the terminal or JSON for other programs.
public enum EditionDiff {
    /// The Content as it is now, as `--to` names it.
    public static let content = "Content"

    /// The changes from edition `from` (default: the one before `to`) to `to` (an edition's name or
    /// `content`), nil when the diagnostics stop it.
    public static func changes(_ options: BuildOptions, from: String?, to: String) -> (changes: ChangeSet?, diagnostics: [Diagnostic]) {
        let archive = EditionArchive.read(options.archiveFolder, today: options.today)
        var diagnostics = archive.diagnostics
        var editions = archive.editions.map { RegisterHistory.Edition(info: $0.info, register: $0.register) }
        var internalNow: Set<String> = []
        var now: RecordedRegister?
        if to == content || from == content {
            let loaded = ContentLoader(fileSystem: .directory(options.content)).load()
            diagnostics += loaded.diagnostics
            if let register = loaded.register {
                now = RecordedRegister(register)
                internalNow = Set(register.allRisks.values.lazy.filter { !$0.isPublic }.map(\.id))
            }
        }
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        if options.profile == .public {
            editions = RegisterHistory(editions: editions).publicView(internalNow: internalNow).editions
            now = now?.publicOnly(excluding: Set(editions.flatMap { $0.register.risks.filter { !$0.isPublic }.map(\.id) }).union(internalNow))
        }
        func place(_ name: String) -> SourceLocation { SourceLocation(file: options.archiveFolder.lastPathComponent) }
        func missing(_ name: String) -> Diagnostic {
            .error(
                at: place(name), value: name, "no edition of this name in the archive",
                hint: editions.isEmpty
                    ? "record one with `riskpress build --edition NAME`"
                    : "the editions: " + editions.map(\.info.name).joined(separator: ", "))
        }
        let target: (info: EditionInfo?, register: RecordedRegister, index: Int)
        if to == content {
            target = (nil, now ?? RecordedRegister(risks: []), editions.count)
        } else if let index = editions.firstIndex(where: { $0.info.name == to }) {
            target = (editions[index].info, editions[index].register, index)
        } else {
            return (nil, diagnostics + [missing(to)])
        }
        let source: (info: EditionInfo?, register: RecordedRegister)
        if let from {
            guard let edition = editions.first(where: { $0.info.name == from }) else { return (nil, diagnostics + [missing(from)]) }
            source = (edition.info, edition.register)
        } else if target.index > 0 {
            source = (editions[target.index - 1].info, editions[target.index - 1].register)
        } else {
            source = (nil, RecordedRegister(risks: []))
        }
        return (
            ChangeSet(from: source.info, to: target.info, changes: RegisterComparison.changes(from: source.register, to: target.register)),
            diagnostics)
    }

    /// The change set for a terminal: a summary line, then one block per risk point, with
    /// `[-deleted-]{+inserted+}` in compared texts.
    public static func text(_ set: ChangeSet) -> String {
        let from = set.from.map { "\($0.name)（\($0.date)）" } ?? "（无）"
        let to = set.to.map { "\($0.name)（\($0.date)）" } ?? "当前 Content"
        var lines = ["变更记录：\(from) → \(to)：\(set.changes.count) 个风险点" + (set.summary.isEmpty ? "" : "（\(set.summary)）")]
        for change in set.changes {
            let now = change.after ?? change.before!
            let sign = change.kinds == [.added] ? "+" : (change.kinds == [.removed] ? "-" : "~")
            var head = "\(sign) \(change.id)"
            if let former = change.formerID { head += "（原 \(former)）" }
            head += "  " + change.kinds.map(\.label).joined(separator: "、")
            lines.append("")
            lines.append(head)
            let units = now.unitNames.joined(separator: "、")
            if change.kinds.contains(.moved), let before = change.before {
                lines.append("  责任主体: \(before.unitNames.joined(separator: "、")) → \(units)")
            } else if !units.isEmpty {
                lines.append("  责任主体: \(units)")
            }
            let level = now.level ?? LevelRating.unratedLabel
            if change.kinds.contains(.relevelled), let before = change.before {
                lines.append("  风险等级: \(before.level ?? LevelRating.unratedLabel) → \(level)")
            } else {
                lines.append("  风险等级: \(level)")
            }
            lines.append("  风险点: " + (change.text.isEmpty ? now.text : marked(change.text)))
            if !change.manifestations.isEmpty { lines.append("  表现形式: " + indented(marked(change.manifestations))) }
            if !change.measures.isEmpty { lines.append("  防控措施: " + indented(marked(change.measures))) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func marked(_ pieces: [TextChange]) -> String {
        pieces.map { piece in
            switch piece.kind {
            case .same: piece.text
            case .inserted: "{+\(piece.text)+}"
            case .deleted: "[-\(piece.text)-]"
            }
        }.joined()
    }

    static func indented(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\n            ") }

    /// The change set as JSON (keys sorted, so the same change set gives the same bytes).
    public static func json(_ set: ChangeSet) -> Data {
        struct Edition: Encodable { var name: String; var date: String; var note: String }
        struct Risk: Encodable {
            var text: String; var level: String?; var units: [String]; var measures: [String]; var manifestations: [String]
            var withdrawn: Bool
        }
        struct Piece: Encodable { var op: String; var text: String }
        struct Change: Encodable {
            var id: String; var formerId: String?; var kinds: [String]; var before: Risk?; var after: Risk?
            var text: [Piece]; var measures: [Piece]; var manifestations: [Piece]
        }
        struct Document: Encodable {
            var format = "riskpress-changes"; var version = 1; var from: Edition?; var to: Edition?; var counts: [String: Int]
            var changes: [Change]
        }
        func edition(_ info: EditionInfo?) -> Edition? { info.map { Edition(name: $0.name, date: "\($0.date)", note: $0.note) } }
        func risk(_ risk: RecordedRisk?) -> Risk? {
            risk.map {
                Risk(
                    text: $0.text, level: $0.level, units: $0.unitIDs, measures: $0.measures, manifestations: $0.manifestations,
                    withdrawn: $0.withdrawn)
            }
        }
        func pieces(_ changes: [TextChange]) -> [Piece] {
            changes.map { Piece(op: $0.kind == .same ? "=" : ($0.kind == .inserted ? "+" : "-"), text: $0.text) }
        }
        var counts: [String: Int] = [:]
        for kind in RiskChange.Kind.allCases where set.count(kind) > 0 { counts[kind.rawValue] = set.count(kind) }
        let document = Document(
            from: edition(set.from), to: edition(set.to), counts: counts,
            changes: set.changes.map {
                Change(
                    id: $0.id, formerId: $0.formerID, kinds: $0.kinds.map(\.rawValue), before: risk($0.before), after: risk($0.after),
                    text: pieces($0.text), measures: pieces($0.measures), manifestations: pieces($0.manifestations))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(document)) ?? Data()
    }
}
