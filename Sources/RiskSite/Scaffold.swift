import Foundation

/// `riskpress new`: a starter Content folder a new office can build at once and then make its own.
/// Every file is small, in Chinese, with `#` comments that teach the format; every name, number and
/// address in it is a placeholder (某单位, 示例电话), not a claim about a real body. It builds with no
/// error and no warning (ScaffoldTests).
public enum Scaffold {
    /// Why `write(to:)` refused; the message is what the command line prints.
    public struct Refusal: Error, LocalizedError, CustomStringConvertible {
        public let message: String
        public var description: String { message }
        public var errorDescription: String? { message }
    }

    /// One file of the starter Content: its path under the folder and its text.
    public struct File: Sendable {
        public let path: String
        public let text: String
    }

    /// Writes a starter Content folder into `folder` (which must not exist or be empty). Returns the relative paths written.
    /// Nothing is written when the folder is refused; when a write fails midway, what was written is removed again.
    public static func write(to folder: URL) throws -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let existed = manager.fileExists(atPath: folder.path, isDirectory: &isDirectory)
        if existed {
            guard isDirectory.boolValue else {
                throw Refusal(message: "\(folder.path) exists and is a file, not a folder: choose a new folder name")
            }
            let entries = try manager.contentsOfDirectory(atPath: folder.path)
            guard entries.isEmpty else {
                throw Refusal(
                    message: "\(folder.path) is not empty (\(entries.count) item(s), e.g. \(entries.sorted()[0])): "
                        + "`riskpress new` only writes into a new or empty folder, so that it never overwrites your files; "
                        + "choose a new folder name")
            }
        }
        var written: [String] = []
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in files {
                let url = folder.appending(path: file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url, options: .withoutOverwriting)
                written.append(file.path)
            }
        } catch {
            if existed {
                for path in written { try? manager.removeItem(at: folder.appending(path: path)) }
                for entry in (try? manager.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [] {
                    try? manager.removeItem(at: entry)  // the folders made for the files; the folder was empty before
                }
            } else {
                try? manager.removeItem(at: folder)
            }
            throw Refusal(message: "\(folder.path) could not be written (\(error.localizedDescription))")
        }
        return written
    }

    /// The starter Content, file by file.
    public static let files: [File] = [
        File(path: "site.yaml", text: site),
        File(path: "units/units.yaml", text: units),
        File(path: "registers/lianzheng.yaml", text: register),
        File(path: "posts/posts.yaml", text: posts),
        File(path: "powers/powers.yaml", text: powers),
        File(path: "flows/yongyin.yaml", text: flow),
        File(path: "documents/办法.md", text: document),
        File(path: "disclosures/gongshi.yaml", text: disclosure),
    ]

    static let site = """
        # 站点设置。这是 Content 文件夹中唯一必需的文件。
        # 本文件夹由 riskpress new 生成，内容都是示例（某单位、示例电话），请逐一改为本单位的实际内容。
        # “#”之后是说明，不影响构建，可以删去。完整格式见 riskpress 的 docs/content-format.md。
        # 改完后运行 riskpress check 检查，riskpress build 生成网站。

        标题: 某单位风险防控登记册      # 每个页面页头显示的站点标题
        机构: 某单位                    # 发布本站点的单位
        语言: zh-CN

        # 等级方案：风险等级由高到低排列。风险点的“风险等级”可写名称（高）、编号（gao）或别名（高风险）。
        # 可以定义多个方案（如 重大/较大/一般、一级/二级），由单位、清单另行指定使用哪一个。
        等级方案:
          - 编号: sanji                  # 编号只用英文字母、数字和 -
            名称: 三级（高/中/低）
            等级:
              - 编号: gao
                名称: 高
                别名: [高风险]
                颜色: "#b42318"          # 颜色写在引号里
                说明: 涉及重大事项决策、大额资金使用、人财物管理等，一旦发生可能造成严重后果或恶劣影响。
              - 编号: zhong
                名称: 中
                别名: [中风险]
                颜色: "#dc6803"
                说明: 涉及一般事项的审批、办理，一旦发生可能造成较大损失或不良影响。
              - 编号: di
                名称: 低
                别名: [低风险]
                颜色: "#1570ef"
                说明: 日常事务性工作中的风险，一旦发生影响较小。
        默认等级方案: sanji

        # 公示的默认值：disclosures/ 中的公示文件没有写的项，取这里的值。
        公示:
          落款: 某单位                   # 公示末尾的落款单位
          公示天数: 7
          纸张: A4 横向                  # A4、A4 横向 或 A3
          联系方式:
            监督举报电话: 0000-0000000（示例电话，请替换）

        # 字段可见性：公开的字段出现在公示和 riskpress build --profile public 生成的公开网站中，
        # 内部的字段只出现在内部网站。整条风险点不公开，则在该风险点上写“公开: 否”。
        字段可见性:
          责任人: 公开                   # 是否公开责任人，由本单位决定；不公开改为 内部
          职权内容: 公开
          备注: 内部
          其他字段: 内部                 # riskpress 不认识的列

        """

    static let units = """
        # 组织机构：每个单位有编号和名称，“下设”列出内设科室（可以多层）。
        # 编号只用英文字母、数字、- 和 _，会成为网页地址，定下后不要再改；名称可以随时改。
        # 风险点的“责任主体”写单位的编号或名称均可。
        - 编号: dw
          名称: 某单位
          说明: 示例单位，请改为本单位的名称和内设机构。
          下设:
            - 编号: dw-bgs
              名称: 办公室
            - 编号: dw-cwk
              名称: 财务科
            - 编号: dw-rsk
              名称: 人事科

        """

    static let register = """
        # 风险清单（登记册）：一个文件一张表，文件放在 registers/ 下，可以再分子文件夹。
        # 已有 Excel/WPS 表格的，也可以另存为 CSV 放在这里，表头用 风险点、风险等级、责任主体、防控措施 等。
        编号: lianzheng                  # 可省略，省略时取文件名
        标题: 廉政风险防控登记表（示例）
        范围: dw                         # 责任主体的名称在这个单位及其下设科室中查找
        # 每条风险点以“- ”开头。风险点没有写编号时，按顺序编为 lianzheng-1、lianzheng-2……，
        # 也就是风险点网页的地址（risks/lianzheng-1.html），所以中间插入新条目时最好写上编号。
        风险清单:
          - 风险点: 用印审核把关不严，超出规定范围使用印章。
            风险等级: 高                 # 必须是 site.yaml 等级方案中的等级；留空为“未定级”
            责任主体: 办公室             # 单位的名称或编号，可写多个：[办公室, 财务科]
            岗位: 印章管理岗             # posts/ 中的岗位
            权力: 印章管理权             # powers/ 中的权力
            防控措施:                    # 必填，每条措施一行，以“- ”开头
              - 严格执行用印审批制度，未经审批一律不予用印。
              - 印章由专人保管，存放于保险柜，不得带出单位使用。
              - 建立用印登记台账，定期核对。
            责任人: 办公室主任
          - 风险点: 经费报销审核不严，超标准、超范围列支费用。
            风险等级: 中
            责任主体: 财务科
            职权内容: 经费报销审核       # 职权或业务事项，自由填写
            防控措施:
              - 严格按照财务制度和开支标准审核报销单据。
              - 大额支出实行集体研究决定。
            责任人: 财务科科长
            备注: 示例备注：备注默认只在内部网站显示。
          - 风险点: 干部选拔任用不按规定程序操作，搞“暗箱操作”。
            风险等级: 高
            责任主体: 人事科
            风险类别: 廉政风险
            防控措施:
              - 严格执行干部选拔任用工作有关规定，全程纪实。
              - 实行任前公示，接受干部群众监督。
            责任人: 分管负责人
          # 公开: 否 的风险点只出现在内部网站：不进入公示，也不进入 --profile public 生成的公开网站。
          - 风险点: 涉密文件保管不当，存在失泄密隐患（内部条目示例）。
            风险等级: 低
            责任主体: 办公室
            防控措施:
              - 涉密文件专柜存放，专人管理，借阅登记。
            责任人: 保密员
            公开: 否

        """

    static let posts = """
        # 岗位及职责（岗责手册）：一个文件写一个单位的岗位。
        单位: dw-bgs                     # 岗位所属的单位
        岗位:
          - 编号: bgs-zhuren
            名称: 办公室主任岗
            概述: 负责办公室工作的组织实施。
            岗位职责:
              - 组织实施办公室各项工作，督促检查工作落实情况；
              - 负责公文、印章、保密等工作的审核把关。
          - 编号: bgs-yinzhang
            名称: 印章管理岗
            岗位职责:
              - 负责单位印章的保管和用印登记；
              - 按审批意见用印，留存用印记录。

        """

    static let powers = """
        # 权力清单：一个文件写一个单位的权力，每项写明权力范围和依据。
        单位: dw-bgs
        权力清单:
          - 编号: yinzhang
            名称: 印章管理权
            权力范围:                    # 每项一行
              - 以本单位名义发出的公文用印；
              - 经批准开具的介绍信、证明材料用印。
            依据: 《某单位印章管理办法》（示例，请替换为实际依据）

        """

    static let flow = """
        # 业务流程图（示例，请按本单位实际修改）：按顺序写出步骤，riskpress 自动排版、画图。
        # 一个文件一张图，放在 flows/ 下。
        编号: yongyin
        标题: 印章使用流程（示例）
        单位: dw-bgs
        岗位: bgs-yinzhang
        权力: yinzhang
        泳道: [经办人, 科室负责人, 办公室]    # 各步骤的承办者，按图中从左到右的顺序
        # 步骤默认按书写顺序依次进行；“去向”可以分支、可以退回前面的步骤。
        步骤:
          - 编号: tiandan
            名称: 填写用印审批单
            类型: 开始
            承办: 经办人
            说明: 写明用印事由、文件名称和份数。    # 步骤的说明，显示在图下的表格中
          - 名称: 科室负责人审签
            承办: 科室负责人
            时限: 1个工作日内
          - 名称: 审核用印事项
            类型: 判断                   # 判断：用“去向”写出每个分支和条件
            承办: 办公室
            去向:
              - {到: gaizhang, 条件: 符合规定}
              - {到: tiandan, 条件: 不符合，退回}    # 去向前面的步骤：图上画成退回线
          - 编号: gaizhang
            名称: 盖章并登记
            承办: 办公室
            依据: 《某单位印章管理办法》（示例）
            风险点: [lianzheng-1]        # 登记册中风险点的编号：显示在这一步上，两边网页互相链接
          - 名称: 用印审批单存档
            类型: 结束
            承办: 办公室

        """

    static let document = """
        ---
        # 文档：Markdown 正文，开头两行 --- 之间写标题等信息。
        标题: 某单位廉政风险防控办法（示例）
        编号: banfa                      # 文件名不是英文字母时请写编号，它是网页地址
        单位: dw
        顺序: 1
        ---

        本文是示例，请替换为本单位的制度文本。正文用 Markdown 书写：`##` 开头的行是标题，空一行分段。

        ## 第一章 总则

        第一条 为加强本单位廉政风险防控工作，制定本办法。

        第二条 本单位各科室按照“谁主管、谁负责”的原则，落实风险防控责任。

        ## 第二章 风险点及防控措施

        第三条 本单位风险点、风险等级及防控措施见下表。

        ```risks
        清单: lianzheng
        ```

        上面以 risks 标记的代码块会换成风险表；可以按 清单、单位、岗位、权力、等级 筛选。

        """

    static let disclosure = """
        # 公示：生成一个独立的网页 Output/disclosures/gongshi.html，可以上传网站，也可以打印张贴。
        # 公示只含公开的风险点和公开的字段。没有写的项取 site.yaml 中“公示”的默认值。
        编号: gongshi
        标题: 某单位廉政风险点公示（示例）
        范围:
          单位: dw                       # 这个单位及其下设科室的风险点；也可按 等级、岗位、清单 筛选
        前言: 现将本单位廉政风险点、风险等级及防控措施予以公示，接受监督。
        公示开始: 2026-01-05              # 改为实际公示日期
        公示天数: 7
        联系方式:                         # 以下均为示例，请替换为真实的联系方式
          监督举报电话: 0000-0000000（示例电话）
          电子邮箱: jubao@example.org（示例邮箱）
          意见箱: 一楼大厅意见箱（示例）

        """
}
