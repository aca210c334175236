import RiskModel
import Testing

@Suite("Level schemes are configuration")
struct LevelSchemeTests {
    let scheme = LevelScheme(
        id: "sanji", name: "三级",
        levels: [
            Level(id: "zhongda", label: "重大", colour: "#b42318"),
            Level(id: "jiaoda", label: "较大", colour: "#dc6803"),
            Level(id: "yiban", label: "一般", colour: "#1570ef"),
        ])

    @Test("a level is found by label, id, or with 风险 / 级 after it")
    func matching() {
        #expect(scheme.level(named: "较大")?.id == "jiaoda")
        #expect(scheme.level(named: " 重大风险 ")?.id == "zhongda")
        #expect(scheme.level(named: "yiban")?.id == "yiban")
        #expect(scheme.level(named: "一般级")?.id == "yiban")
    }

    @Test("an unknown or blank level matches nothing: never guessed")
    func noGuessing() {
        #expect(scheme.level(named: "高") == nil)
        #expect(scheme.level(named: "") == nil)
        #expect(scheme.level(named: "较") == nil)
    }

    @Test("order is the configured order, highest first")
    func rank() {
        #expect(scheme.rank(of: "zhongda") == 0)
        #expect(scheme.rank(of: "yiban") == 2)
    }
}
