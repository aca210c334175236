import RiskModel

/// Reading 状态, 复核日期 and 复核周期, wherever they are written (a risk point, a register's
/// settings, site.yaml): each value that is not what it should be is one error at its place.
enum ReviewFields {
    static let cycleHint = "write 每年, 每半年, 每季度, 每两年, 每月, or a number of months or years: 18个月, 3年"

    /// A 复核日期; nil (with an error) when it is no date, nil (silently) when blank.
    static func date(_ written: Located<String>, diagnostics: inout [Diagnostic]) -> ReviewDate? {
        let text = written.value.trimmed()
        guard !text.isEmpty else { return nil }
        // A year far from now is a misread (3/1/26 read as the year 3), not a review.
        guard let day = Day(parsing: text), (1950...2200).contains(day.year) else {
            diagnostics.append(
                .error(
                    at: written.location, field: written.key, value: text, "not a date",
                    hint: "write the day of the last review as 2026-03-01 (or 2026/3/1, 2026年3月1日); leave it blank when none is recorded"))
            return nil
        }
        return ReviewDate(day: day, location: written.location, field: written.key)
    }

    /// A 复核周期; nil (with an error) when it is no cycle, nil (silently) when blank.
    static func cycle(_ written: Located<String>, diagnostics: inout [Diagnostic]) -> ReviewCycle? {
        let text = written.value.trimmed()
        guard !text.isEmpty else { return nil }
        guard let cycle = ReviewCycle(parsing: text) else {
            diagnostics.append(.error(at: written.location, field: written.key, value: text, "not a review cycle", hint: cycleHint))
            return nil
        }
        return cycle
    }

    /// A 状态; 在用 when blank, nil (with an error) when it is no status.
    static func status(_ written: Located<String>, diagnostics: inout [Diagnostic]) -> RiskStatus? {
        let text = written.value.trimmed()
        guard !text.isEmpty else { return .active }
        guard let status = RiskStatus(named: text) else {
            diagnostics.append(
                .error(
                    at: written.location, field: written.key, value: text, "not a status of a risk point",
                    hint: "write 在用 (the default: also 有效, 现行) or 已撤销 (also 撤销, 停用, 已停用)"))
            return nil
        }
        return status
    }
}
