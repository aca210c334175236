import Foundation

/// A column of the risk table (责任清单) as pages show it.
public enum RiskColumn: String, Hashable, Sendable, CaseIterable {
    /// 序号
    case number
    /// 责任主体
    case units
    /// 岗位/职权
    case subject
    /// 风险点
    case text
    /// 风险等级
    case level
    /// 防控措施
    case measures
    /// 责任人
    case person

    /// The header the table shows, which is also the name a ```risks block may use.
    public var header: String {
        switch self {
        case .number: "序号"
        case .units: "责任主体"
        case .subject: "岗位/职权"
        case .text: "风险点"
        case .level: "风险等级"
        case .measures: "防控措施"
        case .person: "责任人"
        }
    }

    /// A column named by its header or its English name.
    public init?(named name: String) {
        let wanted = name.trimmed(.whitespaces)
        guard let column = RiskColumn.allCases.first(where: { $0.header == wanted || $0.rawValue == wanted })
            ?? (wanted == "岗位" || wanted == "职权" ? .subject : nil)
        else { return nil }
        self = column
    }
}
