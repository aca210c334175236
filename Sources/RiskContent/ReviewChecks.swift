import OrderedCollections
import RiskModel

/// The review cycle (复核) as of the build day (`--date`): risk points overdue for review, and
/// 复核日期 after the build day. Each is reported where the date is written, once for all the
/// points that take it (a register's 复核日期 is one warning, not one per row).
public enum ReviewChecks {
    public static func diagnostics(for register: Register, on day: Day) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // A date after the build day: each written date once, registers' first.
        var future: OrderedDictionary<SourceLocation, ReviewDate> = [:]
        for table in register.tables.values {
            if let reviewed = table.reviewed, day < reviewed.day { future[reviewed.location] = reviewed }
        }
        for risk in register.allRisks.values {
            if let reviewed = risk.reviewed, day < reviewed.day { future[reviewed.location] = reviewed }
        }
        for reviewed in future.values {
            diagnostics.append(
                .warning(
                    at: reviewed.location, field: reviewed.field, value: reviewed.day.description,
                    "the 复核日期 is after the build day (\(day))",
                    hint: "write the day the review was held; the build day is today, or `--date`"))
        }
        // Overdue: grouped by the date they take and the day it fell due, in register order.
        struct Key: Hashable {
            var location: SourceLocation
            var due: Day
        }
        var overdue: OrderedDictionary<Key, (reviewed: ReviewDate, due: Day, cycle: ReviewCycle, ids: [String])> = [:]
        for risk in register.risks.values {
            guard case .overdue(let reviewed, let due) = register.review(of: risk, on: day) else { continue }
            let key = Key(location: reviewed.location, due: due)
            if overdue[key] == nil { overdue[key] = (reviewed, due, register.reviewCycle(of: risk), []) }
            overdue[key]!.ids.append(risk.id)
        }
        for group in overdue.values {
            // One point: nothing in the message names it, so a column of dates on consecutive rows
            // is printed once with its range (`DiagnosticDigest`); the place names the row.
            let count = group.ids.count
            let listed = group.ids.prefix(8).joined(separator: ", ") + (count > 8 ? " …" : "")
            diagnostics.append(
                .warning(
                    at: group.reviewed.location, field: group.reviewed.field, value: group.reviewed.day.description,
                    (count == 1 ? "the risk point is" : "\(count) risk points are")
                        + " overdue for review (复核): reviewed \(group.reviewed.day), \(group.cycle.label), due \(group.due)",
                    hint: count == 1
                        ? "review it and write the day of the review here"
                        : "review them and write the day of the review here; they are \(listed)"))
        }
        return diagnostics
    }
}
