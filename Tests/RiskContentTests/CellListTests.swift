import Foundation
import RiskModel
import Testing

@testable import RiskContent

@Suite("Cells that are lists")
struct CellListTests {
    @Test("numbered items in one line become a list, numbers and separators dropped")
    func numberedOneLine() {
        #expect(CellList.items("1.未按要求申报;2.未执行接待标准,超出预算;3.未厉行节约。") == ["未按要求申报", "未执行接待标准,超出预算", "未厉行节约。"])
    }

    @Test("cells padded the way Word and Excel pad them come out clean, as Foundation trims them")
    func paddedCells() {
        // Full-width spaces (U+3000), no-break spaces, tabs, CR LF and the rarer line breaks.
        let padded = [
            "\u{3000}\u{3000}严格执行审批程序\u{3000}", "\u{00A0}加强监督\t", "\r\n\t1.未按规定报销；\r\n", "\u{2028}岗位\u{0085}",
            "  ", "", "无需修剪", "\u{200B}零宽空格不算空白\u{200B}", " e\u{0301} ",
        ]
        for text in padded {
            #expect(text.trimmed() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.unicodeScalars.map(\.value))")
            #expect(text.trimmed(.whitespaces) == text.trimmingCharacters(in: .whitespaces), "\(text.unicodeScalars.map(\.value))")
        }
        // Every scalar of the Basic Multilingual Plane is blank for riskpress exactly when Foundation trims it.
        var differing: [String] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            if (text.trimmed().isEmpty) != text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                || (text.trimmed(.whitespaces).isEmpty) != text.trimmingCharacters(in: .whitespaces).isEmpty
            {
                differing.append(String(value, radix: 16))
            }
        }
        #expect(differing == [])
        #expect(CellList.items("\u{3000}1.加强保密培训；\r\n\u{3000}2.坚持严格把关。\r") == ["加强保密培训", "坚持严格把关。"])
    }

    @Test("one item per line, as Excel keeps a multi-line cell")
    func oneItemPerLine() {
        #expect(CellList.items("1.加强保密培训；\n2.坚持严格把关。\n") == ["加强保密培训", "坚持严格把关。"])
        #expect(CellList.items("严格按照标准配置资产\n指定资产管理员") == ["严格按照标准配置资产", "指定资产管理员"])
    }

    @Test("a line without a number continues the numbered item above it")
    func continuationLine() {
        #expect(CellList.items("1.严格执行车辆管理制度，\n加强日常监督检查；\n2.科学调配用车。") == ["严格执行车辆管理制度，加强日常监督检查", "科学调配用车。"])
    }

    @Test("a list carried on over lines goes on counting: a line starting with the next number splits too")
    func listOverLines() {
        // Found by CellListProperties (shrunk): the third line, 3 and 4, stayed one item.
        #expect(CellList.items("　1)苾。；\r\n2)噐旤；\n3)橌刲。4)鉴隶。\r\n") == ["苾。", "噐旤", "橌刲。", "鉴隶。"])
        #expect(CellList.items("1.加强保密培训；2.坚持严格把关；\n3.定期检查；4.建立台账。") == ["加强保密培训", "坚持严格把关", "定期检查", "建立台账。"])
        // A line starting again at 1 is split as before.
        #expect(CellList.items("1.甲；2.乙\n1.丙；2.丁") == ["甲", "乙", "丙", "丁"])
    }

    @Test("a full-width space, as an input method types it, separates items like a space")
    func fullWidthSpace() {
        // Found by CellListProperties (shrunk).
        #expect(CellList.items("\n1)踊踿,2)閟暔　3)蝊着；") == ["踊踿", "閟暔", "蝊着"])
        #expect(CellList.items("1、在公文工作中把关不严。　2、审核不严。") == ["在公文工作中把关不严。", "审核不严。"])
        #expect(CellList.items("1.金额　2.5万元以上") == ["金额　2.5万元以上"])
    }

    @Test("an item loses the blanks before its trailing ；，, and is dropped when nothing else is left")
    func blanksBeforeTrailingMark() {
        // Found by CellListProperties (shrunk).
        #expect(CellList.items("溔\t;") == ["溔"])
        #expect(CellList.items(";　，") == [])
        #expect(CellList.items("1.加强监督 ；2.定期检查　，") == ["加强监督", "定期检查"])
    }

    @Test("bracketed and 、 numbering")
    func otherMarkers() {
        #expect(CellList.items("（1）以该局名义发出的公文；（2）联合发文；") == ["以该局名义发出的公文", "联合发文"])
        #expect(CellList.items("1、在公文工作中把关不严。 2、审核不严。") == ["在公文工作中把关不严。", "审核不严。"])
    }

    @Test("numbers inside the text do not split it")
    func numbersInText() {
        #expect(CellList.items("办发文用印一般在1-2个工作日内盖章") == ["办发文用印一般在1-2个工作日内盖章"])
        #expect(CellList.items("1.金额2.5万元以上的支出;2.其他") == ["金额2.5万元以上的支出", "其他"])
        #expect(CellList.items("5000元以下由科长审批") == ["5000元以下由科长审批"])
    }

    @Test("unit names split on 、 and new lines but not inside brackets")
    func unitNames() {
        #expect(CellList.names("办公室、各科室单位") == ["办公室", "各科室单位"])
        #expect(CellList.names("秘书二科\n保密局\n政务局\n信息中心") == ["秘书二科", "保密局", "政务局", "信息中心"])
        #expect(CellList.names("区委办（区政府办、直属机关工委）") == ["区委办（区政府办、直属机关工委）"])
        // A cell written on Windows breaks its lines with CR LF.
        #expect(CellList.names("办公室\r\n财务科\r\n") == ["办公室", "财务科"])
    }
}
