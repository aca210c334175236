import Testing

@testable import FlowLayout

@Suite("TextMetrics: widths and Chinese line breaking")
struct TextMetricsTests {
    let metrics = TextMetrics(fontSize: 14)
    var em: Double { metrics.fontSize }

    // MARK: Widths

    @Test("CJK characters and punctuation are 1 em")
    func cjkWidths() {
        #expect(metrics.width(of: "风险防控") == 4 * em)
        for character in "用印。，、；：？！「」（）《》【】ぁカ한Ａ１￥" {
            #expect(metrics.width(of: character) == em, "\(character)")
        }
        #expect(metrics.width(of: "　") == em)  // ideographic space
    }

    @Test("Latin is narrower than CJK, digits all alike, narrow letters narrower than wide ones")
    func latinWidths() {
        #expect(metrics.width(of: "ABC") < metrics.width(of: "风险防"))
        #expect(metrics.width(of: "ABC") > 0)
        let zero = metrics.width(of: Character("0"))
        #expect(zero >= 0.5 * em && zero <= 0.6 * em)
        for digit in "0123456789" { #expect(metrics.width(of: digit) == zero) }
        #expect(metrics.width(of: "2014") == 4 * zero)
        #expect(metrics.width(of: Character("i")) < metrics.width(of: Character("n")))
        #expect(metrics.width(of: Character("n")) < metrics.width(of: Character("m")))
        #expect(metrics.width(of: Character(" ")) < metrics.width(of: Character("a")))
        #expect(metrics.width(of: Character(",")) < metrics.width(of: Character("，")))
        #expect(metrics.width(of: "ab") + metrics.width(of: "用印") == metrics.width(of: "ab用印"))
    }

    @Test("zero-width, combining, half-width and other characters")
    func otherWidths() {
        #expect(metrics.width(of: "e\u{301}") == metrics.width(of: "e"))
        #expect(metrics.width(of: Character("\u{200B}")) == 0)
        #expect(metrics.width(of: "a\u{200D}\u{FE0F}b") == metrics.width(of: "ab"))
        #expect(metrics.width(of: Character("ｶ")) == 0.5 * em)
        #expect(metrics.width(of: Character("\u{E9}")) == 0.6 * em)
        #expect(metrics.width(of: Character("Ж")) == 0.6 * em)
        #expect(metrics.width(of: "\n") == 0)
    }

    @Test("size is the widest line by the number of lines")
    func size() {
        let m = TextMetrics(fontSize: 10, lineHeight: 15)
        #expect(m.size(of: "风险防控用印", maxWidth: 40) == Size(width: 40, height: 30))
        #expect(m.size(of: "风险", maxWidth: 100) == Size(width: 20, height: 15))
        #expect(m.size(of: "", maxWidth: 100) == Size(width: 0, height: 0))
        #expect(TextMetrics(fontSize: 10).lineHeight == 14)
    }

    // MARK: Wrapping

    @Test("a long label at 10 em")
    func longLabel() {
        let text = "发文以外的用印由用印单位在本单位填写用印单，报本科室负责人签字审批，用印单位送分管局领导审签。"
        let lines = metrics.wrap(text, maxWidth: 10 * em)
        #expect(lines.count >= 5)
        #expect(lines.joined() == text)
        #expect(WrapCheck.problems(text, lines, metrics, 10 * em) == [])
        // 。 ends the text: the last line is not 。 alone, and no line starts with ，
        #expect(lines.allSatisfy { !$0.hasPrefix("，") && !$0.hasPrefix("。") })
    }

    @Test("brackets and punctuation at every width from 2 to 20 em")
    func bracketsAtEveryWidth() {
        let text = "（根据局长指示；汇总局领导指示，提出建议）"
        for halfEms in 4...40 {
            let maxWidth = Double(halfEms) / 2 * em
            let lines = metrics.wrap(text, maxWidth: maxWidth)
            #expect(lines.joined() == text, "at \(maxWidth)")
            #expect(WrapCheck.problems(text, lines, metrics, maxWidth) == [], "at \(maxWidth)")
            #expect(lines.allSatisfy { !$0.hasSuffix("（") && !$0.hasPrefix("）") && !$0.hasPrefix("；") })
        }
        #expect(metrics.wrap(text, maxWidth: 2 * em).last == "议）")
    }

    @Test("a closer is carried to the next line with its neighbour")
    func closerMovesEarlier() {
        #expect(metrics.wrap("字字字字字字字字字。字字字", maxWidth: 9 * em) == ["字字字字字字字字", "字。字字字"])
        #expect(metrics.wrap("审批（局长）", maxWidth: 3 * em) == ["审批", "（局", "长）"])
        #expect(metrics.wrap("审批用印（局长）", maxWidth: 5 * em) == ["审批用印", "（局长）"])
    }

    @Test("a wrapped label does not leave one character alone on its last line: the lines are balanced")
    func noWidow() {
        // Labels of the example at the flow chart's 10 em: greedily 查, 测 and 限 would stand alone.
        let labels = [
            "资产统计报告和监督检查": ["资产统计报告", "和监督检查"],
            "对考核对象进行日常监测": ["对考核对象进", "行日常监测"],
            "梳理任务归属，下发各个单位，并划定反馈时限": ["梳理任务归属，", "下发各个单位，", "并划定反馈时限"],
        ]
        for (text, balanced) in labels.sorted(by: { $0.key < $1.key }) {
            let lines = metrics.wrap(text, maxWidth: 10 * em)
            #expect(lines == balanced)
            #expect(WrapCheck.problems(text, lines, metrics, 10 * em) == [])
        }
        // A closing mark goes down with its character, never alone to the start of a line: 《宝安信息快报》.
        let title = "排版印刷《宝安信息快报》"
        let lines = metrics.wrap(title, maxWidth: 10 * em)
        #expect(lines.count == 2 && lines.last!.filter { !WrapCheck.isKinsoku($0) }.count > 1, "\(lines)")
        #expect(WrapCheck.problems(title, lines, metrics, 10 * em) == [])
        // 「字。」 is one character too; two characters end a line well unless it is four times as wide.
        #expect(metrics.wrap("字字字字字字字字字。", maxWidth: 9 * em) == ["字字字字字", "字字字字。"])
        #expect(metrics.wrap("开展接待，结束后填报账单", maxWidth: 10 * em) == ["开展接待，结", "束后填报账单"])
        #expect(metrics.wrap("用印 申请 审批", maxWidth: 5.5 * em) == ["用印 申请", "审批"])
        // Each paragraph is balanced on its own; a line that fits is left alone.
        #expect(metrics.wrap("风险防控\n用印", maxWidth: 3 * em) == ["风险", "防控", "用印"])
        #expect(metrics.wrap("资产统计报告和监督检查", maxWidth: 11 * em) == ["资产统计报告和监督检查"])
        // At every width, a last line of one character stays only where no balance keeps the line count.
        let text = "已受理的信访件，各处室15日内向信访办提供答复意见"
        for halfEms in 6...40 {
            let maxWidth = Double(halfEms) / 2 * em
            let lines = metrics.wrap(text, maxWidth: maxWidth)
            #expect(WrapCheck.problems(text, lines, metrics, maxWidth) == [], "at \(maxWidth): \(lines)")
            if lines.count > 1 { #expect(lines.last!.count > 1, "at \(maxWidth): \(lines)") }
        }
    }

    @Test("hanging: a closer after an unbreakable number sticks out rather than starting a line")
    func hangingPunctuation() {
        let lines = metrics.wrap("编号2014。", maxWidth: 3 * em)
        #expect(lines == ["编号", "2014。"])
        let width = metrics.width(of: "2014。")
        #expect(width > 3 * em && width <= 3 * em + metrics.width(of: Character("。")))
    }

    @Test("a number is not split across lines")
    func numbersStayWhole() {
        let text = "办发文用印一般在1-2个工作日内盖章"
        // At 9 em "办发文用印一般在1-" would fit: the break must move before "1-2".
        #expect(metrics.width(of: "办发文用印一般在1-") <= 9 * em)
        #expect(metrics.wrap(text, maxWidth: 9 * em) == ["办发文用印一般在", "1-2个工作日内盖章"])
        for tenths in 30...120 {
            let maxWidth = Double(tenths) / 10 * em
            let lines = metrics.wrap(text, maxWidth: maxWidth)
            #expect(lines.joined() == text)
            #expect(lines.contains { $0.contains("1-2") }, "at \(maxWidth): \(lines)")
            #expect(WrapCheck.problems(text, lines, metrics, maxWidth) == [])
        }
        let rate = "增长率为3.5%，比2014年提高"
        for tenths in 30...80 {
            let lines = metrics.wrap(rate, maxWidth: Double(tenths) / 10 * em)
            #expect(lines.contains { $0.contains("3.5%") } && lines.contains { $0.contains("2014") }, "\(lines)")
        }
    }

    @Test("a word wider than the line is broken by characters")
    func longWord() {
        let word = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        let lines = metrics.wrap(word, maxWidth: 3 * em)
        #expect(lines.count > 5)
        #expect(lines.joined() == word)
        #expect(lines.allSatisfy { !$0.isEmpty && metrics.width(of: $0) <= 3 * em })
        // Lines are filled: adding the next line's first character would overflow.
        for (line, next) in zip(lines, lines.dropFirst()) {
            #expect(metrics.width(of: line + String(next.first!)) > 3 * em)
        }
        // A word that fits a line moves whole to the next line.
        #expect(metrics.wrap("审批 Approval", maxWidth: 4.5 * em) == ["审批", "Approval"])
    }

    @Test("newlines force breaks and are dropped")
    func explicitNewlines() {
        #expect(metrics.wrap("第一行\n第二行", maxWidth: 100 * em) == ["第一行", "第二行"])
        #expect(metrics.wrap("a\n\nb", maxWidth: 100 * em) == ["a", "", "b"])
        #expect(metrics.wrap("第一行\r\n第二行\n", maxWidth: 100 * em) == ["第一行", "第二行", ""])
        #expect(metrics.wrap("风险防控\n用印", maxWidth: 3 * em) == ["风险", "防控", "用印"])
        #expect(metrics.wrap("", maxWidth: 10 * em) == [])
        #expect(metrics.wrap("用印", maxWidth: .infinity) == ["用印"])
    }

    @Test("whitespace at a break is dropped, inside a line it is kept")
    func spaces() {
        #expect(metrics.wrap("abc def", maxWidth: 2 * em) == ["abc", "def"])
        #expect(metrics.wrap("用印 申请 审批", maxWidth: 5.5 * em) == ["用印 申请", "审批"])
        #expect(metrics.wrap("用印  \n  申请  ", maxWidth: 10 * em) == ["用印", "  申请"])
        for line in metrics.wrap("用印 申请 审批 签字 盖章", maxWidth: 2.5 * em) {
            #expect(line.first != " " && line.last != " ")
        }
    }

    @Test("ASCII punctuation copied into Chinese follows the same rules")
    func asciiPunctuation() {
        let text = "用印单位填写用印单,报本科室负责人签字(根据局长指示;汇总局领导指示)"
        for halfEms in 3...30 {
            let maxWidth = Double(halfEms) / 2 * em
            let lines = metrics.wrap(text, maxWidth: maxWidth)
            #expect(WrapCheck.problems(text, lines, metrics, maxWidth) == [], "at \(maxWidth): \(lines)")
        }
    }

    @Test("runs with no allowed break: only all-bracket lines break the rules")
    func unbreakableRuns() {
        let text = "字」」」」」」」」」」字（（（（（（（（（（字"
        for maxWidth in [1.0, 2, 3.5, 5] {
            let lines = metrics.wrap(text, maxWidth: maxWidth * em)
            #expect(WrapCheck.problems(text, lines, metrics, maxWidth * em) == [], "at \(maxWidth): \(lines)")
        }
        // A closer never starts the line after a word it belongs to.
        #expect(metrics.wrap("（abcdefghij）", maxWidth: 3 * em).allSatisfy { $0 != "）" })
    }

    @Test("random strings of CJK, punctuation, Latin and spaces keep every invariant")
    func randomStrings() {
        func each(_ s: String) -> [String] { s.map(String.init) }
        let pieces = each("风险防控用印审批科室领导签字局") + each("。，、；：？！）」』》】…—％") + each(",.;:?!)%")
            + each("（「『《【“") + each("([") + each("abcXYZ0123456789-") + [" ", " ", "  ", "\n"]
            + ["2014", "1-2", "3.5%", "Approval", "（一）", "——", "……"]
        var random = SplitMix64(seed: 0x5EED_2024)
        for _ in 0..<400 {
            let length = Int(random.next() % 40)
            var text = ""
            for _ in 0..<length { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            for maxWidth in [1.0, 2.5, 4, 7.3, 12] {
                let lines = metrics.wrap(text, maxWidth: maxWidth * em)
                let problems = WrapCheck.problems(text, lines, metrics, maxWidth * em)
                #expect(problems == [], "\(text.debugDescription) at \(maxWidth) em: \(lines)")
                let size = metrics.size(of: text, maxWidth: maxWidth * em)
                #expect(size.height == Double(lines.count) * metrics.lineHeight)
                #expect(abs(size.width - (lines.map { metrics.width(of: $0) }.max() ?? 0)) < 1e-9)
            }
        }
    }

    @Test("long pathological input (100,000 characters with no allowed break) wraps without losing a character")
    func longInput() {
        let texts = [
            String(repeating: "发文以外的用印由用印单位在本单位填写用印单，", count: 5_000),
            String(repeating: "a", count: 100_000),
            String(repeating: "（", count: 100_000),
            String(repeating: "」", count: 100_000),
        ]
        for text in texts {
            let lines = metrics.wrap(text, maxWidth: 12 * em)
            #expect(lines.count > 1)
            #expect(lines.joined() == text)
        }
    }
}

/// The invariants of `TextMetrics.wrap`, checked against the text, independently of the implementation.
enum WrapCheck {
    static let closers = Set("。，、；：？！）」』》〉】〕’”…‥·—％%,.;:?!)]}ーゝ々")
    static let openers = Set("（「『《〈【〔‘“([{")
    static func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "　" }
    static func isKinsoku(_ c: Character) -> Bool { closers.contains(c) || openers.contains(c) || isSpace(c) }
    static func isAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
    /// A character of a Latin word: ASCII, visible, not an opening bracket.
    static func isWordPart(_ c: Character) -> Bool { c.isASCII && !isSpace(c) && !c.isNewline && !openers.contains(c) }

    static func problems(_ text: String, _ lines: [String], _ metrics: TextMetrics, _ maxWidth: Double) -> [String] {
        let t = Array(text)
        var problems: [String] = []
        // 1. The lines are consecutive pieces of the text, separated by whitespace and at most one newline.
        var cursor = 0
        var starts: [Int] = []
        var afterNewline: [Bool] = []
        var consumedNewlines = 0
        for (index, line) in lines.enumerated() {
            let l = Array(line)
            var newlines = 0
            while true {
                let mustSkip = l.isEmpty && index > 0 && newlines == 0
                if !mustSkip && cursor + l.count <= t.count && Array(t[cursor..<(cursor + l.count)]) == l { break }
                guard cursor < t.count, isSpace(t[cursor]) || t[cursor].isNewline else {
                    problems.append("line \(index) \(line.debugDescription) not found at \(cursor)")
                    return problems
                }
                if t[cursor].isNewline { newlines += 1 }
                cursor += 1
            }
            consumedNewlines += newlines
            if newlines > 1 { problems.append("line \(index): \(newlines) newlines before it") }
            starts.append(cursor)
            afterNewline.append(index == 0 || newlines > 0)
            cursor += l.count
        }
        let rest = t[cursor...]
        if !rest.allSatisfy(isSpace) { problems.append("text left over: \(String(rest).debugDescription)") }
        if consumedNewlines != t.filter(\.isNewline).count {
            problems.append("\(t.filter(\.isNewline).count) newlines, \(consumedNewlines) between lines")
        }
        for (index, line) in lines.enumerated() {
            let l = Array(line)
            let endsParagraph = index == lines.count - 1 || afterNewline[index + 1]
            // 2. Width, allowing one hanging closer or a single character.
            let width = metrics.width(of: line)
            let hangs = l.last.map(closers.contains) == true && metrics.width(of: String(l.dropLast())) <= maxWidth + 1e-6
            if width > maxWidth + 1e-6 && l.count > 1 && !hangs {
                problems.append("line \(index) \(line.debugDescription) is \(width / metrics.fontSize) em wide")
            }
            // 3. Whitespace at breaks is dropped.
            if let last = l.last, isSpace(last) { problems.append("line \(index) ends with whitespace") }
            if let first = l.first, isSpace(first), !afterNewline[index] {
                problems.append("line \(index) starts with whitespace")
            }
            // 4. Kinsoku, except where a paragraph starts or ends or a line holds only brackets and marks.
            let onlyKinsoku = l.allSatisfy(isKinsoku)
            if let first = l.first, closers.contains(first), !afterNewline[index], !onlyKinsoku {
                problems.append("line \(index) \(line.debugDescription) starts with \(first)")
            }
            if let last = l.last, openers.contains(last), !endsParagraph, !onlyKinsoku {
                problems.append("line \(index) \(line.debugDescription) ends with \(last)")
            }
            // 5. A Latin word is split only when it is wider than the line (or right after closing
            //    punctuation that an earlier forced break left at a line's start).
            if index > 0, !afterNewline[index], let first = l.first, let before = lines[index - 1].last,
                starts[index] > 0, t[starts[index] - 1] == before, isWordPart(before), isWordPart(first),
                isAlnum(before) || isAlnum(first), !closers.contains(before)
            {
                var from = starts[index] - 1
                var to = starts[index]
                while from > 0 && isWordPart(t[from - 1]) { from -= 1 }
                while to < t.count && isWordPart(t[to]) { to += 1 }
                let word = String(t[from..<to])
                if metrics.width(of: word) <= maxWidth + 1e-6 {
                    problems.append("word \(word.debugDescription) split at line \(index)")
                }
            }
        }
        return problems
    }
}

/// A tiny deterministic generator (SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
