/// Whether a risk point is still part of the register (状态).
public enum RiskStatus: String, Hashable, Sendable {
    /// 在用: listed, counted, published.
    case active
    /// 已撤销: kept at its address and in the editable export, out of every list and count.
    case withdrawn

    /// What the register writes, as riskpress writes it back.
    public var label: String {
        switch self {
        case .active: "在用"
        case .withdrawn: "已撤销"
        }
    }

    /// The words read as each status (matched ignoring spaces and ASCII case).
    public static let spellings: [RiskStatus: [String]] = [
        .active: ["在用", "有效", "现行", "active"],
        .withdrawn: ["已撤销", "撤销", "已停用", "停用", "withdrawn"],
    ]

    /// Reads a 状态 cell; nil when it is no status.
    public init?(named text: String) {
        let wanted = String(text.filter { !$0.isWhitespace }).lowercased()
        for status in [RiskStatus.active, .withdrawn] where Self.spellings[status]!.contains(wanted) {
            self = status
            return
        }
        return nil
    }
}

/// How often a register is reviewed (复核周期): a whole number of months.
public struct ReviewCycle: Hashable, Sendable {
    public var months: Int

    public init(months: Int) {
        self.months = months
    }

    /// 每年, the cycle when nothing says otherwise.
    public static let yearly = ReviewCycle(months: 12)

    /// Reads 每年, 每半年, 每季度, 每两年, 每月, `12个月`, `6个月`, `2年`, `半年`, or the English
    /// `yearly`, `12 months`; nil when it is none of these or is no positive length.
    public init?(parsing text: String) {
        var words = String(text.filter { !$0.isWhitespace }).lowercased()
        if words.hasPrefix("每") { words.removeFirst() }
        let named: [String: Int] = [
            "年": 12, "一年": 12, "1年": 12, "年度": 12, "yearly": 12, "annually": 12, "annual": 12,
            "半年": 6, "halfyearly": 6, "half-yearly": 6,
            "季度": 3, "季": 3, "一季度": 3, "quarterly": 3,
            "月": 1, "个月": 1, "monthly": 1,
            "两年": 24, "二年": 24,
        ]
        if let months = named[words] {
            self.init(months: months)
            return
        }
        let digits = words.prefix(while: \.isASCII).prefix(while: \.isNumber)
        guard let count = Int(digits), count > 0, count <= 1200 else { return nil }
        switch words.dropFirst(digits.count) {
        case "个月", "月", "months", "month": self.init(months: count)
        case "年", "years", "year": self.init(months: count * 12)
        default: return nil
        }
    }

    /// As offices write it: 每年, 每半年, 每季度, 每两年, else 每N个月.
    public var label: String {
        switch months {
        case 12: "每年"
        case 6: "每半年"
        case 3: "每季度"
        case 1: "每月"
        case 24: "每两年"
        default: months % 12 == 0 ? "每\(months / 12)年" : "每\(months)个月"
        }
    }
}

/// A 复核日期 as written: the day, and where it was written (for the diagnostics that point at it).
public struct ReviewDate: Hashable, Sendable {
    public var day: Day
    public var location: SourceLocation
    /// The key or column header it was written under.
    public var field: String

    public init(day: Day, location: SourceLocation, field: String) {
        self.day = day
        self.location = location
        self.field = field
    }
}

/// Where a risk point stands with its review on a given day.
public enum ReviewState: Hashable, Sendable {
    /// No 复核日期 on the point or its register: nothing is assumed.
    case unrecorded
    /// Reviewed, and the next review is due on `due` (not yet passed).
    case current(reviewed: ReviewDate, due: Day)
    /// Reviewed, and `due` has passed.
    case overdue(reviewed: ReviewDate, due: Day)

    public var isOverdue: Bool {
        if case .overdue = self { return true }
        return false
    }
}

extension Day {
    /// The same day `count` months later, or the month's last day when it has fewer (01-31 + 1 month
    /// is 02-28 or 02-29).
    public func adding(months count: Int) -> Day {
        let index = year * 12 + (month - 1) + count
        let (newYear, newMonth) = (index / 12, index % 12 + 1)
        let lengths = [31, Day.isLeap(newYear) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return Day(year: newYear, month: newMonth, day: min(day, lengths[newMonth - 1]))
    }

    private static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }
}
