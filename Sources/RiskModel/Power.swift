/// A power on the power list (职权 / 权力清单): what it covers and on what legal basis.
public struct Power: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var unitID: String?
    /// 权力范围
    public var scope: [String]
    /// 权力依据
    public var basis: String
    public var location: SourceLocation

    public init(
        id: String, name: String, unitID: String?, scope: [String] = [], basis: String = "",
        location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.unitID = unitID
        self.scope = scope
        self.basis = basis
        self.location = location
    }
}
