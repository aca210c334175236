import Foundation
import RiskModel
import Yams

/// Reads a flow chart: a flows/*.yaml file or the body of a ```flow block in a document.
enum FlowReader {
    /// - Parameters:
    ///   - derivedID: the id when the flow gives none (file name, or `<document>-flow<n>`).
    ///   - lineOffset: lines before the YAML in its file, for a ```flow block.
    static func read(
        _ text: String, file: String, lineOffset: Int = 0, derivedID: String, documentID: String? = nil,
        diagnostics: inout [Diagnostic]
    ) -> FlowDraft? {
        guard let root = YAMLReading.parse(text, file: file, lineOffset: lineOffset, diagnostics: &diagnostics),
            let header = MappingReader(
                root, file: file, lineOffset: lineOffset, names: FlowField.names, what: "a flow chart",
                diagnostics: &diagnostics)
        else { return nil }
        header.warnUnknownKeys(known: FlowField.known, diagnostics: &diagnostics)
        var id: Located<String>?
        if let given = header.string(.id) {
            id = requireID(given, at: header.location, what: "flow", example: "lc-01", diagnostics: &diagnostics)
        }
        let flowID = id?.value ?? derivedID
        let title = header.string(.title)?.value ?? ""
        if title.isEmpty {
            diagnostics.append(.error(at: header.location, field: "title", "the flow has no title", hint: "add `标题: …`"))
        }
        var units: [Located<String>] = []
        if let unit = header.node(.unit) {
            for item in listOrSingle(unit.value) {
                let name = MappingReader<FlowField>.text(of: item)
                if !name.isEmpty { units.append(Located(value: name, location: header.place(item), key: unit.key)) }
            }
        }
        if units.isEmpty && documentID == nil {
            diagnostics.append(
                .error(at: header.location, field: "unit", "the flow names no unit", hint: "add `单位: ` with the unit's id or name"))
        }
        var lanes: Located<[String]>?
        if let node = header.node(.lanes) {
            let names = listOrSingle(node.value).map { MappingReader<FlowField>.text(of: $0) }.filter { !$0.isEmpty }
            lanes = Located(value: names, location: node.location, key: node.key)
        }

        var inline = TableDraft(
            file: file, id: nil, derivedID: flowID, location: header.location, isCSV: false)
        inline.title = title
        inline.levelScheme = header.string(.levelScheme)
        if !units.isEmpty {
            inline.defaults[.units] = Located(value: .list(units.map(\.value)), location: units[0].location, key: units[0].key)
        }
        var steps: [FlowDraft.Step] = []
        if let list = header.node(.steps), case .sequence(let sequence) = list.value, !sequence.isEmpty {
            for (index, node) in sequence.enumerated() {
                if let step = readStep(
                    node, position: index + 1, flowID: flowID, file: file, lineOffset: lineOffset, inline: &inline,
                    diagnostics: &diagnostics)
                {
                    steps.append(step)
                }
            }
        } else {
            diagnostics.append(
                .error(
                    at: header.node(.steps)?.location ?? header.location, field: "steps", "the flow has no steps",
                    hint: "add `步骤:` with a list of steps, each with `名称:`"))
        }
        return FlowDraft(
            id: id, derivedID: derivedID, title: title, units: units, post: header.string(.post),
            power: header.string(.power), lanes: lanes, note: header.string(.note)?.value.nonEmpty,
            isPublic: header.bool(.isPublic, diagnostics: &diagnostics) ?? true, steps: steps,
            inlineRisks: inline.risks.isEmpty ? nil : inline, documentID: documentID, location: header.location)
    }

    private static func readStep(
        _ node: Node, position: Int, flowID: String, file: String, lineOffset: Int, inline: inout TableDraft,
        diagnostics: inout [Diagnostic]
    ) -> FlowDraft.Step? {
        let location = YAMLReading.location(of: node, file: file, lineOffset: lineOffset)
        if case .scalar(let scalar) = node {
            // A bare step: just its label.
            let label = scalar.string.trimmed()
            return FlowDraft.Step(
                id: nil, position: position, label: label, kind: nil, lane: nil, note: nil, timeLimit: nil, basis: nil,
                next: nil, risks: [], location: location)
        }
        guard
            let step = MappingReader(
                node, file: file, lineOffset: lineOffset, names: StepField.names, what: "a step", diagnostics: &diagnostics)
        else { return nil }
        step.warnUnknownKeys(known: StepField.known, diagnostics: &diagnostics)
        var id: Located<String>?
        if let given = step.string(.id) {
            id = requireID(given, at: step.location, what: "step", example: "shenhe", diagnostics: &diagnostics)
        }
        let label = step.string(.label)?.value ?? ""
        if label.isEmpty {
            diagnostics.append(.error(at: location, field: "label", "the step has no label", hint: "add `名称: …`"))
        }
        var next: [FlowDraft.Branch]?
        if let value = step.node(.next) {
            next = []
            for item in listOrSingle(value.value) {
                let place = step.place(item)
                if case .mapping = item {
                    guard
                        let branch = MappingReader(
                            item, file: file, lineOffset: lineOffset, names: BranchField.names, what: "a branch",
                            diagnostics: &diagnostics)
                    else { continue }
                    branch.warnUnknownKeys(known: "到 to, 条件 label", diagnostics: &diagnostics)
                    guard let to = branch.string(.to), !to.value.isEmpty else {
                        diagnostics.append(
                            .error(at: place, field: value.key, "the branch says no step to go to", hint: "add `到: <step id>`"))
                        continue
                    }
                    next?.append(FlowDraft.Branch(to: to, label: branch.string(.label)?.value.nonEmpty))
                } else {
                    let target = MappingReader<StepField>.text(of: item)
                    if !target.isEmpty { next?.append(FlowDraft.Branch(to: Located(value: target, location: place, key: value.key))) }
                }
            }
        }
        var risks: [Located<String>] = []
        if let value = step.node(.risks) {
            for item in listOrSingle(value.value) {
                let place = step.place(item)
                if case .mapping(let mapping) = item {
                    // A risk point written in place: it joins the flow's own register.
                    var draft = RiskDraft(location: place, position: inline.risks.count + 1)
                    for (keyNode, field) in mapping {
                        let key = keyNode.string ?? ""
                        let raw = YAMLTableReader.rawValue(field)
                        let fieldPlace = YAMLReading.location(of: field, file: file, lineOffset: lineOffset)
                        if let known = RiskField.names.field(for: key) {
                            draft.fields[known] = Located(value: raw, location: fieldPlace, key: key)
                        } else {
                            draft.extras.append(ExtraField(name: key, value: raw.text))
                            diagnostics.append(
                                .warning(
                                    at: YAMLReading.location(of: keyNode, file: file, lineOffset: lineOffset), field: key,
                                    "unknown key; kept as an extra field",
                                    hint: "risk point keys: 风险点, 风险等级, 防控措施, 责任人, 公开, 备注"))
                        }
                    }
                    let riskID = draft.fields[.id].map(\.value.text).flatMap(\.nonEmpty) ?? "\(flowID)-\(draft.position)"
                    inline.risks.append(draft)
                    risks.append(Located(value: riskID, location: place, key: value.key))
                } else {
                    for name in CellList.names(MappingReader<StepField>.text(of: item)) {
                        risks.append(Located(value: name, location: place, key: value.key))
                    }
                }
            }
        }
        return FlowDraft.Step(
            id: id, position: position, label: label, kind: step.string(.kind), lane: step.string(.lane),
            note: step.string(.note)?.value.nonEmpty, timeLimit: step.string(.timeLimit)?.value.nonEmpty,
            basis: step.string(.basis)?.value.nonEmpty, next: next, risks: risks, location: location)
    }
}
