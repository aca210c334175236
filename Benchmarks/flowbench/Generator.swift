import FlowLayout

/// Seeded generator of office-workflow-like flow charts (审批、采购、报销、执法 …): mostly a main
/// sequence; decisions with 2–3 labelled branches that merge again later, end, or go back
/// (退回补正); 催办 back edges; sometimes several start steps; 0 or 2–6 lanes (actors) with
/// consecutive steps often in the same lane.
struct FlowGenerator {
    let seed: UInt64

    static let actors = [
        "申请人", "经办人", "经办科室", "科室负责人", "分管领导", "主要领导", "办公室", "财务科", "人事科",
        "审计科", "纪检组", "法规科", "采购领导小组", "评审专家", "窗口工作人员", "局党组", "档案室", "供应商",
        "项目单位", "监督检查组",
    ]
    static let steps = [
        "提出申请", "填写《用印申请单》", "提交申请材料", "窗口受理登记", "材料初审", "科室负责人审核", "分管领导审批",
        "主要领导审批", "局党组会议集体研究", "办公室登记编号", "财务科审核报销凭证", "出纳支付资金", "组织专家评审",
        "编制采购需求及预算", "发布采购公告", "开标评标", "确定中标供应商并公示", "签订合同", "组织履约验收",
        "资料整理归档", "实地核查", "征求相关科室意见", "起草处理意见", "合法性审查", "印发文件",
        "公开公示（不少于5个工作日）", "结果反馈申请人", "建立工作台账", "整改落实", "报上级主管部门备案",
        "开具缴款通知书", "核定补助标准", "录入业务系统", "发放证照", "制作决定书并送达", "听取当事人陈述申辩",
        "调查取证", "案件审理委员会审议", "告知听证权利", "执行处罚决定", "复核", "审核盖章", "用印登记",
        "拟定接待方案", "按标准安排用餐住宿", "据实结算", "报销审核", "核对预算指标", "签署意见",
        "对申请材料的完整性、真实性进行审查并提出初审意见", "经办人根据审批意见办理相关手续，并将办理结果报告科室负责人",
        "按照“三重一大”事项决策程序提交会议研究", "在规定时限内完成审核，逾期说明理由", "收集整理佐证材料",
        "现场勘验", "出具审核意见", "编制年度计划", "下达任务通知", "汇总统计", "通报结果", "约谈提醒",
        "登记备案", "报送纪检组备案", "组织考察", "民主测评", "谈话了解情况", "拟定人选", "任前公示",
    ]
    /// Decisions with their branch labels (the first branch goes on along the main sequence).
    static let decisions: [(String, [String])] = [
        ("审核是否通过", ["通过", "不通过"]), ("复核是否通过", ["通过", "不通过"]), ("材料是否齐全", ["材料齐全", "不齐全"]),
        ("金额是否超过5000元", ["5000元以下", "5000元以上"]), ("是否同意", ["同意", "不同意"]),
        ("是否符合条件", ["符合", "不符合"]), ("是否需上会研究", ["否", "是"]), ("是否有异议", ["无异议", "有异议"]),
        ("验收是否合格", ["合格", "退回"]), ("是否属于重大事项", ["否", "是"]), ("是否在规定时限内办结", ["是", "否"]),
        ("是否需要现场核查", ["否", "需要"]), ("审批意见", ["同意", "修改后同意", "不同意"]),
        ("金额范围", ["5000元以下", "5000元至5万元", "5万元以上"]), ("事项类别", ["一般事项", "较大事项", "重大事项"]),
    ]
    static let starts = ["开始", "提出申请", "单位推荐", "个人申报", "群众举报", "上级交办", "部门提出需求", "系统预警"]
    static let ends = ["办结归档", "结束", "不予受理并告知理由", "终止办理", "退回申请人", "资料归档", "不予批准"]
    static let returns = ["退回补正", "补充材料", "修改完善", "重新提交"]

    private struct Pending {
        var node: Int
        var label: String?
        var weight: Int
        /// Joins the main sequence when it has at least this many steps.
        var due: Int
    }

    func graph(_ index: Int) -> BenchGraph {
        var rng = SplitMix64(seed: seed ^ (UInt64(index + 1) &* 0xD1B5_4A32_D192_ED03))
        let n = rng.int(5...60)
        let wrapEm = rng.pick([8.0, 9.0, 10.0])
        var laneNames: [String] = []
        if !rng.chance(0.3) {
            var pool = Self.actors
            let count = rng.int(2...min(6, max(2, n / 3)))
            for _ in 0..<count { laneNames.append(pool.remove(at: rng.below(pool.count))) }
        }
        var labels: [String] = []
        var kinds: [String] = []
        var lanes: [Int?] = []
        var edges: [(from: Int, to: Int, label: String?, weight: Int)] = []
        var currentLane = laneNames.isEmpty ? nil : Optional(0)

        func lane(stay: Double) -> Int? {
            guard let lane = currentLane, laneNames.count > 1 else { return currentLane }
            if rng.chance(stay) { return lane }
            if rng.chance(0.6) {  // a neighbouring actor
                let next = lane + (rng.chance(0.5) ? 1 : -1)
                if next >= 0 && next < laneNames.count { return next }
            }
            var other = rng.below(laneNames.count - 1)
            if other >= lane { other += 1 }
            return other
        }
        func add(_ label: String, _ kind: String, _ laneIndex: Int?) -> Int {
            labels.append(label)
            kinds.append(kind)
            lanes.append(laneIndex)
            return labels.count - 1
        }
        var open: [Pending] = []
        var deferred: [Pending] = []
        /// A step of the main sequence: everything open (and deferred merges that are due) goes to it.
        func mainStep(_ label: String, _ kind: String) -> Int {
            currentLane = lane(stay: 0.65)
            let node = add(label, kind, currentLane)
            var incoming = open
            open = []
            deferred.removeAll { pending in
                if pending.due <= node || kind == "end" { incoming.append(pending); return true }
                return false
            }
            for pending in incoming { edges.append((pending.node, node, pending.label, pending.weight)) }
            return node
        }
        func earlier(before node: Int, window: Int) -> Int? {
            let candidates = (max(0, node - window)..<node).filter { kinds[$0] != "end" && kinds[$0] != "decision" }
            return candidates.isEmpty ? nil : rng.pick(candidates)
        }

        // Start steps: usually one, sometimes 2–3 that meet at the first common step.
        if n >= 8 && rng.chance(0.15) {
            let count = rng.int(2...3)
            var pool = Array(Self.starts.dropFirst())
            for _ in 0..<count {
                let node = add(pool.remove(at: rng.below(pool.count)), "start", lane(stay: 0.3))
                open.append(Pending(node: node, label: nil, weight: 1, due: 0))
            }
        } else {
            let node = add(rng.pick(Self.starts), "start", currentLane)
            open.append(Pending(node: node, label: nil, weight: 2, due: 0))
        }

        while labels.count < n - 1 {
            let remaining = n - 1 - labels.count
            let roll = rng.unit()
            if roll < 0.24 && remaining >= 2 {
                // A decision: branch 0 goes on along the main sequence.
                // Two-way decisions four times as often as three-way ones.
                let threeWay = rng.chance(0.2)
                let (text, branchLabels) = rng.pick(Self.decisions.filter { ($0.1.count == 3) == threeWay })
                let decision = mainStep(text, "decision")
                open = [Pending(node: decision, label: branchLabels[0], weight: 2, due: 0)]
                for label in branchLabels.dropFirst() {
                    let budget = n - 1 - labels.count
                    let kind = rng.unit()
                    if kind < 0.35, let target = earlier(before: decision, window: 6) {
                        // 退回: straight back, or through a 补正 step of its own.
                        if rng.chance(0.5) && budget >= 1 {
                            let fix = add(rng.pick(Self.returns), "task", lane(stay: 0.3))
                            edges.append((decision, fix, label, 1))
                            edges.append((fix, target, nil, 1))
                        } else {
                            edges.append((decision, target, label, 1))
                        }
                    } else if kind < 0.55 && budget >= 1 {
                        let end = add(rng.pick(Self.ends), "end", lane(stay: 0.5))
                        edges.append((decision, end, label, 1))
                    } else if budget >= 1 {
                        // A side sequence of 1–3 steps that merges into the main one, now or a bit later.
                        let length = min(rng.int(1...3), budget)
                        var previous = decision
                        var edgeLabel: String? = label
                        let saved = currentLane
                        currentLane = lane(stay: 0.3)
                        for _ in 0..<length {
                            currentLane = lane(stay: 0.7)
                            let step = add(rng.pick(Self.steps), "task", currentLane)
                            edges.append((previous, step, edgeLabel, 1))
                            previous = step
                            edgeLabel = nil
                        }
                        currentLane = saved
                        let due = rng.chance(0.5) ? 0 : labels.count + rng.int(1...4)
                        let pending = Pending(node: previous, label: nil, weight: 1, due: due)
                        if due == 0 { open.append(pending) } else { deferred.append(pending) }
                    } else {
                        open.append(Pending(node: decision, label: label, weight: 1, due: 0))
                    }
                }
            } else if roll < 0.31 && labels.count >= 4 {
                // 催办: a follow-up step that goes back to an earlier one.
                let step = mainStep(rng.chance(0.5) ? "跟踪督办" : "逾期未办结的催办提醒", "task")
                if let target = earlier(before: step, window: 5) {
                    edges.append((step, target, "催办", 1))
                }
                open = [Pending(node: step, label: nil, weight: 2, due: 0)]
            } else {
                let step = mainStep(rng.pick(Self.steps), "task")
                open = [Pending(node: step, label: nil, weight: 2, due: 0)]
            }
        }
        _ = mainStep(rng.pick(Self.ends), "end")

        return BenchGraph.make(
            name: "gen-\(index)", origin: .generated, labels: labels, kinds: kinds, lanes: lanes,
            edges: edges.map { ($0.from, $0.to, $0.label, $0.weight) }, laneNames: laneNames, wrapEm: wrapEm)
    }
}

extension BenchGraph {
    /// Builds the LayoutGraph with the sizing rule.
    static func make(
        name: String, origin: Origin, labels: [String], kinds: [String], lanes: [Int?],
        edges: [(Int, Int, String?, Int)], laneNames: [String], wrapEm: Double = Sizing.defaultWrapEm
    ) -> BenchGraph {
        let nodes = labels.indices.map { i in
            kinds[i] == "decision"
                ? LayoutGraph.Node(size: Sizing.diamond(labels[i]), shape: .diamond, lane: lanes[i])
                : LayoutGraph.Node(size: Sizing.box(labels[i], wrapEm: wrapEm), shape: .box, lane: lanes[i])
        }
        let layoutEdges = edges.map { e in
            LayoutGraph.Edge(from: e.0, to: e.1, label: e.2.map(Sizing.edgeLabel), weight: e.3)
        }
        let graph = LayoutGraph(nodes: nodes, edges: layoutEdges, laneCount: laneNames.count,
                                laneHeaders: laneNames.map(Sizing.laneHeader))
        return BenchGraph(name: name, origin: origin, graph: graph, nodeLabels: labels, nodeKinds: kinds,
                          edgeLabels: edges.map(\.2), laneNames: laneNames, wrapEm: wrapEm)
    }
}
