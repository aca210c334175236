import RiskModel

// The dashboard (统计): charts drawn by riskpress as SVG, each also as a table.

struct DashboardPage: Sendable {
    var frame: FrameView
}

extension SiteRenderer {
    func dashboardPage() -> DashboardPage {
        DashboardPage(frame: frame(path: Paths.dashboard, title: "统计", section: Paths.dashboard, crumbs: [("统计", Paths.dashboard)]))
    }
}
