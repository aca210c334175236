/// The names users give to fields, in Chinese as the offices write them or in English.
/// A name is matched after dropping spaces and ASCII case, so "风险 等级" and "Level" work.
struct FieldNames<Field: Hashable & Sendable>: Sendable {
    private let table: [String: Field]

    init(_ names: [Field: [String]]) {
        var table: [String: Field] = [:]
        for (field, spellings) in names {
            for spelling in spellings { table[Self.normalise(spelling)] = field }
        }
        self.table = table
    }

    /// A name written as the table has it (the usual case) is found without being normalised:
    /// normalising a normalised name changes nothing.
    func field(for name: String) -> Field? { table[name] ?? table[Self.normalise(name)] }

    static func normalise(_ name: String) -> String {
        String(name.filter { !$0.isWhitespace && $0 != "\u{FEFF}" }).lowercased()
    }
}

/// The fields of a risk point (风险点).
enum RiskField: String, Hashable, Sendable, CaseIterable {
    case id, sequence, text, manifestations, level, category, domain, units, post, power, matter, person
    case measures, isPublic, note, status, reviewed, reviewCycle

    static let names = FieldNames<RiskField>([
        .id: ["id", "编号", "风险编号", "风险点编号"],
        .sequence: ["seq", "sequence", "序号"],
        .text: ["text", "risk", "风险点", "风险点名称", "风险表现", "风险内容", "廉政风险点"],
        .manifestations: ["manifestations", "表现形式", "风险表现形式", "主要表现"],
        .level: ["level", "风险等级", "等级", "风险级别"],
        .category: ["category", "风险类别", "类别", "风险类型"],
        .domain: ["domain", "领域", "业务领域", "章"],
        .units: ["units", "unit", "责任主体", "单位", "科室", "部门", "责任单位", "责任科室", "责任部门"],
        .post: ["post", "岗位", "岗位名称"],
        .power: ["power", "权力", "权力编号"],
        .matter: ["matter", "职权内容", "权力事项", "重要环节", "职权", "业务事项"],
        .person: ["person", "responsible", "责任人", "直接责任人", "责任领导", "负责人"],
        .measures: ["measures", "防控措施", "防控要点", "防控机制", "防范措施"],
        .isPublic: ["public", "公开", "是否公开"],
        .note: ["note", "notes", "备注"],
        .status: ["status", "状态", "风险点状态"],
        .reviewed: ["reviewed", "复核日期", "复核时间", "最近复核日期"],
        .reviewCycle: ["reviewCycle", "复核周期"],
    ])
}

/// The keys of a register file's own settings (YAML register, or the `.csv.yaml` beside a CSV).
extension RiskField {
    /// Whether a row is a register's header: it has a 风险点 (or 表现形式) column.
    static func isHeader(_ cells: [String]) -> Bool {
        cells.contains { names.field(for: $0) == .text || names.field(for: $0) == .manifestations }
    }
}

enum TableField: String, Hashable, Sendable {
    case id, title, scope, levelScheme, defaults, risks, sheets, reviewed, reviewCycle

    static let names = FieldNames<TableField>([
        .sheets: ["sheets", "工作表"],
        .id: ["id", "编号"],
        .title: ["title", "标题", "名称", "表名"],
        .scope: ["scope", "范围", "所属单位"],
        .levelScheme: ["levelScheme", "等级方案"],
        .defaults: ["defaults", "默认"],
        .risks: ["risks", "风险清单", "清单", "风险点列表"],
        .reviewed: ["reviewed", "复核日期", "复核时间", "最近复核日期"],
        .reviewCycle: ["reviewCycle", "复核周期"],
    ])
}

/// Keys of site.yaml.
enum SiteField: String, Hashable, Sendable {
    case title, organisation, language, levelSchemes, defaultLevelScheme, markdown, visibility, disclosure, manual, reviewCycle

    static let names = FieldNames<SiteField>([
        .title: ["title", "标题", "站点标题"],
        .organisation: ["organisation", "organization", "机构", "单位名称"],
        .language: ["language", "语言"],
        .levelSchemes: ["levelSchemes", "等级方案"],
        .defaultLevelScheme: ["defaultLevelScheme", "默认等级方案"],
        .markdown: ["markdown"],
        .visibility: ["visibility", "字段可见性", "公开字段"],
        .disclosure: ["disclosure", "公示"],
        .manual: ["manual", "手册", "风险防控手册"],
        .reviewCycle: ["reviewCycle", "复核周期"],
    ])
}

enum SchemeField: String, Hashable, Sendable {
    case id, name, levels
    static let names = FieldNames<SchemeField>([
        .id: ["id", "编号"], .name: ["name", "名称"], .levels: ["levels", "等级"],
    ])
}

enum LevelField: String, Hashable, Sendable {
    case id, label, aliases, colour, description
    static let names = FieldNames<LevelField>([
        .id: ["id", "编号"], .label: ["label", "名称", "标签"], .aliases: ["aliases", "别名"],
        .colour: ["colour", "color", "颜色"], .description: ["description", "说明", "定义"],
    ])
}

enum MarkdownField: String, Hashable, Sendable {
    case unsafeHTML
    static let names = FieldNames<MarkdownField>([.unsafeHTML: ["unsafeHTML", "允许HTML", "allowHTML"]])
}

enum UnitField: String, Hashable, Sendable {
    case id, name, aliases, description, levelScheme, units
    static let names = FieldNames<UnitField>([
        .id: ["id", "编号"], .name: ["name", "名称"], .aliases: ["aliases", "别名", "简称"], .description: ["description", "说明"],
        .levelScheme: ["levelScheme", "等级方案"], .units: ["units", "下设", "下属单位", "children"],
    ])
}

enum DomainField: String, Hashable, Sendable {
    case id, name, order, description, levelScheme, levels
    static let names = FieldNames<DomainField>([
        .id: ["id", "编号"], .name: ["name", "名称"], .order: ["order", "顺序"],
        .description: ["description", "说明"], .levelScheme: ["levelScheme", "等级方案"],
        .levels: ["levels", "等级定义"],
    ])
}

enum PostFileField: String, Hashable, Sendable {
    case unit, posts, description
    static let names = FieldNames<PostFileField>([
        .unit: ["unit", "单位"], .posts: ["posts", "岗位"], .description: ["description", "说明"],
    ])
}

enum PostField: String, Hashable, Sendable {
    case id, name, unit, summary, duties
    static let names = FieldNames<PostField>([
        .id: ["id", "编号"], .name: ["name", "名称", "岗位名称"], .unit: ["unit", "单位"],
        .summary: ["summary", "概述"], .duties: ["duties", "岗位职责", "职责"],
    ])
}

enum PowerFileField: String, Hashable, Sendable {
    case unit, powers, description
    static let names = FieldNames<PowerFileField>([
        .unit: ["unit", "单位"], .powers: ["powers", "权力清单", "权力"], .description: ["description", "说明"],
    ])
}

enum PowerField: String, Hashable, Sendable {
    case id, name, unit, scope, basis
    static let names = FieldNames<PowerField>([
        .id: ["id", "编号"], .name: ["name", "名称", "权力名称"], .unit: ["unit", "单位"],
        .scope: ["scope", "权力范围", "范围"], .basis: ["basis", "权力依据", "依据"],
    ])
}

enum DocumentField: String, Hashable, Sendable {
    case id, title, unit, domain, order, isPublic
    static let names = FieldNames<DocumentField>([
        .id: ["id", "编号"], .title: ["title", "标题"], .unit: ["unit", "单位"], .domain: ["domain", "领域"],
        .order: ["order", "顺序", "weight"], .isPublic: ["public", "公开"],
    ])
}

enum FilterField: String, Hashable, Sendable {
    case table, ids, unit, domain, post, power, level, columns
    static let names = FieldNames<FilterField>([
        .columns: ["columns", "列"],
        .table: ["table", "register", "清单", "表"], .ids: ["ids", "id", "编号"], .unit: ["unit", "单位"],
        .domain: ["domain", "领域"], .post: ["post", "岗位"], .power: ["power", "权力"],
        .level: ["level", "等级", "风险等级"],
    ])
}

/// Keys of a disclosure (disclosures/*.yaml) and of the site's disclosure defaults.
enum DisclosureField: String, Hashable, Sendable {
    case id, title, scope, issuer, issueDate, start, days, end, contacts, preface, notes, paper, columns, edition
    static let names = FieldNames<DisclosureField>([
        .edition: ["edition", "版次"],
        .id: ["id", "编号"], .title: ["title", "标题"], .scope: ["scope", "范围"], .issuer: ["issuer", "落款", "发布单位"],
        .issueDate: ["issueDate", "date", "发布日期", "日期"], .start: ["start", "公示开始", "开始日期"],
        .days: ["days", "公示天数", "天数"], .end: ["end", "公示结束", "结束日期"], .contacts: ["contacts", "联系方式", "监督方式"],
        .preface: ["preface", "前言", "导语"], .notes: ["notes", "说明", "附注"], .paper: ["paper", "纸张"],
        .columns: ["columns", "列"],
    ])
}

enum ContactField: String, Hashable, Sendable {
    case hotline, email, mailbox, address, reception
    static let names = FieldNames<ContactField>([
        .hotline: ["hotline", "监督举报电话", "举报电话", "电话"], .email: ["email", "电子邮箱", "邮箱"],
        .mailbox: ["mailbox", "意见箱", "举报箱"], .address: ["address", "通信地址", "地址"],
        .reception: ["reception", "接待地点", "来访接待"],
    ])
}

/// Keys of a flow chart (flows/*.yaml, ```flow blocks).
enum FlowField: String, Hashable, Sendable {
    case id, title, unit, post, power, lanes, levelScheme, note, isPublic, steps
    static let names = FieldNames<FlowField>([
        .id: ["id", "编号"], .title: ["title", "标题", "名称", "流程名称"],
        .unit: ["unit", "units", "单位", "责任主体", "科室", "部门"], .post: ["post", "岗位"], .power: ["power", "权力"],
        .lanes: ["lanes", "泳道", "角色"], .levelScheme: ["levelScheme", "等级方案"], .note: ["note", "说明"],
        .isPublic: ["public", "公开"], .steps: ["steps", "步骤", "流程"],
    ])
    static let known = "编号 id, 标题 title, 单位 unit, 岗位 post, 权力 power, 泳道 lanes, 等级方案 levelScheme, 说明 note, 公开 public, 步骤 steps"
}

/// Keys of a flow chart's step.
enum StepField: String, Hashable, Sendable {
    case id, label, kind, lane, note, timeLimit, basis, next, risks
    static let names = FieldNames<StepField>([
        .id: ["id", "编号"], .label: ["label", "名称", "环节", "步骤", "业务流程"], .kind: ["kind", "type", "类型"],
        .lane: ["lane", "承办", "泳道", "角色", "承办人", "承办科室"], .note: ["note", "说明"],
        .timeLimit: ["timeLimit", "时限", "办理时限"], .basis: ["basis", "依据", "法律依据"],
        .next: ["next", "去向", "下一步"], .risks: ["risks", "风险点"],
    ])
    static let known = "编号 id, 名称 label, 类型 kind, 承办 lane, 说明 note, 时限 timeLimit, 依据 basis, 去向 next, 风险点 risks"
}

/// Keys of a labelled branch in a step's 去向.
enum BranchField: String, Hashable, Sendable {
    case to, label
    static let names = FieldNames<BranchField>([
        .to: ["to", "到", "去向", "步骤"], .label: ["label", "条件", "when"],
    ])
}

/// Keys of the manual's settings (`手册:` in site.yaml).
enum ManualField: String, Hashable, Sendable {
    case title, issuer, edition, arrangement, pageSize, fonts, pdf
    static let names = FieldNames<ManualField>([
        .title: ["title", "标题"], .issuer: ["issuer", "编印单位", "落款", "机构"], .edition: ["edition", "版本", "日期"],
        .arrangement: ["arrangement", "章节", "编排"], .pageSize: ["pageSize", "paper", "纸张", "开本"],
        .fonts: ["fonts", "font", "字体"], .pdf: ["pdf", "PDF"],
    ])
    static let known = "标题 title, 编印单位 issuer, 版本 edition, 章节 arrangement (按单位 / 按领域), 纸张 paper (A4 / A5), 字体 fonts, PDF pdf"
}
