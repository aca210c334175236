import Foundation
import RiskModel

@testable import RiskContent

/// A small Content folder in memory, written the way offices write theirs.
enum Fixture {
    static let site = """
        标题: 测试站点
        等级方案:
          - 编号: sanji
            名称: 三级
            等级:
              - {编号: zhongda, 名称: 重大, 别名: [重大风险], 颜色: "#b42318"}
              - {编号: jiaoda, 名称: 较大, 颜色: "#dc6803"}
              - {编号: yiban, 名称: 一般, 颜色: "#1570ef"}
        """

    static let units = """
        - 编号: ju
          名称: 某局
          下设:
            - {编号: bgs, 名称: 办公室}
            - {编号: cw, 名称: 财务科}
        """

    static func load(_ files: [String: String]) -> ContentLoader.Result {
        var all = ["site.yaml": site, "units/ju.yaml": units]
        all.merge(files) { _, new in new }
        return ContentLoader(fileSystem: .memory(text: all)).load()
    }

    /// site.yaml and the units file, as bytes.
    static var siteFiles: [String: Data] { ["site.yaml": Data(site.utf8), "units/ju.yaml": Data(units.utf8)] }

    static func loadBytes(_ files: [String: Data]) -> ContentLoader.Result {
        var all: [String: Data] = ["site.yaml": Data(site.utf8), "units/ju.yaml": Data(units.utf8)]
        all.merge(files) { _, new in new }
        return ContentLoader(fileSystem: .memory(all)).load()
    }
}

extension Array where Element == Diagnostic {
    /// The first diagnostic whose message contains `text`.
    func first(containing text: String) -> Diagnostic? { first { $0.message.contains(text) } }
}
