import Foundation
import RiskContent
@testable import RiskExport
import RiskModel
import Testing

@Suite("Exports: the register for Excel and as JSON")
struct ExportTests {
    static let files = [
        "site.yaml": "标题: 测试\n等级方案:\n  - {编号: s, 等级: [{编号: a, 名称: 重大}, {编号: b, 名称: 一般}]}\n",
        "units/u.yaml": "- {编号: ju, 名称: 某局, 下设: [{编号: bgs, 名称: 办公室}, {编号: cw, 名称: 财务科}]}\n",
        "posts/p.yaml": "单位: bgs\n岗位: [{编号: zr, 名称: 主任岗}]\n",
        "registers/r.yaml": """
            范围: ju
            风险清单:
              - {风险点: 收文登记不全, 风险等级: 重大, 责任主体: [办公室, 财务科], 防控措施: [仔细核对, "当日批转，不得延误"]}
              - {表现形式: [未按要求申报, 超出预算], 岗位: 主任岗, 责任主体: 办公室, 防控措施: [先报批后接待], 责任人: 科室负责人}
              - {风险点: "含有\\"引号\\"和,逗号", 风险等级: 一般, 责任主体: 财务科, 防控措施: [一], 公开: 否}
            """,
    ]

    @Test("the CSV opens in Excel as UTF-8 (BOM, CRLF) and reads back into the same risk points")
    func csvRoundTrip() throws {
        let original = try #require(ContentLoader(fileSystem: .memory(text: Self.files)).load().register)
        let csv = RegisterExport.csv(original)
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: csv.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("编号,序号,登记表,责任主体,岗位,权力,职权内容,风险点,表现形式,风险等级"))
        #expect(text.contains("\r\n"))

        var files = Self.files.mapValues { Data($0.utf8) }
        files["registers/r.yaml"] = nil
        files["registers/export.csv"] = csv
        files["registers/export.csv.yaml"] = Data("范围: ju\n".utf8)
        let reread = ContentLoader(fileSystem: .memory(files)).load()
        #expect(!reread.diagnostics.hasErrors, "\(reread.diagnostics)")
        let copy = try #require(reread.register)
        #expect(copy.risks.count == original.risks.count)
        for risk in original.risks.values {
            let back = try #require(copy.risks[risk.id])
            #expect(back.text == risk.text)
            #expect(back.manifestations == risk.manifestations)
            #expect(back.measures == risk.measures)
            #expect(back.level == risk.level)
            #expect(back.unitIDs == risk.unitIDs)
            #expect(back.postID == risk.postID)
            #expect(back.person == risk.person)
            #expect(back.isPublic == risk.isPublic)
        }
    }

    @Test("the JSON carries every risk point with ids for its references")
    func json() throws {
        let register = try #require(ContentLoader(fileSystem: .memory(text: Self.files)).load().register)
        let object = try JSONSerialization.jsonObject(with: RegisterExport.json(register)) as? [String: Any]
        let risks = try #require(object?["risks"] as? [[String: Any]])
        #expect(risks.count == 3)
        #expect(risks[0]["units"] as? [String] == ["bgs", "cw"])
        #expect(risks[0]["level"] as? String == "a")
        #expect(risks[1]["post"] as? String == "zr")
        #expect(risks[1]["level"] == nil || risks[1]["level"] is NSNull)
        #expect(RegisterExport.json(register) == RegisterExport.json(register))
    }

    @Test("the JSON made risk point by risk point, fresh or from kept entries, is the document encoded at once")
    func jsonByEntries() throws {
        for content in [ContentFileSystem.memory(text: Self.files), .directory(ExampleSite.content)] {
            let register = try #require(ContentLoader(fileSystem: content).load().register)
            let atOnce = RegisterExport.jsonAtOnce(register)
            #expect(RegisterExport.json(register) == atOnce)
            let cache = RegisterExport.Cache()
            _ = RegisterExport.json(register, cache: cache)
            #expect(RegisterExport.json(register, cache: cache) == atOnce)
            #expect(RegisterExport.csv(register, cache: cache) == RegisterExport.csv(register))
        }
    }
}
