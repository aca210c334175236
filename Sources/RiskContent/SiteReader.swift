import Foundation
import RiskModel
import Yams

/// Reads site.yaml: the organisation, level schemes and Markdown options.
enum SiteReader {
    static let defaultPalette = ["#b42318", "#c4320a", "#b54708", "#4e5ba6", "#027a48"]

    static func read(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> SiteConfig? {
        if YAMLReading.isEmpty(text) {  // blank, or comments only: not a site of nothing
            diagnostics.append(
                .error(
                    at: SourceLocation(file: file, line: 1, column: 1), "site.yaml is empty",
                    hint: "write the site's 标题 and 等级方案 in it (`riskpress new 新文件夹` makes a Content folder to start from)"))
            return nil
        }
        // A directive or a marker only: a document with no value in it.
        guard
            let root = YAMLReading.parseRequired(
                text, file: file, empty: "site.yaml holds no settings", hint: "write the site's 标题 and 等级方案 in it",
                diagnostics: &diagnostics)
        else { return nil }
        guard let site = MappingReader(root, file: file, names: SiteField.names, what: "the site settings", diagnostics: &diagnostics)
        else { return nil }
        site.warnUnknownKeys(
            known: "title 标题, organisation 机构, language 语言, levelSchemes 等级方案, defaultLevelScheme, markdown, visibility 字段可见性, disclosure 公示, manual 手册, reviewCycle 复核周期",
            diagnostics: &diagnostics)
        let title = site.string(.title)?.value ?? ""
        if title.isEmpty {
            diagnostics.append(
                .error(at: site.location, field: "title", "the site has no title", hint: "add e.g. `标题: 某某局风险防控手册`"))
        }
        var schemes: [LevelScheme] = []
        if let list = site.node(.levelSchemes) {
            for node in list.value.array() {
                if let scheme = readScheme(node, file: file, diagnostics: &diagnostics) {
                    if schemes.contains(where: { $0.id == scheme.id }) {
                        diagnostics.append(
                            .error(
                                at: YAMLReading.location(of: node, file: file), field: "id", value: scheme.id,
                                "two level schemes have this id", hint: "give each scheme its own id"))
                    } else {
                        schemes.append(scheme)
                    }
                }
            }
        }
        if schemes.isEmpty {
            diagnostics.append(
                .error(
                    at: site.location, field: "levelSchemes", "no level scheme is defined",
                    hint: "define at least one, e.g. 重大/较大/一般 (see docs/content-format.md)"))
        }
        var defaultScheme = schemes.first?.id
        if let wanted = site.string(.defaultLevelScheme) {
            if schemes.contains(where: { $0.id == wanted.value }) {
                defaultScheme = wanted.value
            } else {
                diagnostics.append(
                    .error(
                        at: wanted.location, field: wanted.key, value: wanted.value, "no level scheme has this id",
                        hint: "schemes: \(schemes.map(\.id).joined(separator: ", "))"))
            }
        }
        var allowsRawHTML = false
        if let markdown = site.node(.markdown),
            let options = MappingReader(
                markdown.value, file: file, names: MarkdownField.names, what: "Markdown options", diagnostics: &diagnostics)
        {
            options.warnUnknownKeys(known: "unsafeHTML", diagnostics: &diagnostics)
            allowsRawHTML = options.bool(.unsafeHTML, diagnostics: &diagnostics) ?? false
        }
        var internalFields = RiskPointField.internalByDefault
        if let visibility = site.node(.visibility) {
            internalFields = readVisibility(visibility, file: file, diagnostics: &diagnostics)
        }
        var defaults = DisclosureDefaults()
        if let node = site.node(.disclosure),
            let mapping = MappingReader(node.value, file: file, names: DisclosureField.names, what: "disclosure defaults", diagnostics: &diagnostics)
        {
            mapping.warnUnknownKeys(known: "落款, 联系方式, 公示天数, 纸张", diagnostics: &diagnostics)
            defaults.issuer = mapping.string(.issuer)?.value
            defaults.contacts = DisclosureReader.contacts(mapping.node(.contacts), file: file, diagnostics: &diagnostics)
            if let days = mapping.int(.days, diagnostics: &diagnostics) { defaults.days = days }
            if let paper = DisclosureReader.paper(mapping.string(.paper), diagnostics: &diagnostics) { defaults.paper = paper }
        }
        var manual = ManualConfig()
        if let node = site.node(.manual),
            let mapping = MappingReader(node.value, file: file, names: ManualField.names, what: "manual settings", diagnostics: &diagnostics)
        {
            mapping.warnUnknownKeys(known: ManualField.known, diagnostics: &diagnostics)
            manual.title = mapping.string(.title)?.value.nonEmpty
            manual.issuer = mapping.string(.issuer)?.value.nonEmpty
            manual.edition = mapping.string(.edition)?.value.nonEmpty
            if let value = mapping.string(.arrangement), !value.value.isEmpty {
                switch value.value.lowercased() {
                case "按单位", "单位", "unit", "byunit": manual.arrangement = .byUnit
                case "按领域", "领域", "按章", "domain", "bydomain": manual.arrangement = .byDomain
                default:
                    diagnostics.append(
                        .error(at: value.location, field: value.key, value: value.value, "not a way to arrange the manual",
                               hint: "按单位 (a chapter per unit) or 按领域 (a chapter per domain)"))
                }
            }
            if let value = mapping.string(.pageSize), !value.value.isEmpty {
                switch value.value.uppercased().replacingOccurrences(of: " ", with: "") {
                case "A4": manual.pageSize = .a4
                case "A5": manual.pageSize = .a5
                default:
                    diagnostics.append(
                        .error(at: value.location, field: value.key, value: value.value, "not a page size for the manual",
                               hint: "A4 (default) or A5"))
                }
            }
            if let fonts = mapping.list(.fonts) { manual.fonts = fonts.value }
            manual.pdf = mapping.bool(.pdf, diagnostics: &diagnostics) ?? false
        }
        let reviewCycle = site.string(.reviewCycle).flatMap { ReviewFields.cycle($0, diagnostics: &diagnostics) } ?? .yearly
        return SiteConfig(
            title: title, organisation: site.string(.organisation)?.value ?? "",
            language: site.string(.language)?.value ?? "zh-CN", levelSchemes: schemes,
            defaultLevelSchemeID: defaultScheme, allowsRawHTML: allowsRawHTML, internalFields: internalFields,
            disclosureDefaults: defaults, manual: manual, reviewCycle: reviewCycle)
    }

    /// `字段可见性: {责任人: 公开, 备注: 内部}`: each field named is set; the others keep their default.
    private static func readVisibility(_ node: Located<Node>, file: String, diagnostics: inout [Diagnostic]) -> Set<RiskPointField> {
        var hidden = RiskPointField.internalByDefault
        guard case .mapping(let mapping) = node.value else {
            diagnostics.append(
                .error(at: node.location, field: node.key, "expected a mapping of field to 公开 or 内部", hint: "e.g. `责任人: 内部`"))
            return hidden
        }
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? ""
            let place = YAMLReading.location(of: keyNode, file: file)
            guard let field = RiskPointField.allCases.first(where: { $0.names.contains(key) }) else {
                diagnostics.append(
                    .error(
                        at: place, field: key, "not a field whose visibility can be set",
                        hint: "fields: " + RiskPointField.allCases.map { $0.names[1] }.joined(separator: ", ")))
                continue
            }
            switch (valueNode.string ?? "").trimmed(.whitespaces).lowercased() {
            case "public", "公开": hidden.remove(field)
            case "internal", "内部", "不公开": hidden.insert(field)
            default:
                diagnostics.append(
                    .error(
                        at: YAMLReading.location(of: valueNode, file: file), field: key, value: valueNode.string,
                        "visibility must be 公开 (public) or 内部 (internal)", hint: nil))
            }
        }
        return hidden
    }

    private static func readScheme(_ node: Node, file: String, diagnostics: inout [Diagnostic]) -> LevelScheme? {
        guard let scheme = MappingReader(node, file: file, names: SchemeField.names, what: "a level scheme", diagnostics: &diagnostics)
        else { return nil }
        scheme.warnUnknownKeys(known: "id, name 名称, levels 等级", diagnostics: &diagnostics)
        guard let id = scheme.string(.id), Identifiers.isValid(id.value) else {
            diagnostics.append(
                .error(
                    at: scheme.location, field: "id", value: scheme.string(.id)?.value,
                    "a level scheme needs an id made of ASCII letters, digits and -, at most \(Identifiers.maxLength)", hint: "e.g. `id: sanji`"))
            return nil
        }
        var levels: [Level] = []
        for (index, levelNode) in (scheme.node(.levels)?.value.array() ?? []).enumerated() {
            guard
                let level = MappingReader(levelNode, file: file, names: LevelField.names, what: "a level", diagnostics: &diagnostics)
            else { continue }
            level.warnUnknownKeys(known: "id, label 名称, aliases 别名, colour 颜色, description 说明", diagnostics: &diagnostics)
            guard let levelID = level.string(.id), Identifiers.isValid(levelID.value) else {
                diagnostics.append(
                    .error(
                        at: level.location, field: "id", value: level.string(.id)?.value,
                        "a level needs an id made of ASCII letters, digits and -, at most \(Identifiers.maxLength)", hint: "e.g. `id: major`"))
                continue
            }
            if levels.contains(where: { $0.id == levelID.value }) {
                diagnostics.append(
                    .error(at: levelID.location, field: levelID.key, value: levelID.value, "two levels have this id", hint: nil))
                continue
            }
            let label = level.string(.label)?.value ?? levelID.value
            if let colour = level.string(.colour), !isCSSColour(colour.value) {
                diagnostics.append(
                    .error(
                        at: colour.location, field: colour.key, value: colour.value, "not a colour",
                        hint: "write a hex colour such as \"#b42318\" (in quotes) or a colour name such as red"))
            }
            levels.append(
                Level(
                    id: levelID.value, label: label, aliases: level.list(.aliases)?.value ?? [],
                    colour: level.string(.colour).map(\.value).flatMap { isCSSColour($0) ? $0 : nil } ?? defaultPalette[min(index, defaultPalette.count - 1)],
                    description: level.string(.description)?.value ?? ""))
        }
        if levels.isEmpty {
            diagnostics.append(
                .error(at: scheme.location, field: "levels", value: id.value, "the level scheme has no levels", hint: nil))
        }
        return LevelScheme(id: id.value, name: scheme.string(.name)?.value ?? id.value, levels: levels)
    }
}

/// `#rgb`, `#rrggbb`, `#rrggbbaa` or a plain colour name: nothing that could carry
/// other CSS into a page.
func isCSSColour(_ text: String) -> Bool {
    if text.hasPrefix("#") {
        let hex = text.dropFirst()
        return [3, 4, 6, 8].contains(hex.count) && hex.allSatisfy(\.isHexDigit)
    }
    return !text.isEmpty && text.count <= 30 && text.allSatisfy { $0.isASCII && $0.isLetter }
}
