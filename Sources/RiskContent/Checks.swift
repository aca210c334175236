import RiskModel

/// Checks over the linked register that no single file can make: things a reader of
/// the site would trip over.
enum Checks {
    static func run(on register: Register) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for unit in register.units.values {
            for child in unit.childIDs where register.units[child]?.parentID != unit.id {
                diagnostics.append(.error(at: unit.location, value: child, "a unit is listed under two parents", hint: nil))
            }
        }
        return diagnostics
    }
}
