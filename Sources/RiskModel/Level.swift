import Foundation

/// One level of a level scheme (风险等级), e.g. 重大 or 一级(红).
public struct Level: Hashable, Sendable, Identifiable {
    public var id: String
    /// What the page shows, e.g. 重大.
    public var label: String
    /// Other ways a register writes this level, e.g. 重大风险.
    public var aliases: [String]
    /// CSS colour, e.g. `#b42318`.
    public var colour: String
    public var description: String

    public init(id: String, label: String, aliases: [String] = [], colour: String, description: String = "") {
        self.id = id
        self.label = label
        self.aliases = aliases
        self.colour = colour
        self.description = description
    }
}

/// An ordered set of levels, highest first. Bodies differ (重大/较大/一般, 高/中/低, 一/二 …),
/// so schemes come from the site configuration, never from code.
public struct LevelScheme: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var levels: [Level]

    public init(id: String, name: String, levels: [Level]) {
        self.id = id
        self.name = name
        self.levels = levels
    }

    /// The level a register's cell names: by id, label or alias, ignoring surrounding
    /// spaces and a trailing 风险 / 级 (so 较大风险 and 一级 find 较大 and 一).
    public func level(named text: String) -> Level? {
        let wanted = text.trimmed()
        guard !wanted.isEmpty else { return nil }
        if let exact = levels.first(where: { $0.id == wanted || $0.label == wanted || $0.aliases.contains(wanted) }) {
            return exact
        }
        for suffix in ["风险", "级"] where wanted.hasSuffix(suffix) && wanted.count > suffix.count {
            let stem = String(wanted.dropLast(suffix.count))
            if let found = levels.first(where: { $0.label == stem || $0.aliases.contains(stem) }) { return found }
        }
        return nil
    }

    /// Position of a level, 0 for the highest.
    public func rank(of levelID: String) -> Int? {
        levels.firstIndex { $0.id == levelID }
    }
}

/// A risk point's level: a level of a scheme, or 未定级 when the register leaves it blank.
public enum LevelRating: Hashable, Sendable {
    case rated(scheme: String, level: String)
    case unrated

    /// What is shown for a blank level.
    public static let unratedLabel = "未定级"
}
