import Foundation
import RiskModel
import Yams

/// Reads disclosures/*.yaml: one public disclosure (公示) per file.
enum DisclosureReader {
    static func read(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> DisclosureDraft? {
        guard let root = YAMLReading.parse(text, file: file, diagnostics: &diagnostics),
            let mapping = MappingReader(root, file: file, names: DisclosureField.names, what: "a disclosure", diagnostics: &diagnostics)
        else { return nil }
        mapping.warnUnknownKeys(
            known: "编号, 标题, 范围, 版次, 落款, 发布日期, 公示开始, 公示天数, 公示结束, 联系方式, 前言, 说明, 纸张, 列", diagnostics: &diagnostics)
        let edition = mapping.string(.edition).flatMap { $0.value.isEmpty ? nil : $0 }
        var id: Located<String>?
        if let given = mapping.string(.id) {
            id = requireID(given, at: mapping.location, what: "disclosure", example: "czj-gongshi", diagnostics: &diagnostics)
        }
        let title = mapping.string(.title)?.value ?? ""
        if title.isEmpty {
            diagnostics.append(.error(at: mapping.location, field: "标题", "the disclosure has no title", hint: "e.g. `标题: 廉政风险点公示`"))
        }
        var scope: FilterDraft?
        if let node = mapping.node(.scope) {
            scope = DocumentReader.filter(node.value, file: file, at: node.location, diagnostics: &diagnostics)
        } else if let edition {
            // What an edition added and changed, in the whole register.
            scope = FilterDraft(location: edition.location)
        } else {
            diagnostics.append(
                .error(
                    at: mapping.location, field: "范围", "the disclosure does not say what it discloses",
                    hint: "e.g. `范围: {单位: 办公室}`, or `版次: 2026` for what that edition added and changed"))
        }
        if let columns = mapping.node(.columns) {
            scope?.fields[.columns] = Located(value: YAMLTableReader.rawValue(columns.value), location: columns.location, key: columns.key)
        }
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return DisclosureDraft(
            id: id, derivedID: Identifiers.derived(from: stem, prefix: "gs"), title: title, scope: scope, edition: edition,
            issuer: mapping.string(.issuer)?.value, issueDate: day(mapping.string(.issueDate), diagnostics: &diagnostics),
            start: day(mapping.string(.start), diagnostics: &diagnostics), days: mapping.int(.days, diagnostics: &diagnostics),
            end: day(mapping.string(.end), diagnostics: &diagnostics),
            contacts: contacts(mapping.node(.contacts), file: file, diagnostics: &diagnostics),
            preface: mapping.string(.preface)?.value ?? "", notes: mapping.list(.notes)?.value ?? [],
            paper: paper(mapping.string(.paper), diagnostics: &diagnostics), location: mapping.location)
    }

    static func day(_ value: Located<String>?, diagnostics: inout [Diagnostic]) -> Day? {
        guard let value, !value.value.isEmpty else { return nil }
        guard let day = Day(parsing: value.value) else {
            diagnostics.append(
                .error(at: value.location, field: value.key, value: value.value, "not a date", hint: "write e.g. 2026-11-23"))
            return nil
        }
        return day
    }

    static func paper(_ value: Located<String>?, diagnostics: inout [Diagnostic]) -> Paper? {
        guard let value, !value.value.isEmpty else { return nil }
        guard let paper = Paper(named: value.value) else {
            diagnostics.append(
                .error(at: value.location, field: value.key, value: value.value, "not a paper size", hint: "A4, A4 横向 or A3"))
            return nil
        }
        return paper
    }

    static func contacts(_ node: Located<Node>?, file: String, diagnostics: inout [Diagnostic]) -> Contacts {
        guard let node,
            let mapping = MappingReader(node.value, file: file, names: ContactField.names, what: "contacts", diagnostics: &diagnostics)
        else { return Contacts() }
        mapping.warnUnknownKeys(known: "监督举报电话, 电子邮箱, 意见箱, 通信地址, 接待地点", diagnostics: &diagnostics)
        func text(_ field: ContactField) -> String? {
            guard let value = mapping.string(field)?.value, !value.isEmpty else { return nil }
            return value
        }
        return Contacts(
            hotline: text(.hotline), email: text(.email), mailbox: text(.mailbox), address: text(.address),
            reception: text(.reception))
    }
}
