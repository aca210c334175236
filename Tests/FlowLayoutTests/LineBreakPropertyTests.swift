import PropertyBased
import PropertyTestSupport
import Testing

@testable import FlowLayout

// Property tests of `TextMetrics.wrap`: step labels as offices write them (Chinese, Chinese
// punctuation, brackets, numbers, Latin words, blanks, line breaks), wrapped at any width.

@Suite("Properties: Chinese line breaking")
struct LineBreakProperties {
    static let metrics = TextMetrics(fontSize: 14)

    /// A label: mostly Chinese, with the punctuation the rules are about, runs of closing marks,
    /// numbers and Latin words that must stay whole, blanks, glue and line breaks.
    static let label = piece(
        hanzi: 12,
        (3, ["审批", "用印", "财务科", "报分管局领导审签"]),
        (4, ["。", "，", "、", "；", "：", "？", "！", "）", "」", "』", "】", "》", "…", "—", "”", "’", "％", "。」", "）。", "！！"]),
        (3, ["（", "「", "『", "【", "《", "“", "‘", "（“"]),
        (3, ["OA", "2024", "1-2", "3.5%", "ERP", "a", "No.5", "(", ")", ",", ".", ";", "!"]),
        (2, [" ", "  ", "\u{3000}", "\t"]),
        (1, ["\n", "\r\n", "\n\n"]),
        (1, ["\u{A0}", "\u{2060}", "\u{200B}", "😀", "e\u{301}", "ｶ", "Ж"])
    ).array(of: 0...40).map { $0.joined() }

    /// Any width from nothing to 24 em, whole ems half the time.
    static let width = zip(Gen.int(in: 0...24), Gen.double(in: 0..<1), Gen.bool).map { parts in
        (Double(parts.0) + (parts.2 ? 0 : parts.1)) * metrics.fontSize
    }

    static func glyph(_ character: Character) -> Glyph { Glyph(character) }
    static func isBlank(_ character: Character) -> Bool { glyph(character).kind == .space }
    /// Closing and opening marks only, and blanks or glue (a no-break space, a word joiner)
    /// between them: the one kind of line that may break the rules, when a run of them is wider
    /// than the line.
    static func isBracketsOnly(_ line: String) -> Bool {
        line.allSatisfy { glyph($0).isCloser || glyph($0).isOpener || glyph($0).kind == .space || glyph($0).kind == .glue }
    }

    /// The text's paragraphs, as the text's line breaks make them.
    static func paragraphs(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    /// Each paragraph's lines, wrapped on its own: an empty or blank paragraph is one empty line.
    static func paragraphLines(_ text: String, _ maxWidth: Double) -> [[String]] {
        text.isEmpty ? [] : paragraphs(text).map { $0.allSatisfy(isBlank) ? [""] : metrics.wrap(String($0), maxWidth: maxWidth) }
    }

    @Test("a line break ends a line, and each paragraph wraps as if alone")
    func paragraphsWrapAlone() async {
        await propertyCheck(count: 300, input: Self.label, Self.width) { text, maxWidth in
            #expect(Self.metrics.wrap(text, maxWidth: maxWidth) == Self.paragraphLines(text, maxWidth).flatMap { $0 })
        }
    }

    @Test("the lines are the paragraph in order, nothing lost, added or moved: only blanks at a break are dropped")
    func nothingLost() async {
        await propertyCheck(count: 300, input: Self.label, Self.width) { text, maxWidth in
            for paragraph in Self.paragraphs(text) where !paragraph.allSatisfy(Self.isBlank) {
                let lines = Self.metrics.wrap(String(paragraph), maxWidth: maxWidth)
                #expect(Self.starts(of: lines, in: Array(paragraph)) != nil, "\(lines)")
                for line in lines.dropFirst() { #expect(line.first.map { !Self.isBlank($0) } ?? false, "\(lines)") }
                for line in lines { #expect(line.last.map { !Self.isBlank($0) } ?? false, "\(lines)") }
            }
        }
    }

    /// Where each line starts in the text, when the lines stand in it one after another with only
    /// blanks between them and before and after them; nil when they do not.
    static func starts(of lines: [String], in text: [Character]) -> [Int]? {
        var position = 0
        var starts: [Int] = []
        for line in lines.map(Array.init) {
            while !text[position...].starts(with: line) {
                guard position < text.count, isBlank(text[position]) else { return nil }
                position += 1
            }
            starts.append(position)
            position += line.count
        }
        return text[position...].allSatisfy(isBlank) ? starts : nil
    }

    /// No break between these two: both of one Latin word or number, or glued by a no-break
    /// space or word joiner.
    static func bonds(_ x: Character, _ y: Character) -> Bool {
        let (x, y) = (glyph(x), glyph(y))
        if [x.kind, y.kind].contains(where: { $0 == .space || $0 == .newline }) { return false }
        return x.kind == .glue || y.kind == .glue || (x.isWordPart && y.isWordPart)
    }

    @Test("no line but a paragraph's first starts with closing punctuation (。，、；：？！）」》 …), unless the line before cannot take the marks, even with one hanging")
    func noLeadingCloser() async {
        await propertyCheck(count: 300, input: Self.label, Self.width) { text, maxWidth in
            for paragraph in Self.paragraphs(text) where !paragraph.allSatisfy(Self.isBlank) {
                let characters = Array(paragraph)
                let lines = Self.metrics.wrap(String(paragraph), maxWidth: maxWidth)
                guard let starts = Self.starts(of: lines, in: characters) else { continue }  // nothingLost says so
                for index in lines.indices.dropFirst() where Self.glyph(characters[starts[index]]).isCloser {
                    let at = starts[index]
                    // A mark that starts a word or a glued run: wrap keeps words whole before it keeps
                    // the punctuation rules.
                    if at + 1 < characters.count && Self.bonds(characters[at], characters[at + 1]) { continue }
                    #expect(Self.isBracketsOnly(lines[index]), "\(lines[index].debugDescription) in \(lines)")
                    // The line before, unless it is marks itself, could not take the run of marks
                    // (and blanks between them) with what stands before, the last mark hanging.
                    guard !Self.isBracketsOnly(lines[index - 1]) else { continue }
                    let run = characters[at...].prefix { Self.glyph($0).isCloser || Self.isBlank($0) }
                    let end = run.lastIndex { Self.glyph($0).isCloser }! + 1
                    let width = Self.metrics.width(of: String(characters[starts[index - 1]..<(end - 1)]))
                    #expect(width > maxWidth + 1e-6, "\(lines[index].debugDescription) fits after \(lines[index - 1].debugDescription) in \(lines)")
                }
            }
        }
    }

    @Test("no line but a paragraph's last ends with opening punctuation (（「《【 …), unless it is a run of such marks wider than the line or glued")
    func noTrailingOpener() async {
        await propertyCheck(count: 300, input: Self.label, Self.width) { text, maxWidth in
            for lines in Self.paragraphLines(text, maxWidth) {
                for line in lines.dropLast() where line.last.map({ Self.glyph($0).isOpener }) ?? false {
                    // Openers glued to what stands before them (a no-break space, a word joiner)
                    // end the line when the glued run fits and nothing after it does.
                    let before = line.reversed().drop { Self.glyph($0).isOpener }.first
                    let glued = before.map { Self.glyph($0).kind == .glue } ?? false
                    #expect(Self.isBracketsOnly(line) || glued, "\(line.debugDescription) in \(lines)")
                }
            }
        }
    }

    @Test("no line is wider than the width, but a single character or a line with one closing mark hanging past it")
    func linesFit() async {
        await propertyCheck(count: 300, input: Self.label, Self.width) { text, maxWidth in
            let tolerance = 1e-6
            for line in Self.metrics.wrap(text, maxWidth: maxWidth) where Self.metrics.width(of: line) > maxWidth + tolerance {
                let hangs = line.last.map { Self.glyph($0).isCloser } == true
                    && Self.metrics.width(of: String(line.dropLast())) <= maxWidth + tolerance
                #expect(line.count == 1 || hangs, "\(line.debugDescription) at \(maxWidth / Self.metrics.fontSize) em")
            }
        }
    }
}
