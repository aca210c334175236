import Foundation
import RiskModel
import Yams

/// Reads units/*.yaml: a list of units, each with its own units below it.
enum UnitsReader {
    static func read(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> [UnitDraft] {
        guard let root = YAMLReading.parse(text, file: file, diagnostics: &diagnostics) else { return [] }
        var units: [UnitDraft] = []
        for node in listOrSingle(root) {
            readUnit(node, parent: nil, file: file, into: &units, diagnostics: &diagnostics)
        }
        return units
    }

    @discardableResult
    private static func readUnit(
        _ node: Node, parent: String?, file: String, into units: inout [UnitDraft], diagnostics: inout [Diagnostic]
    ) -> String? {
        guard let unit = MappingReader(node, file: file, names: UnitField.names, what: "a unit", diagnostics: &diagnostics)
        else { return nil }
        unit.warnUnknownKeys(
            known: "id 编号, name 名称, aliases 别名, description 说明, levelScheme 等级方案, units 下设", diagnostics: &diagnostics)
        guard let id = requireID(unit.string(.id), at: unit.location, what: "unit", example: "czj-bgs", diagnostics: &diagnostics),
            let name = requireName(unit.string(.name), at: unit.location, what: "unit", diagnostics: &diagnostics)
        else { return nil }
        let index = units.count
        units.append(
            UnitDraft(
                id: id, name: name, aliases: unit.list(.aliases), description: unit.string(.description)?.value ?? "",
                levelScheme: unit.string(.levelScheme), parentID: parent, childIDs: [], location: unit.location))
        var children: [String] = []
        for child in unit.node(.units)?.value.array() ?? [] {
            if let childID = readUnit(child, parent: id.value, file: file, into: &units, diagnostics: &diagnostics) {
                children.append(childID)
            }
        }
        units[index].childIDs = children
        return id.value
    }
}

/// Reads domains/*.yaml: a list of domains or chapters, each with its level definitions.
enum DomainsReader {
    static func read(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> [DomainDraft] {
        guard let root = YAMLReading.parse(text, file: file, diagnostics: &diagnostics) else { return [] }
        return listOrSingle(root).compactMap { node in
            guard let domain = MappingReader(node, file: file, names: DomainField.names, what: "a domain", diagnostics: &diagnostics)
            else { return nil }
            domain.warnUnknownKeys(
                known: "id 编号, name 名称, order 顺序, description 说明, levelScheme 等级方案, levels 等级定义",
                diagnostics: &diagnostics)
            guard
                let id = requireID(domain.string(.id), at: domain.location, what: "domain", example: "gongwen", diagnostics: &diagnostics),
                let name = requireName(domain.string(.name), at: domain.location, what: "domain", diagnostics: &diagnostics)
            else { return nil }
            var levels: [(Located<String>, String)] = []
            if let definitions = domain.node(.levels) {
                if case .mapping(let mapping) = definitions.value {
                    for (key, value) in mapping {
                        levels.append(
                            (
                                Located(value: key.string ?? "", location: domain.place(key), key: definitions.key),
                                MappingReader<DomainField>.text(of: value)
                            ))
                    }
                } else {
                    diagnostics.append(
                        .error(
                            at: definitions.location, field: definitions.key,
                            "expected a mapping from level to its definition", hint: "e.g. `重大: 造成严重影响……`"))
                }
            }
            return DomainDraft(
                id: id, name: name, order: domain.int(.order, diagnostics: &diagnostics),
                description: domain.string(.description)?.value ?? "", levelScheme: domain.string(.levelScheme),
                levels: levels, location: domain.location)
        }
    }
}

/// Reads posts/*.yaml: a unit's posts (岗位) with their duties (岗责手册).
enum PostsReader {
    static func read(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> [PostDraft] {
        guard let root = YAMLReading.parse(text, file: file, diagnostics: &diagnostics),
            let header = MappingReader(root, file: file, names: PostFileField.names, what: "a post file", diagnostics: &diagnostics)
        else { return [] }
        header.warnUnknownKeys(known: "unit 单位, posts 岗位, description 说明", diagnostics: &diagnostics)
        let fileUnit = header.string(.unit)
        return (header.node(.posts)?.value.array() ?? []).compactMap { node in
            guard let post = MappingReader(node, file: file, names: PostField.names, what: "a post", diagnostics: &diagnostics)
            else { return nil }
            post.warnUnknownKeys(known: "id 编号, name 名称, unit 单位, summary 概述, duties 岗位职责", diagnostics: &diagnostics)
            guard let id = requireID(post.string(.id), at: post.location, what: "post", example: "zhuren", diagnostics: &diagnostics),
                let name = requireName(post.string(.name), at: post.location, what: "post", diagnostics: &diagnostics)
            else { return nil }
            return PostDraft(
                id: id, name: name, unit: post.string(.unit) ?? fileUnit, summary: post.string(.summary)?.value ?? "",
                duties: post.list(.duties)?.value ?? [], location: post.location)
        }
    }
}

/// Reads powers/*.yaml: the power list (权力清单) with scope and basis.
enum PowersReader {
    static func read(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> [PowerDraft] {
        guard let root = YAMLReading.parse(text, file: file, diagnostics: &diagnostics),
            let header = MappingReader(root, file: file, names: PowerFileField.names, what: "a power list", diagnostics: &diagnostics)
        else { return [] }
        header.warnUnknownKeys(known: "unit 单位, powers 权力清单, description 说明", diagnostics: &diagnostics)
        let fileUnit = header.string(.unit)
        return (header.node(.powers)?.value.array() ?? []).compactMap { node in
            guard let power = MappingReader(node, file: file, names: PowerField.names, what: "a power", diagnostics: &diagnostics)
            else { return nil }
            power.warnUnknownKeys(known: "id 编号, name 名称, unit 单位, scope 权力范围, basis 权力依据", diagnostics: &diagnostics)
            guard let id = requireID(power.string(.id), at: power.location, what: "power", example: "yinzhang", diagnostics: &diagnostics),
                let name = requireName(power.string(.name), at: power.location, what: "power", diagnostics: &diagnostics)
            else { return nil }
            return PowerDraft(
                id: id, name: name, unit: power.string(.unit) ?? fileUnit, scope: power.list(.scope)?.value ?? [],
                basis: power.string(.basis)?.value ?? "", location: power.location)
        }
    }
}

// MARK: - Shared

/// A file holding a list, or a single mapping, gives its items.
func listOrSingle(_ node: Node) -> [Node] {
    if case .sequence(let sequence) = node { return Array(sequence) }
    return [node]
}

func requireID(
    _ value: Located<String>?, at location: SourceLocation, what: String, example: String, diagnostics: inout [Diagnostic]
) -> Located<String>? {
    guard let value, !value.value.isEmpty else {
        diagnostics.append(
            .error(at: location, field: "id", "the \(what) has no id", hint: "add e.g. `编号: \(example)` (ASCII letters, digits, -)"))
        return nil
    }
    guard Identifiers.isValid(value.value) else {
        diagnostics.append(
            .error(
                at: value.location, field: value.key, value: value.value, "not a valid id",
                hint: "ids make permalinks: use ASCII letters, digits, - _ ., at most \(Identifiers.maxLength), and start with a letter or digit, e.g. \(example)"))
        return nil
    }
    return value
}

func requireName(_ value: Located<String>?, at location: SourceLocation, what: String, diagnostics: inout [Diagnostic]) -> String? {
    guard let value, !value.value.isEmpty else {
        diagnostics.append(.error(at: location, field: "name", "the \(what) has no name", hint: "add `名称: …`"))
        return nil
    }
    return value.value
}
