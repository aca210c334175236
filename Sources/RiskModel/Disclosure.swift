import Foundation

/// A calendar day, as notices write it: 2026年11月23日.
public struct Day: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `2026-11-23`, `2026/11/23`, `2026.11.23` or `2026年11月23日`; nil if it is no real day.
    public init?(parsing text: String) {
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        var components = DateComponents()
        components.year = numbers[0]
        components.month = numbers[1]
        components.day = numbers[2]
        guard (1...12).contains(numbers[1]), (1...31).contains(numbers[2]),
            let date = Day.calendar.date(from: components),
            Day.calendar.component(.day, from: date) == numbers[2]
        else { return nil }
        self.init(year: numbers[0], month: numbers[1], day: numbers[2])
    }

    /// The day `count` days later (negative: earlier).
    public func adding(days count: Int) -> Day {
        let date = Day.calendar.date(from: DateComponents(year: year, month: month, day: day))!
        let later = Day.calendar.date(byAdding: .day, value: count, to: date)!
        let parts = Day.calendar.dateComponents([.year, .month, .day], from: later)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// Today in China (UTC+8), the day a build is made unless a flag says otherwise.
    public static func today(in timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// 2026年11月23日
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    /// 2026-11-23
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar
    }()
}

/// Paper a disclosure is printed on.
public enum Paper: String, Hashable, Sendable, CaseIterable {
    case a4 = "A4"
    case a4Landscape = "A4 landscape"
    case a3 = "A3"

    /// The CSS `@page size`.
    public var cssSize: String {
        switch self {
        case .a4: "A4 portrait"
        case .a4Landscape: "A4 landscape"
        case .a3: "A3 landscape"
        }
    }

    public init?(named text: String) {
        switch text.lowercased().filter({ !$0.isWhitespace && $0 != "-" && $0 != "_" }) {
        case "a4", "a4portrait", "a4纵向", "a4竖版": self = .a4
        case "a4landscape", "a4横向", "a4横版": self = .a4Landscape
        case "a3", "a3landscape", "a3横向": self = .a3
        default: return nil
        }
    }
}

/// Ways to reach the supervisors (监督举报方式).
public struct Contacts: Hashable, Sendable {
    /// 监督举报电话
    public var hotline: String?
    /// 电子邮箱
    public var email: String?
    /// 意见箱 / 举报箱
    public var mailbox: String?
    /// 通信地址
    public var address: String?
    /// 来访接待地点
    public var reception: String?

    public init(hotline: String? = nil, email: String? = nil, mailbox: String? = nil, address: String? = nil, reception: String? = nil) {
        self.hotline = hotline
        self.email = email
        self.mailbox = mailbox
        self.address = address
        self.reception = reception
    }

    /// Each field given here, else the default's.
    public func over(_ defaults: Contacts) -> Contacts {
        Contacts(
            hotline: hotline ?? defaults.hotline, email: email ?? defaults.email, mailbox: mailbox ?? defaults.mailbox,
            address: address ?? defaults.address, reception: reception ?? defaults.reception)
    }

    public var isEmpty: Bool { [hotline, email, mailbox, address, reception].allSatisfy { $0 == nil } }
}

/// A public disclosure (公示): what is posted, by whom, for how long, and how to report.
public struct Disclosure: Hashable, Sendable, Identifiable {
    public var id: String
    public var title: String
    /// Which risk points: the filter's criteria; `units` lists several units (any of them).
    public var filter: RiskFilter
    public var unitIDs: [String]
    /// 落款: the issuing body.
    public var issuer: String
    public var issueDate: Day
    public var start: Day
    public var end: Day
    public var contacts: Contacts
    public var preface: String
    public var notes: [String]
    public var paper: Paper
    public var columns: Set<RiskColumn>?
    /// The selected risk points, public ones only, in register order.
    public var riskIDs: [String]
    public var location: SourceLocation
    /// 版次: the edition whose additions and changes are disclosed, and where it is named; the
    /// selection is narrowed to them once the archive is read (`narrowed(to:)`).
    public var edition: String?
    public var editionLocation: SourceLocation?
    /// For an edition's disclosure: what changed in each selected risk point (新增, 调整等级 …).
    public var changes: [String: [RiskChange.Kind]] = [:]

    public init(
        id: String, title: String, filter: RiskFilter, unitIDs: [String], issuer: String, issueDate: Day, start: Day, end: Day,
        contacts: Contacts, preface: String, notes: [String], paper: Paper, columns: Set<RiskColumn>?, riskIDs: [String],
        location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.filter = filter
        self.unitIDs = unitIDs
        self.issuer = issuer
        self.issueDate = issueDate
        self.start = start
        self.end = end
        self.contacts = contacts
        self.preface = preface
        self.notes = notes
        self.paper = paper
        self.columns = columns
        self.riskIDs = riskIDs
        self.location = location
    }

    /// Where the period stands on a given day.
    public enum Status: String, Sendable {
        case upcoming, open, ended
    }

    public func status(on day: Day) -> Status {
        day < start ? .upcoming : (end < day ? .ended : .open)
    }
}

extension Disclosure {
    /// An edition's disclosure narrowed to the risk points its edition added or changed (and that
    /// are still in use); nil when the history has no edition of that name.
    public func narrowed(to history: RegisterHistory) -> Disclosure? {
        guard let name = edition else { return self }
        guard let index = history.editions.firstIndex(where: { $0.info.name == name }) else { return nil }
        var changes: [String: [RiskChange.Kind]] = [:]
        for change in history.changeSets[index].changes where change.after != nil && !change.kinds.contains(.withdrawn) {
            changes[change.id] = change.kinds
        }
        var narrowed = self
        narrowed.riskIDs = riskIDs.filter { changes[$0] != nil }
        narrowed.changes = narrowed.riskIDs.reduce(into: [:]) { $0[$1] = changes[$1] }
        return narrowed
    }
}
