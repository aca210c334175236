import Foundation
import RiskModel
import Testing

@testable import RiskContent

@Suite("Reading registers: YAML and CSV as offices write them")
struct RegisterLoadingTests {
    static let csvHeader = "序号,责任主体,职权内容,风险点,风险等级,防控措施,责任人,备注栏\r\n"
    static let csv =
        csvHeader
        + "1,办公室,会务工作,不按相关规定安排会议。,,\"1.加强联系;\n2.规范会务流程;\n3.按时完成任务。\",\"科室\n负责人\",甲\r\n"
        + "2,,公务接待,\"1.未按要求申报;\n2.超出预算;\",较大,\"1.先报批后接待;\n2.定点接待。\",科室负责人,\r\n"

    @Test("YAML keys in Chinese, defaults shared by every row, ids derived from the register")
    func yamlRegister() throws {
        let result = Fixture.load([
            "registers/t01.yaml": """
            编号: t01
            标题: 表1 收文登记风险事件情况表
            范围: ju
            默认:
              防控措施:
                - 1.收到公文后，仔细核对。
                - 2.原则上当日批转。
            风险清单:
              - 风险点: 收文登记要素不全面、不准确，丢失公文。
                风险等级: 较大
                责任主体: 办公室
              - 风险点: 分办不及时、不准确。
                风险等级: 一般风险
                责任主体: [办公室, 财务科]
            """
        ])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let register = try #require(result.register)
        let first = try #require(register.risks["t01-1"])
        #expect(first.level == .rated(scheme: "sanji", level: "jiaoda"))
        #expect(first.unitIDs == ["bgs"])
        #expect(first.measures == ["收到公文后，仔细核对。", "原则上当日批转。"])
        let second = try #require(register.risks["t01-2"])
        #expect(second.level == .rated(scheme: "sanji", level: "yiban"))
        #expect(second.unitIDs == ["bgs", "cw"])
        #expect(register.tables["t01"]?.riskIDs == ["t01-1", "t01-2"])
    }

    @Test("CSV: multi-line cells become lists, a blank 责任主体 continues the merged cell above, unknown columns are kept")
    func csvRegister() throws {
        let result = Fixture.load(["registers/清单.csv": Self.csv, "registers/清单.csv.yaml": "编号: qd\n范围: ju\n"])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let register = try #require(result.register)
        let meeting = try #require(register.risks["qd-1"])
        #expect(meeting.measures.count == 3)
        #expect(meeting.level == .unrated)
        #expect(meeting.person == "科室负责人")
        #expect(meeting.matter == "会务工作")
        #expect(meeting.extras == [ExtraField(name: "备注栏", value: "甲")])
        let reception = try #require(register.risks["qd-2"])
        #expect(reception.unitIDs == ["bgs"], "blank 责任主体 continues 办公室 from the row above")
        #expect(reception.manifestations == ["未按要求申报", "超出预算"])
        #expect(reception.measures == ["先报批后接待", "定点接待。"])
        #expect(reception.location.line == 6, "row 2 starts on line 6: the header takes 1 line, row 1 takes 4")
    }

    @Test("UTF-8 with BOM, and GB18030 as Excel writes it in China, give the same register")
    func encodings() throws {
        let utf8 = Fixture.load(["registers/qd.csv": Self.csv])
        let withBOM = Fixture.loadBytes(["registers/qd.csv": Data([0xEF, 0xBB, 0xBF]) + Data(Self.csv.utf8)])
        let gbBytes = try #require(TextDecoding.convert(Array(Self.csv.utf8), from: "UTF-8", to: "GB18030"))
        #expect(Data(gbBytes) != Data(Self.csv.utf8))
        let gb18030 = Fixture.loadBytes(["registers/qd.csv": Data(gbBytes)])
        let expected = try #require(utf8.register).risks.values.map(\.text)
        #expect(expected.count == 2)
        #expect(try #require(withBOM.register).risks.values.map(\.text) == expected)
        #expect(try #require(gb18030.register).risks.values.map(\.text) == expected)
        #expect(try #require(gb18030.register).risks.values.map(\.measures) == utf8.register!.risks.values.map(\.measures))
    }

    @Test("a file in neither UTF-8 nor GB18030 is an error naming the file, not a crash")
    func undecodable() {
        let result = Fixture.loadBytes(["registers/bad.csv": Data([0x31, 0x2C, 0xFF, 0xFF, 0xFE, 0x0A])])
        let error = result.diagnostics.first { $0.location.file == "registers/bad.csv" && $0.severity == .error }
        #expect(error?.message.contains("GB18030") == true)
    }
}
