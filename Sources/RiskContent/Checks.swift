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
        for document in register.documents.values where document.isPublic {
            for link in document.links {
                guard let target = register.documents[link.documentID], !target.isPublic else { continue }
                diagnostics.append(
                    .warning(
                        at: link.location, value: "\(link.documentID).html",
                        "a public document links an internal one (公开: 否); the public site shows the link's text without the link",
                        hint: "mark \(target.location.file) public, mark this document internal too, or remove the link"))
            }
        }
        return diagnostics
    }
}
