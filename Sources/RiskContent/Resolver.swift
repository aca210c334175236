import RiskModel

/// Finds what a reference names — by id, or by name within a scope — without scanning:
/// both maps are built once.
struct Resolver: Sendable {
    enum Outcome: Equatable {
        case found(String)
        case missing
        case ambiguous([String])
    }

    private let ids: Set<String>
    private let byName: [String: [String]]

    init(_ entries: [(id: String, name: String)]) {
        ids = Set(entries.map(\.id))
        var byName: [String: [String]] = [:]
        for entry in entries where !(byName[entry.name]?.contains(entry.id) ?? false) {
            byName[entry.name, default: []].append(entry.id)
        }
        self.byName = byName
    }

    /// `reference` is an id or a name. A name matching several entries is narrowed to
    /// those for which `inScope` holds.
    func resolve(_ reference: String, inScope: ((String) -> Bool)? = nil) -> Outcome {
        let wanted = reference.trimmed()
        if ids.contains(wanted) { return .found(wanted) }
        let candidates = byName[wanted] ?? byName[compact(wanted)] ?? []
        if candidates.count == 1 { return .found(candidates[0]) }
        if candidates.isEmpty { return .missing }
        if let inScope {
            let scoped = candidates.filter(inScope)
            if scoped.count == 1 { return .found(scoped[0]) }
        }
        return .ambiguous(candidates)
    }

    /// Names written with stray spaces (办 公 室) still match.
    private func compact(_ text: String) -> String { String(text.filter { !$0.isWhitespace }) }

    var names: [String] { byName.keys.sorted() }
}
