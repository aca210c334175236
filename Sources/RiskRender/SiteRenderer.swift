import Foundation
import RiskModel

/// Renders every page of the intranet site from the register through the theme.
/// Pages are independent of each other, so they render in parallel.
public struct SiteRenderer: Sendable {
    let register: Register
    let theme: Theme
    /// The editions recorded in the archive (empty without one): the change pages and each risk
    /// point's record.
    let history: RegisterHistory
    /// The day the build is for: disclosures are upcoming, open or ended relative to it.
    let today: Day
    /// Risk id → documents that embed it, built once.
    let documentsByRisk: [String: [String]]
    /// The navigation, rendered once per depth and section for this render.
    let navigation = RenderCache<NavKey, String>()
    /// Each unit's risk points with those of the units below it: the home, units, dashboard and
    /// unit pages all need them (made once per render, never kept).
    let unitTreeRisks = RenderCache<String, [String]>()
    /// Each risk point's level, by its place in the register (made once per render, never kept).
    let levelsByPlace = RenderCache<Int, [LevelKey]>()
    /// Risk rows' cells, rendered once and reused by every page that shows them.
    let rowCells: RenderCache<RowKey, String>
    /// Whole risk rows, with their 序号 and cells (when `risk-row` prints the 序号 other than plainly).
    let rowHTML: RenderCache<RowHTMLKey, String>
    /// Whole risk rows with their cells, cut where the 序号 goes (when `risk-row` prints it plainly).
    let rowFrames: RenderCache<RowKey, [String]>
    /// What stands for the 序号 while a row frame renders: drawn for this render, so no content
    /// can hold it.
    let numberStandIn = "\u{E000}\(String(UInt64.random(in: 1...UInt64.max), radix: 36))#\u{E001}"
    /// Risk rows' views (all but the 序号, which is the table's), made once per page depth.
    let rowViews: RenderCache<RowViewKey, RiskRowView>
    /// Each flow's layout, made once for its page and the manual.
    let flowLayouts: RenderCache<String, FlowDiagram.Measured>
    /// Each flow as the manual prints it.
    let manualFlows: RenderCache<String, String>
    /// The search index as the last build made it (only kept for rebuilds).
    let searchState: SearchIndex.State?
    /// The risk points' search entries (only kept for rebuilds).
    let searchEntries: RenderCache<String, SearchIndex.Entry>?
    /// The flows' and documents' search entries, with what each was made from (only kept for rebuilds).
    let searchSources: RenderCache<String, (source: SearchIndex.Source, entry: SearchIndex.Entry)>?
    /// The manual's risk tables, by caption and risk points (only kept for rebuilds).
    let manualTables: RenderCache<ManualTableKey, String>?
    /// The manual's index and posts appendix, piece by piece (only kept for rebuilds).
    let manualPieces: RenderCache<Int, (key: ManualPartKey, html: String)>?
    /// Each risk point as the manual's index and cross references name it (only kept for rebuilds).
    let manualEntries: RenderCache<String, ManualIndexEntry>?
    /// The manual's plan (only kept for rebuilds).
    let manualPlan: ManualPlanStore?
    /// The views of the pages made from the whole register, as last rendered (only kept for
    /// rebuilds): a rebuild that makes the same view again leaves the page as it is.
    let pageViews: RenderCache<Job, any Equatable>?

    /// `caches`: what an earlier render of the same Content kept (rendered rows, flow layouts), for a
    /// rebuild; a new one for a full build.
    public init(
        register: Register, theme: Theme, today: Day, history: RegisterHistory = RegisterHistory(), caches: Caches = Caches()
    ) {
        self.register = register
        self.history = history
        self.theme = theme
        self.today = today
        documentsByRisk = Self.documentsByRisk(in: register)
        rowCells = caches.rowCells
        rowHTML = caches.rowHTML
        rowFrames = caches.rowFrames
        rowViews = caches.rowViews
        flowLayouts = caches.flowLayouts
        manualFlows = caches.manualFlows
        searchState = caches.searchState
        searchEntries = caches.searchEntries
        searchSources = caches.searchSources
        manualTables = caches.manualTables
        manualPieces = caches.manualPieces
        manualEntries = caches.manualEntries
        manualPlan = caches.manualPlan
        pageViews = caches.pageViews
    }

    /// Work a render keeps for the next one: risk rows' views, cells and whole rows, flow layouts,
    /// the manual's flows, risk tables, index entries and pieces, the search index and its entries,
    /// the views of the pages made from the whole register.
    public struct Caches: Sendable {
        let rowCells: RenderCache<RowKey, String>
        let rowHTML: RenderCache<RowHTMLKey, String>
        let rowFrames: RenderCache<RowKey, [String]>
        let rowViews: RenderCache<RowViewKey, RiskRowView>
        let flowLayouts = RenderCache<String, FlowDiagram.Measured>()
        let manualFlows = RenderCache<String, String>()
        let searchState: SearchIndex.State?
        let searchEntries: RenderCache<String, SearchIndex.Entry>?
        let searchSources: RenderCache<String, (source: SearchIndex.Source, entry: SearchIndex.Entry)>?
        let manualTables: RenderCache<ManualTableKey, String>?
        let manualPieces: RenderCache<Int, (key: ManualPartKey, html: String)>?
        let manualEntries: RenderCache<String, ManualIndexEntry>?
        let manualPlan: ManualPlanStore?
        let pageViews: RenderCache<Job, any Equatable>?
        /// `forRebuilds`: also keep what only a later build needs (the search index's postings and
        /// shards, the manual's risk tables).
        public init(forRebuilds: Bool = false) {
            // Grouped by risk point for a rebuild, which forgets a changed one's rows at every
            // depth; a full build forgets nothing and keeps no groups.
            rowCells = forRebuilds ? RenderCache(groupedBy: { $0.riskID }) : RenderCache()
            rowHTML = forRebuilds ? RenderCache(groupedBy: { $0.riskID }) : RenderCache()
            rowFrames = forRebuilds ? RenderCache(groupedBy: { $0.riskID }) : RenderCache()
            rowViews = forRebuilds ? RenderCache(groupedBy: { $0.riskID }) : RenderCache()
            searchState = forRebuilds ? SearchIndex.State() : nil
            searchEntries = forRebuilds ? RenderCache() : nil
            searchSources = forRebuilds ? RenderCache() : nil
            manualTables = forRebuilds ? RenderCache() : nil
            manualPieces = forRebuilds ? RenderCache() : nil
            manualEntries = forRebuilds ? RenderCache() : nil
            manualPlan = forRebuilds ? ManualPlanStore() : nil
            pageViews = forRebuilds ? RenderCache() : nil
        }
    }

    enum Job: Sendable, Hashable {
        case home, units, posts, powers, documents, levels, domains, tables, disclosures, flows, manual, manualPrintCSS, dashboard, search, categories
        case changes, change(String)
        case reviews
        case searchIndex
        case category(String)
        case unit(String), flow(String), risk(String), post(String), power(String), document(String), level(LevelKey)
        case domain(String), table(String), disclosure(String)

        /// Pages that every rebuild renders, as a change anywhere may show on them.
        var isWholeRegister: Bool {
            switch self {
            case .home, .units, .posts, .powers, .documents, .levels, .domains, .tables, .disclosures, .flows,
                .categories, .disclosure, .changes, .change, .reviews:
                true
            default: false
            }
        }
    }

    /// Renders every page and asset, handing each file to `sink` as soon as it is made, from
    /// whichever thread made it (a build writes it out at once and does not keep it), and returns
    /// the diagnostics that explain what could not be rendered.
    public func render(into sink: @Sendable (RenderedFile) -> Void) -> [Diagnostic] {
        let diagnostics = render(into: sink, jobs: allJobs())
        for (path, data) in theme.assets.sorted(by: { $0.key < $1.key }) {
            sink(RenderedFile(path: path, data: data))
        }
        return diagnostics
    }

    /// Renders only the pages `selection` names (see `pages(from:to:)`); rows and layouts of the
    /// risk points and flows it marks changed are made again, the rest come from the caches.
    public func render(_ selection: PageSelection, into sink: @Sendable (RenderedFile) -> Void) -> [Diagnostic] {
        // Forgotten by the changed ids, not by a look at every kept value: a province keeps some
        // 100,000 rows.
        rowCells.forget(groups: selection.changedRisks)
        rowHTML.forget(groups: selection.changedRisks)
        rowFrames.forget(groups: selection.changedRisks)
        rowViews.forget(groups: selection.changedRisks)
        searchEntries?.forget(keys: selection.changedRisks)
        flowLayouts.forget(keys: selection.changedFlows)
        manualFlows.forget(keys: selection.changedFlows)
        manualTables?.forget { !selection.changedRisks.isDisjoint(with: $0.ids) }
        manualEntries?.forget(keys: selection.changedRisks)
        manualPieces?.forgetValues { !selection.changedRisks.isDisjoint(with: $0.key.riskIDs) }
        manualPlan?.begin(holds: selection.keepsManualPlan, changedRisks: selection.changedRisks)
        let first: [Job] = [.manual, .searchIndex, .dashboard]
        let rest = selection.jobs.subtracting(first).sorted { "\($0)" < "\($1)" }
        return render(into: sink, jobs: first.filter(selection.jobs.contains) + rest)
    }

    /// Every page, the longest jobs first (the manual holds every risk point, the search index every
    /// text), so they do not run alone at the end while the other cores wait.
    private func allJobs() -> [Job] {
        var jobs: [Job] = [.manual, .searchIndex, .dashboard]
        jobs += [.home, .units, .posts, .powers, .documents, .levels, .domains, .tables, .disclosures, .flows, .manualPrintCSS, .search]
        jobs += [.reviews]
        jobs += register.flows.values.filter { $0.documentID == nil }.map { Job.flow($0.id) }
        jobs += [.categories] + register.categories.map(Job.category)
        jobs += register.disclosures.keys.map(Job.disclosure)
        if !history.isEmpty { jobs += [.changes] + history.editions.map { Job.change($0.info.id) } }
        jobs += register.units.keys.map(Job.unit)
        // A withdrawn point keeps its page: its address still answers.
        jobs += register.allRisks.keys.map(Job.risk)
        jobs += register.posts.keys.map(Job.post)
        jobs += register.powers.keys.map(Job.power)
        jobs += register.documents.keys.map(Job.document)
        jobs += register.domains.keys.map(Job.domain)
        jobs += register.tables.keys.map(Job.table)
        jobs += levelKeys().map(Job.level)
        return jobs
    }

    private func render(into sink: @Sendable (RenderedFile) -> Void, jobs: [Job]) -> [Diagnostic] {
        let problems = parallelMap(jobs) { job -> Diagnostic? in
            if case .searchIndex = job {
                SearchIndex(register: register, kept: searchEntries, keptSources: searchSources).files(state: searchState).forEach(sink)
                return nil
            }
            switch page(job) {
            case .success(let file):
                if let file { sink(file) }
                return nil
            case .failure(let diagnostic):
                return diagnostic
            }
        }
        return problems.compactMap { $0 }
    }

    /// Files of the last build that a rebuild made no more (search shards there are fewer of now):
    /// to delete from the output. Taken: asking again gives none.
    public func staleFiles() -> [String] {
        searchState?.takeStale() ?? []
    }

    /// What one of the manual's risk tables is rendered from, besides its risk points' content.
    struct ManualTableKey: Hashable, Sendable {
        var caption: String?
        var reviewNote: String?
        var ids: [String]
        var columns: Set<RiskColumn>?
    }

    /// What the navigation is rendered from: the page's depth and the section it is in.
    struct NavKey: Hashable, Sendable {
        var root: String
        var section: String?
    }

    /// What a risk row's view is made from, besides the risk: the page's depth.
    struct RowViewKey: Hashable, Sendable {
        var riskID: String
        var root: String
    }

    /// What a risk row's cells are rendered from, besides the risk: the page's depth and the columns.
    struct RowKey: Hashable, Sendable {
        var riskID: String
        var root: String
        var columns: Int
    }

    /// What a whole risk row is rendered from, besides the risk: its cells' key and its 序号.
    struct RowHTMLKey: Hashable, Sendable {
        var riskID: String
        var root: String
        var columns: Int
        var number: String
    }

    /// Every level of every scheme, then 未定级.
    private func levelKeys() -> [LevelKey] {
        register.site.levelSchemes.flatMap { scheme in
            scheme.levels.map { LevelKey(schemeID: scheme.id, levelID: $0.id) }
        } + [LevelKey(.unrated)]
    }

    /// The page `job` names, or nil when a rebuild made the same view as the last render, so the
    /// page written then is still right.
    private func page(_ job: Job) -> Result<RenderedFile?, Diagnostic> {
        let path: String
        let template: String
        let view: Any
        // The manual and the pages that can list thousands of risk points keep their large pieces
        // (rows' cells, risk tables, flows) out of the template.
        let pieces = HTMLPieces()
        switch job {
        case .home: (path, template, view) = (Paths.home, "home", homePage())
        case .units: (path, template, view) = (Paths.units, "units", unitsPage())
        case .posts: (path, template, view) = (Paths.posts, "list", postsPage())
        case .powers: (path, template, view) = (Paths.powers, "powers", powersPage())
        case .documents: (path, template, view) = (Paths.documents, "list", documentsPage())
        case .levels: (path, template, view) = (Paths.levels, "levels", levelsPage())
        case .domains: (path, template, view) = (Paths.domains, "list", domainsPage())
        case .tables: (path, template, view) = (Paths.tables, "list", tablesPage())
        case .unit(let id): (path, template, view) = (Paths.unit(id), "unit", unitPage(id, pieces: pieces))
        case .risk(let id): (path, template, view) = (Paths.risk(id), "risk", riskPage(id))
        case .post(let id): (path, template, view) = (Paths.post(id), "post", postPage(id))
        case .power(let id): (path, template, view) = (Paths.power(id), "power", powerPage(id))
        case .document(let id): (path, template, view) = (Paths.document(id), "document", documentPage(id))
        case .level(let key): (path, template, view) = (Paths.level(key), "level", levelPage(key, pieces: pieces))
        case .domain(let id): (path, template, view) = (Paths.domain(id), "domain", domainPage(id, pieces: pieces))
        case .table(let id): (path, template, view) = (Paths.table(id), "table", tablePage(id, pieces: pieces))
        case .flows: (path, template, view) = (Paths.flows, "list", flowsPage())
        case .manual: (path, template, view) = (Paths.manual, "manual", manualPage(pieces: pieces))
        case .categories: (path, template, view) = (Paths.categories, "list", categoriesPage())
        case .category(let name): (path, template, view) = (Paths.category(name), "domain", categoryPage(name, pieces: pieces))
        case .dashboard: (path, template, view) = (Paths.dashboard, "dashboard", dashboardPage())
        case .reviews: (path, template, view) = (Paths.reviews, "reviews", reviewsPage())
        case .searchIndex:
            preconditionFailure("the search index is files, not a page")
        case .search:
            (path, template, view) = (
                Paths.search, "search",
                SearchPage(frame: frame(path: Paths.search, title: "搜索", section: nil, crumbs: [("搜索", Paths.search)])))
        case .manualPrintCSS:
            (path, template, view) = (Paths.manualPrintCSS, "manual-print", ["pageSize": register.site.manual.pageSize.rawValue])
        case .flow(let id): (path, template, view) = (Paths.flow(id), "flow", flowPage(id))
        case .disclosures: (path, template, view) = (Paths.disclosures, "disclosures", disclosuresPage())
        case .disclosure(let id): (path, template, view) = (Paths.disclosure(id), "disclosure", disclosurePage(id))
        case .changes: (path, template, view) = (Paths.changes, "changes", changesPage())
        case .change(let id):
            guard let page = changePage(id) else { return .success(nil) }
            (path, template, view) = (Paths.change(id), "change", page)
        }
        // Pages made from the whole register are rendered on every rebuild, and most edits leave
        // them as they were: the same view, through the same templates, gives the same page.
        let kept = job.isWholeRegister && pieces.isEmpty ? pageViews : nil
        let equatable = kept == nil ? nil : view as? any Equatable
        if let kept, let equatable, let last = kept.existing(job), equatable.isSame(as: last) {
            return .success(nil)
        }
        guard let html = theme.render(view, template: template) else {
            return .failure(
                .error(
                    at: SourceLocation(file: "Templates/\(template).mustache"), "the template is missing",
                    hint: "the theme needs \(template).mustache to render \(path)"))
        }
        if let kept, let equatable { kept.keep(equatable, for: job) }
        return .success(RenderedFile(path: path, parts: pieces.assemble(html)))
    }
}

extension Equatable {
    /// Whether `other` is a value of this type equal to this one.
    fileprivate func isSame(as other: Any) -> Bool {
        (other as? Self) == self
    }
}
