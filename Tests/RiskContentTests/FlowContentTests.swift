import Foundation
import RiskModel
import Testing

@testable import RiskContent

@Suite("Flow charts in Content")
struct FlowContentTests {
    static let register = """
        编号: gw
        范围: ju
        风险清单:
          - {风险点: 用印审核把关不严, 风险等级: 较大, 责任主体: 办公室, 防控措施: [严格用印审批]}
        """

    /// 印章使用, written as an office would: steps in order, a decision with a way back.
    static let seal = """
        编号: yinzhang
        标题: 印章使用
        单位: 办公室
        步骤:
          - 编号: tiandan
            名称: 填单审批
            承办: 用印单位
            说明: 发文以外的用印由用印单位填写用印单，报本科室负责人签字审批
          - 编号: shenhe
            名称: 审核盖章
            类型: 判断
            承办: 用印人员
            时限: 1-2个工作日内
            风险点: [gw-1]
            去向:
              - {到: liudi, 条件: 合格}
              - {到: tiandan, 条件: 退回}
          - 编号: liudi
            名称: 留底保存
            类型: 结束
            风险点:
              - 风险点: 用印单未留存根
                风险等级: 一般
                防控措施: [用印单保留存根备查]
        """

    @Test("steps follow each other as written; a decision's branches and a way back are links with their labels")
    func sequenceAndBranches() throws {
        let result = Fixture.load(["registers/gw.yaml": Self.register, "flows/yinzhang.yaml": Self.seal])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let flow = try #require(result.register?.flows["yinzhang"])
        #expect(flow.steps.map(\.id) == ["tiandan", "shenhe", "liudi"])
        #expect(flow.steps[1].kind == .decision)
        #expect(flow.steps[2].kind == .end)
        #expect(flow.lanes == ["用印单位", "用印人员"])
        #expect(flow.steps[2].lane == "用印人员", "a step without 承办 stays in the lane before it")
        #expect(flow.steps[1].timeLimit == "1-2个工作日内")
        let links = flow.links.map { "\($0.from)→\($0.to):\($0.label ?? "")" }
        #expect(links == ["tiandan→shenhe:", "shenhe→liudi:合格", "shenhe→tiandan:退回"])
        #expect(flow.unitIDs == ["bgs"])
    }

    @Test("two flows with one id: the second is reported at its id with the first's place, and again when loaded from the cache")
    func duplicateFlowID() throws {
        let files = ["registers/gw.yaml": Self.register, "flows/a.yaml": Self.seal, "flows/b.yaml": Self.seal]
        var all = ["site.yaml": Fixture.site, "units/ju.yaml": Fixture.units]
        all.merge(files) { _, new in new }
        let loader = ContentLoader(fileSystem: .memory(text: all))
        let cache = ContentLoader.Cache()
        for pass in ["first load", "from the cache"] {
            let result = loader.load(cache: cache)
            let duplicates = result.diagnostics.filter { $0.message == "two flows have this id" }
            #expect(duplicates.count == 1, "\(pass)")
            #expect(duplicates.first?.location.file == "flows/b.yaml", "\(pass)")
            #expect(duplicates.first?.hint?.contains("flows/a.yaml") == true, "\(pass)")
            #expect(result.register?.flows["yinzhang"]?.location.file == "flows/a.yaml", "\(pass)")
        }
    }

    @Test("risk points attach to steps by register id, or written in place they join the flow's own register")
    func risksOnSteps() throws {
        let result = Fixture.load(["registers/gw.yaml": Self.register, "flows/yinzhang.yaml": Self.seal])
        let register = try #require(result.register)
        let flow = try #require(register.flows["yinzhang"])
        #expect(flow.steps[1].riskIDs == ["gw-1"])
        #expect(flow.steps[2].riskIDs == ["yinzhang-1"])
        let inline = try #require(register.risks["yinzhang-1"])
        #expect(inline.text == "用印单未留存根")
        #expect(inline.measures == ["用印单保留存根备查"])
        #expect(inline.unitIDs == ["bgs"], "a risk written on a step belongs to the flow's unit")
        #expect(register.level(of: inline)?.level.label == "一般")
        #expect(register.flowsByRisk["gw-1"] == ["yinzhang"])
        #expect(register.flowsByUnit["bgs"] == ["yinzhang"])
    }

    @Test("bad references, a lane not declared, an unknown kind and an unreachable step are reported at their lines, all in one run")
    func problems() throws {
        let flow = """
            标题: 有错的流程
            单位: 办公室
            泳道: [办公室]
            步骤:
              - 编号: a
                名称: 受理
                去向: [b, zz]
              - 编号: b
                名称: 审查
                类型: 菱形
                承办: 财务科
                风险点: [gw-9]
                去向: []
              - 编号: c
                名称: 无人到达
            """
        let result = Fixture.load(["registers/gw.yaml": Self.register, "flows/bad.yaml": flow])
        let diagnostics = result.diagnostics
        let missingStep = try #require(diagnostics.first(containing: "no step of this flow has this id"))
        #expect(missingStep.location.file == "flows/bad.yaml")
        #expect(missingStep.location.line == 7)
        #expect(missingStep.value == "zz")
        let kind = try #require(diagnostics.first(containing: "not a kind of step"))
        #expect(kind.location.line == 10)
        let lane = try #require(diagnostics.first(containing: "not one of the flow's lanes"))
        #expect(lane.location.line == 11)
        let risk = try #require(diagnostics.first(containing: "no risk point has this id"))
        #expect(risk.location.line == 12)
        #expect(risk.hint?.contains("gw-1") == true)
        let unreachable = try #require(diagnostics.first(containing: "no path from the start reaches this step"))
        #expect(unreachable.severity == .warning)
        #expect(unreachable.location.line == 14)
        // The flow still loads, without the broken parts.
        let loaded = try #require(result.register?.flows["bad"])
        #expect(loaded.links.map(\.to) == ["b"])
    }

    @Test("a ```flow block in a document is a flow drawn in place, with an id from the document")
    func flowBlock() throws {
        let document = """
            ---
            标题: 用印办法
            单位: 办公室
            ---

            第一条 用印按下列流程办理：

            ```flow
            标题: 用印流程
            步骤: [申请, 审批, 盖章]
            ```

            第二条 ……
            """
        let result = Fixture.load(["documents/yongyin.md": document])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let register = try #require(result.register)
        let flow = try #require(register.flows["yongyin-flow1"])
        #expect(flow.documentID == "yongyin")
        #expect(flow.steps.map(\.label) == ["申请", "审批", "盖章"])
        #expect(flow.links.count == 2)
        let parts = try #require(register.documents["yongyin"]?.parts)
        #expect(parts.count == 3)
        #expect(parts[1] == .flow(id: "yongyin-flow1"))
    }

    @Test("a flow marked internal, and the risks on it that are internal, stay out of the public view")
    func publicView() throws {
        let internalFlow = Self.seal.replacingOccurrences(of: "编号: yinzhang", with: "编号: yinzhang\n公开: 否")
        let hiddenRisk = """
            编号: gw
            范围: ju
            风险清单:
              - {风险点: 用印审核把关不严, 风险等级: 较大, 责任主体: 办公室, 防控措施: [严格用印审批], 公开: 否}
            """
        let result = Fixture.load([
            "registers/gw.yaml": hiddenRisk, "flows/yinzhang.yaml": internalFlow,
            "flows/open.yaml": Self.seal.replacingOccurrences(of: "编号: yinzhang", with: "编号: open"),
        ])
        let publicRegister = try #require(result.register?.publicView())
        #expect(publicRegister.flows["yinzhang"] == nil)
        let open = try #require(publicRegister.flows["open"])
        #expect(open.steps[1].riskIDs.isEmpty, "the internal risk point is not drawn on the public chart")
        #expect(open.steps[2].riskIDs == ["open-1"])
    }
}
