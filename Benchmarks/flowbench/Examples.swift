import FlowLayout
import Foundation
import Yams

/// The example flows of Content/flows/**/*.yaml (docs/content-format.md, "Flow charts"), read
/// minimally: steps, their kind, 承办 lane and 去向 (with 条件 labels); sequence is the default.
enum ExampleFlows {
    static func load(contentDirectory: String) -> (graphs: [BenchGraph], problems: [String]) {
        let root = URL(fileURLWithPath: contentDirectory).appendingPathComponent("flows")
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            return ([], [])
        }
        var paths: [String] = []
        for case let url as URL in enumerator where ["yaml", "yml"].contains(url.pathExtension) {
            paths.append(url.path)
        }
        var graphs: [BenchGraph] = []
        var problems: [String] = []
        for path in paths.sorted() {
            let name = "flow:" + String(path.dropFirst(root.path.count + 1))
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                guard let document = try Yams.load(yaml: text) as? [String: Any] else {
                    problems.append("\(name): not a mapping"); continue
                }
                graphs.append(try graph(document, name: name))
            } catch {
                problems.append("\(name): \(error)")
            }
        }
        return (graphs, problems)
    }

    struct Problem: Error, CustomStringConvertible { var description: String }

    static func string(_ value: Any?) -> String? {
        switch value {
        case nil: return nil
        case let s as String: return s
        case let i as Int: return String(i)
        case let d as Double: return String(d)
        case let b as Bool: return b ? "true" : "false"
        default: return nil
        }
    }

    static func value(_ map: [String: Any], _ keys: [String]) -> Any? {
        for key in keys { if let v = map[key] { return v } }
        return nil
    }

    static func kind(_ raw: String?) -> String {
        switch raw?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "start", "开始": return "start"
        case "end", "结束": return "end"
        case "decision", "判断": return "decision"
        default: return "task"
        }
    }

    static func graph(_ document: [String: Any], name: String) throws -> BenchGraph {
        guard let steps = value(document, ["步骤", "steps"]) as? [Any], !steps.isEmpty else {
            throw Problem(description: "no 步骤")
        }
        let maps = try steps.map { step -> [String: Any] in
            guard let map = step as? [String: Any] else { throw Problem(description: "a step is not a mapping") }
            return map
        }
        var ids: [String] = []
        var labels: [String] = []
        var kinds: [String] = []
        var laneOfStep: [String?] = []
        for (i, map) in maps.enumerated() {
            ids.append(string(value(map, ["编号", "id"])) ?? "s\(i + 1)")
            labels.append(string(value(map, ["名称", "环节", "步骤", "label"])) ?? "")
            kinds.append(kind(string(value(map, ["类型", "kind"]))))
            laneOfStep.append(string(value(map, ["承办", "泳道", "角色", "lane"])))
        }
        // Lanes: the given list, else the 承办 names in order of first use; a step without one
        // stays in the lane of the step before it.
        var laneNames = (value(document, ["泳道", "lanes"]) as? [Any])?.compactMap { string($0) } ?? []
        if laneNames.isEmpty {
            for lane in laneOfStep.compactMap({ $0 }) where !laneNames.contains(lane) { laneNames.append(lane) }
        }
        var lanes: [Int?] = []
        var previous: Int? = laneNames.isEmpty ? nil : 0
        for lane in laneOfStep {
            if let lane, let index = laneNames.firstIndex(of: lane) { previous = index }
            lanes.append(laneNames.isEmpty ? nil : previous)
        }
        var edges: [(Int, Int, String?, Int)] = []
        for (i, map) in maps.enumerated() {
            guard let next = value(map, ["去向", "下一步", "next"]) else {
                if kinds[i] != "end" && i + 1 < maps.count { edges.append((i, i + 1, nil, 2)) }
                continue
            }
            var targets: [(String, String?)] = []
            if let list = next as? [Any] {
                for item in list {
                    if let m = item as? [String: Any] {
                        guard let to = string(value(m, ["到", "to"])) else { throw Problem(description: "去向 without 到") }
                        targets.append((to, string(value(m, ["条件", "condition", "when", "label"]))))
                    } else if let to = string(item) {
                        targets.append((to, nil))
                    }
                }
            } else if let to = string(next) {
                targets.append((to, nil))
            }
            for (to, label) in targets {
                guard let j = ids.firstIndex(of: to) else { throw Problem(description: "unknown step \(to)") }
                edges.append((i, j, label, j == i + 1 ? 2 : 1))
            }
        }
        return BenchGraph.make(name: name, origin: .example, labels: labels, kinds: kinds, lanes: lanes,
                               edges: edges, laneNames: laneNames)
    }
}
