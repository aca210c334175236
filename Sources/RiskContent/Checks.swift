import RiskModel

/// Checks over the linked register that no single file can make: things a reader of
/// the site would trip over.
enum Checks {
    static func run(on register: Register) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for risk in register.risks.values where risk.unitIDs.isEmpty {
            diagnostics.append(
                .warning(
                    at: risk.location, field: "责任主体", value: String(risk.text.prefix(30)),
                    "the risk point names no responsible unit, so no unit page lists it",
                    hint: "fill in 责任主体, or give the register a 范围 (scope) unit"))
        }
        for unit in register.units.values {
            for child in unit.childIDs where register.units[child]?.parentID != unit.id {
                diagnostics.append(.error(at: unit.location, value: child, "a unit is listed under two parents", hint: nil))
            }
        }
        return diagnostics
    }
}
