/// A risk point (风险点) with its prevention measures (防控措施).
@dynamicMemberLookup
public struct RiskPoint: Hashable, Sendable, Identifiable {
    /// What a risk point says. A `RiskPoint` holds its fields in one shared, never-changed box, so
    /// copying it (out of the register, into a view, into a cache) is one reference, not a copy of
    /// twenty fields: at province scale the register's 20,000 risk points are copied many times per
    /// build, from several threads at once. Setting a field makes a new box.
    public struct Fields: Hashable, Sendable {
        /// Stable id: the permalink is made of it.
        public var id: String
        /// 序号 as the register shows it.
        public var sequence: String?
        /// The risk point as written (风险点). For a cell of several items, the items joined.
        public var text: String
        /// How it shows itself (表现形式), when the register lists that.
        public var manifestations: [String]
        public var level: LevelRating
        /// 风险类别
        public var category: String?
        public var domainID: String?
        /// The units that answer for it (责任主体).
        public var unitIDs: [String]
        public var postID: String?
        public var powerID: String?
        /// The duty or power item the risk belongs to (职权内容 / 权力事项 / 重要环节), free text.
        public var matter: String?
        /// 责任人
        public var person: String?
        public var measures: [String]
        /// Whether the entry may be published (公示). Defaults to true.
        public var isPublic: Bool
        public var note: String?
        /// Columns or keys riskpress has no field for, kept in their order.
        public var extras: [ExtraField]
        /// The table (register file) it comes from.
        public var tableID: String
        public var location: SourceLocation
        /// 状态: a withdrawn (已撤销) point keeps its page and is in no list or count.
        public var status: RiskStatus = .active
        /// 复核日期 written on the point itself (the register's applies when it has none).
        public var reviewed: ReviewDate? = nil
        /// 复核周期 written on the point itself (else the register's, else the site's).
        public var reviewCycle: ReviewCycle? = nil
    }

    @usableFromInline
    final class Box: Sendable {
        @usableFromInline let fields: Fields
        @usableFromInline init(_ fields: Fields) { self.fields = fields }
    }

    @usableFromInline var box: Box

    public init(
        id: String, sequence: String? = nil, text: String, manifestations: [String] = [],
        level: LevelRating = .unrated, category: String? = nil, domainID: String? = nil, unitIDs: [String] = [],
        postID: String? = nil, powerID: String? = nil, matter: String? = nil, person: String? = nil,
        measures: [String] = [], isPublic: Bool = true, note: String? = nil, extras: [ExtraField] = [],
        tableID: String, location: SourceLocation, status: RiskStatus = .active, reviewed: ReviewDate? = nil,
        reviewCycle: ReviewCycle? = nil
    ) {
        box = Box(
            Fields(
                id: id, sequence: sequence, text: text, manifestations: manifestations, level: level, category: category,
                domainID: domainID, unitIDs: unitIDs, postID: postID, powerID: powerID, matter: matter, person: person,
                measures: measures, isPublic: isPublic, note: note, extras: extras, tableID: tableID, location: location,
                status: status, reviewed: reviewed, reviewCycle: reviewCycle))
    }

    /// Every field, read and written by name: `risk.text`, `risk.level = …`. Inlinable, so each use
    /// is a plain field access where it is written, not a key path applied at run time.
    @inlinable
    public subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        get { box.fields[keyPath: field] }
        set {
            var fields = box.fields
            fields[keyPath: field] = newValue
            box = Box(fields)
        }
    }

    @inlinable
    public var id: String {
        get { box.fields.id }
        set { self[dynamicMember: \.id] = newValue }
    }

    @inlinable
    public static func == (a: RiskPoint, b: RiskPoint) -> Bool {
        a.box === b.box || a.box.fields == b.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        box.fields.hash(into: &hasher)
    }
}

/// A named value the register carries that riskpress has no field for.
public struct ExtraField: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
