import Foundation
import RiskModel

/// Which pages a change to the register touches, so a rebuild renders only those.
///
/// The rule is conservative: a changed risk point (added, removed or edited) re-renders its own
/// page, every page that lists or draws it — its units and their parents, its post, power, domain,
/// category, level and register, the flows that carry it, the documents that embed it — and the
/// pages made of the whole register (the lists, the levels, the manual, the search index, every
/// disclosure, which select their risk points when the Content is linked; those whose view comes out
/// the same are not written again); the dashboard, the home and units pages when what they count of a
/// risk point changed (and the home page when a document did). A
/// changed flow or document re-renders itself and the pages that link to it. Anything else — the
/// site settings, units, posts, powers, domains, a register added or removed, a category that
/// appears or goes — and the caller renders everything. Tests compare a rebuild with a full build, byte for byte.
public struct PageSelection: Sendable {
    let jobs: Set<SiteRenderer.Job>
    /// Pages of things that are gone, to delete from the output.
    public let removedPaths: [String]
    /// Risk points whose rendered rows (and exported rows) must not be reused.
    public let changedRisks: Set<String>
    /// Flows whose layout must be made again (their risk badges changed).
    let changedFlows: Set<String>
    /// Whether the manual's plan (what each part prints, `ManualPlan`) is the same as the last
    /// build's: the same risk points, each in the same units, domain, post and power, and the same
    /// registers, documents and flows.
    let keepsManualPlan: Bool
    /// How many pages will be rendered.
    public var count: Int { jobs.count }
}


extension SiteRenderer {
    /// The pages to render again when the register was `old` and is now `new`; nil when the
    /// change is of a kind that touches every page. `history`: the editions both renders show (a
    /// change to the archive touches every page: the caller renders everything).
    public static func pages(from old: Register, to new: Register, history: RegisterHistory = RegisterHistory()) -> PageSelection? {
        guard old.site == new.site, old.units == new.units, old.domains == new.domains, old.posts == new.posts,
            old.powers == new.powers, Array(old.tables.keys) == Array(new.tables.keys), old.categories == new.categories,
            // A point withdrawn, or taken back into use, leaves or joins every list: all is rendered.
            old.withdrawnRisks == new.withdrawnRisks
        else { return nil }

        var jobs: Set<Job> = [
            .posts, .powers, .documents, .levels, .domains, .tables, .disclosures, .flows, .manual, .categories,
            .searchIndex, .reviews,
        ]
        jobs.formUnion(new.disclosures.keys.map(Job.disclosure))
        // Change pages link the risk points that are still in the register.
        if !history.isEmpty { jobs.formUnion([.changes] + history.editions.map { Job.change($0.info.id) }) }
        var removed: [String] = []

        // Risk points edited, added or removed; a register whose own settings changed counts all its risks.
        var changedRisks: Set<String> = []
        let sameIDs = old.risks.keys == new.risks.keys
        if sameIDs {
            // The usual edit: the same ids in the same order, compared in place, not copied out by id.
            old.risks.values.elements.withUnsafeBufferPointer { before in
                new.risks.values.elements.withUnsafeBufferPointer { after in
                    for index in after.indices where before[index] != after[index] { changedRisks.insert(new.risks.keys[index]) }
                }
            }
        } else {
            for id in Set(old.risks.keys).union(new.risks.keys) where old.risks[id] != new.risks[id] {
                changedRisks.insert(id)
            }
        }
        var reviewsChanged = false
        for (id, table) in new.tables where old.tables[id] != table {
            jobs.insert(.table(id))
            if old.tables[id]?.reviewed != table.reviewed || old.tables[id]?.reviewCycle != table.reviewCycle { reviewsChanged = true }
            changedRisks.formUnion(table.riskIDs)
            changedRisks.formUnion(old.tables[id]?.riskIDs ?? [])
        }
        // The dashboard, the home page and the units page count risk points by level and unit.
        if !sameIDs || reviewsChanged
            || changedRisks.contains(where: { DashboardData.counted(old.risks[$0]) != DashboardData.counted(new.risks[$0]) })
        {
            jobs.formUnion([.dashboard, .home, .units])
        }
        // Flows and documents that changed themselves.
        var changedFlows: Set<String> = []
        for id in Set(old.flows.keys).union(new.flows.keys) where old.flows[id] != new.flows[id] {
            changedFlows.insert(id)
        }
        var changedDocuments: Set<String> = []
        for id in Set(old.documents.keys).union(new.documents.keys) where old.documents[id] != new.documents[id] {
            changedDocuments.insert(id)
        }
        // The home page lists the documents.
        if !changedDocuments.isEmpty { jobs.insert(.home) }

        let oldDocumentsByRisk = documentsByRisk(in: old), newDocumentsByRisk = documentsByRisk(in: new)
        for id in changedRisks {
            for (register, documentsByRisk) in [(old, oldDocumentsByRisk), (new, newDocumentsByRisk)] {
                guard let risk = register.risks[id] else { continue }
                for unit in risk.unitIDs { jobs.formUnion(register.ancestry(ofUnit: unit).map(Job.unit)) }
                if let post = risk.postID { jobs.insert(.post(post)) }
                if let power = risk.powerID { jobs.insert(.power(power)) }
                if let domain = risk.domainID { jobs.insert(.domain(domain)) }
                if let category = risk.category { jobs.insert(.category(category)) }
                jobs.insert(.level(LevelKey(risk.level)))
                jobs.insert(.table(risk.tableID))
                changedFlows.formUnion(register.flowsByRisk[id] ?? [])
                changedDocuments.formUnion(documentsByRisk[id] ?? [])
            }
            if new.risks[id] != nil { jobs.insert(.risk(id)) } else { removed.append(Paths.risk(id)) }
        }
        for id in changedFlows {
            for register in [old, new] {
                guard let flow = register.flows[id] else { continue }
                if let document = flow.documentID { changedDocuments.insert(document) }
                for unit in flow.unitIDs { jobs.insert(.unit(unit)) }
                if let post = flow.postID { jobs.insert(.post(post)) }
                if let power = flow.powerID { jobs.insert(.power(power)) }
                // A risk's page names the flows and steps it is on.
                for risk in flow.riskIDs where new.risks[risk] != nil { jobs.insert(.risk(risk)) }
            }
            if let flow = new.flows[id] {
                if flow.documentID == nil { jobs.insert(.flow(id)) }
            } else if old.flows[id]?.documentID == nil {
                removed.append(Paths.flow(id))
            }
        }
        for id in changedDocuments {
            for (register, documentsByRisk) in [(old, oldDocumentsByRisk), (new, newDocumentsByRisk)] {
                guard let document = register.documents[id] else { continue }
                if let unit = document.unitID { jobs.insert(.unit(unit)) }
                if let domain = document.domainID { jobs.insert(.domain(domain)) }
                // A risk's page names the documents that embed it.
                for (risk, documents) in documentsByRisk where documents.contains(id) && new.risks[risk] != nil {
                    jobs.insert(.risk(risk))
                }
            }
            if new.documents[id] != nil { jobs.insert(.document(id)) } else { removed.append(Paths.document(id)) }
        }
        // Pages of things that no longer exist are not rendered.
        jobs = jobs.filter { job in
            switch job {
            case .unit(let id): new.units[id] != nil
            case .post(let id): new.posts[id] != nil
            case .power(let id): new.powers[id] != nil
            case .domain(let id): new.domains[id] != nil
            case .table(let id): new.tables[id] != nil
            case .category(let name): new.risksByCategory[name] != nil
            default: true
            }
        }
        let keepsManualPlan =
            sameIDs && old.tables == new.tables && old.documents == new.documents && old.flows == new.flows
            && changedRisks.allSatisfy { id in
                guard let before = old.risks[id], let after = new.risks[id] else { return false }
                return before.unitIDs == after.unitIDs && before.domainID == after.domainID && before.postID == after.postID
                    && before.powerID == after.powerID
            }
        return PageSelection(
            jobs: jobs, removedPaths: removed.sorted(), changedRisks: changedRisks, changedFlows: changedFlows,
            keepsManualPlan: keepsManualPlan)
    }

    /// Risk id → documents that embed it in a ```risks block.
    static func documentsByRisk(in register: Register) -> [String: [String]] {
        var byRisk: [String: [String]] = [:]
        for document in register.documents.values {
            for case .riskTable(let ids, _, _) in document.parts {
                for id in ids where byRisk[id]?.last != document.id { byRisk[id, default: []].append(document.id) }
            }
        }
        return byRisk
    }
}
