import Foundation
import RiskModel
import Testing

@testable import RiskContent

/// Seed 003 names one unit two ways (区国家保密局 and 保密局, 区信息中心 and 信息中心).
@Suite("Units named more than one way")
struct UnitAliasTests {
    static let units = """
        - 编号: qwb
          名称: 区委办
          下设:
            - {编号: baomiju, 名称: 区国家保密局, 别名: [保密局]}
            - {编号: xxzx, 名称: 区信息中心, 别名: [信息中心, 区信息中心]}
            - {编号: zhk, 名称: 综合科}
        """

    @Test("a 责任主体 written with a unit's alias resolves to that unit, in a register and in a cell naming several")
    func aliasResolves() throws {
        let csv = "序号,责任主体,风险点,防控措施\n1,保密局,泄密,m\n2,\"信息中心\n区国家保密局\",网站被篡改,m\n"
        let result = Fixture.load(["units/qwb.yaml": Self.units, "registers/qd.csv": csv])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let register = try #require(result.register)
        #expect(register.risks["qd-1"]?.unitIDs == ["baomiju"])
        #expect(register.risks["qd-2"]?.unitIDs == ["xxzx", "baomiju"])
        #expect(register.units["xxzx"]?.aliases == ["信息中心"])
    }

    @Test("an alias that is another unit's name is a warning at the alias, and writing it is ambiguous")
    func aliasClash() throws {
        let units = Self.units.replacingOccurrences(of: "别名: [保密局]", with: "别名: [保密局, 办公室]")
        let csv = "序号,责任主体,风险点,防控措施\n1,办公室,泄密,m\n"
        let result = Fixture.load(["units/qwb.yaml": units, "registers/qd.csv": csv])
        let clash = try #require(result.diagnostics.first(containing: "also names another unit"))
        #expect(clash.severity == .warning)
        #expect(clash.value == "办公室")
        #expect(clash.location.file == "units/qwb.yaml")
        #expect(result.diagnostics.first(containing: "more than one unit has this name")?.location.file == "registers/qd.csv")
    }
}
