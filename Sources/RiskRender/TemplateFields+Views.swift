import Mustache

// Every view model a template reads, with its fields: what `TemplateFields` needs instead of
// reflection. Each table names every stored property of its type under its own name; debug builds
// check that (`TemplateFieldsAudit`), and TemplateFieldsTests renders the example site to run it.
// Types that stay in Swift (DashboardData, LevelColumn, CountRow, BarChart, HeatMap, FlowDiagram,
// SearchIndex) have none. RiskColumnsView.count is computed and no template reads it, so it is left out.
// Each entry is a key path literal used as a function (`\.title` as `(LinkView) -> Any?`): an optional
// field comes out as nil or its value, with no cast at render time.

// MARK: - ViewModels.swift

extension LinkView: TemplateFields {
    static let fields: [String: @Sendable (LinkView) -> Any?] = ["title": \.title, "href": \.href]
}

extension NavItemView: TemplateFields {
    static let fields: [String: @Sendable (NavItemView) -> Any?] = [
        "title": \.title, "href": \.href, "current": \.current,
    ]
}

extension NavView: TemplateFields {
    static let fields: [String: @Sendable (NavView) -> Any?] = ["root": \.root, "nav": \.nav]
}

extension FrameView: TemplateFields {
    static let fields: [String: @Sendable (FrameView) -> Any?] = [
        "siteTitle": \.siteTitle, "organisation": \.organisation, "language": \.language, "root": \.root, "nav": \.nav,
        "navHTML": \.navHTML, "pageTitle": \.pageTitle, "breadcrumbs": \.breadcrumbs,
    ]
}

extension LevelView: TemplateFields {
    static let fields: [String: @Sendable (LevelView) -> Any?] = [
        "label": \.label, "colour": \.colour, "href": \.href, "unrated": \.unrated, "schemeName": \.schemeName,
    ]
}

extension LevelCountView: TemplateFields {
    static let fields: [String: @Sendable (LevelCountView) -> Any?] = [
        "level": \.level, "count": \.count,
    ]
}

// `RiskRowView` answers `number` and `cells` itself and asks its content for the rest.
extension RiskRowFields: TemplateFields {
    static let fields: [String: @Sendable (RiskRowFields) -> Any?] = [
        "id": \.id, "href": \.href, "text": \.text, "manifestations": \.manifestations,
        "hasManifestations": \.hasManifestations, "level": \.level, "measures": \.measures,
        "hasMeasures": \.hasMeasures, "person": \.person, "units": \.units, "subject": \.subject,
        "subjectText": \.subjectText,
    ]
}

extension RiskTableView: TemplateFields {
    static let fields: [String: @Sendable (RiskTableView) -> Any?] = [
        "root": \.root, "caption": \.caption, "reviewNote": \.reviewNote, "rows": \.rows, "rowsHTML": \.rowsHTML, "show": \.show, "columnCount": \.columnCount,
    ]
}

extension RiskColumnsView: TemplateFields {
    static let fields: [String: @Sendable (RiskColumnsView) -> Any?] = [
        "number": \.number, "units": \.units, "subject": \.subject, "text": \.text, "level": \.level,
        "measures": \.measures, "person": \.person,
    ]
}

extension DocumentPartView: TemplateFields {
    static let fields: [String: @Sendable (DocumentPartView) -> Any?] = ["html": \.html]
}

extension ExtraView: TemplateFields {
    static let fields: [String: @Sendable (ExtraView) -> Any?] = ["name": \.name, "value": \.value]
}

extension DefinitionView: TemplateFields {
    static let fields: [String: @Sendable (DefinitionView) -> Any?] = [
        "level": \.level, "definition": \.definition,
    ]
}

// MARK: - Pages.swift

extension HomePage: TemplateFields {
    static let fields: [String: @Sendable (HomePage) -> Any?] = [
        "frame": \.frame, "riskCount": \.riskCount, "unitCount": \.unitCount, "postCount": \.postCount,
        "powerCount": \.powerCount, "documentCount": \.documentCount, "levelCounts": \.levelCounts,
        "unitRows": \.unitRows, "documents": \.documents, "exportCSV": \.exportCSV, "exportJSON": \.exportJSON,
        "changes": \.changes,
        "overdueCount": \.overdueCount, "reviewsHref": \.reviewsHref,
    ]
}

extension SchemeCountView: TemplateFields {
    static let fields: [String: @Sendable (SchemeCountView) -> Any?] = [
        "name": \.name, "counts": \.counts,
    ]
}

extension UnitSummaryView: TemplateFields {
    static let fields: [String: @Sendable (UnitSummaryView) -> Any?] = [
        "link": \.link, "depth": \.depth, "indent": \.indent, "count": \.count, "levels": \.levels,
    ]
}

extension UnitPage: TemplateFields {
    static let fields: [String: @Sendable (UnitPage) -> Any?] = [
        "frame": \.frame, "name": \.name, "description": \.description, "parent": \.parent, "children": \.children,
        "posts": \.posts, "powers": \.powers, "documents": \.documents, "flows": \.flows, "levels": \.levels,
        "table": \.table, "riskCount": \.riskCount,
    ]
}

extension UnitsPage: TemplateFields {
    static let fields: [String: @Sendable (UnitsPage) -> Any?] = ["frame": \.frame, "rows": \.rows]
}

extension RiskPage: TemplateFields {
    static let fields: [String: @Sendable (RiskPage) -> Any?] = [
        "frame": \.frame, "id": \.id, "text": \.text, "manifestations": \.manifestations, "level": \.level,
        "levelDefinition": \.levelDefinition, "measures": \.measures, "units": \.units, "post": \.post,
        "power": \.power, "matter": \.matter, "person": \.person, "category": \.category, "domain": \.domain,
        "table": \.table, "sequence": \.sequence, "extras": \.extras, "documents": \.documents, "flows": \.flows,
        "isPublic": \.isPublic, "withdrawn": \.withdrawn, "review": \.review, "history": \.history,
    ]
}

extension ReviewView: TemplateFields {
    static let fields: [String: @Sendable (ReviewView) -> Any?] = [
        "reviewed": \.reviewed, "cycle": \.cycle, "due": \.due, "overdue": \.overdue,
    ]
}

extension ReviewsPage: TemplateFields {
    static let fields: [String: @Sendable (ReviewsPage) -> Any?] = [
        "frame": \.frame, "day": \.day, "overdueCount": \.overdueCount, "hasOverdue": \.hasOverdue, "unrecordedCount": \.unrecordedCount, "hasUnrecorded": \.hasUnrecorded,
        "cycle": \.cycle, "overdue": \.overdue, "unrecorded": \.unrecorded,
    ]
}

extension PostPage: TemplateFields {
    static let fields: [String: @Sendable (PostPage) -> Any?] = [
        "frame": \.frame, "name": \.name, "unit": \.unit, "summary": \.summary, "duties": \.duties, "flows": \.flows,
        "table": \.table, "riskCount": \.riskCount,
    ]
}

extension ListPage: TemplateFields {
    static let fields: [String: @Sendable (ListPage) -> Any?] = [
        "frame": \.frame, "intro": \.intro, "groups": \.groups,
    ]
}

extension ListGroupView: TemplateFields {
    static let fields: [String: @Sendable (ListGroupView) -> Any?] = [
        "title": \.title, "link": \.link, "items": \.items,
    ]
}

extension ListItemView: TemplateFields {
    static let fields: [String: @Sendable (ListItemView) -> Any?] = [
        "link": \.link, "note": \.note, "count": \.count,
    ]
}

extension PowerView: TemplateFields {
    static let fields: [String: @Sendable (PowerView) -> Any?] = [
        "id": \.id, "name": \.name, "href": \.href, "unit": \.unit, "scope": \.scope, "basis": \.basis,
        "riskCount": \.riskCount,
    ]
}

extension PowersPage: TemplateFields {
    static let fields: [String: @Sendable (PowersPage) -> Any?] = ["frame": \.frame, "powers": \.powers]
}

extension PowerPage: TemplateFields {
    static let fields: [String: @Sendable (PowerPage) -> Any?] = [
        "frame": \.frame, "power": \.power, "flows": \.flows, "table": \.table,
    ]
}

extension DocumentPage: TemplateFields {
    static let fields: [String: @Sendable (DocumentPage) -> Any?] = [
        "frame": \.frame, "title": \.title, "unit": \.unit, "domain": \.domain, "parts": \.parts,
    ]
}

extension LevelPage: TemplateFields {
    static let fields: [String: @Sendable (LevelPage) -> Any?] = [
        "frame": \.frame, "level": \.level, "description": \.description, "definitions": \.definitions,
        "table": \.table, "riskCount": \.riskCount,
    ]
}

extension DomainDefinitionView: TemplateFields {
    static let fields: [String: @Sendable (DomainDefinitionView) -> Any?] = [
        "domain": \.domain, "definition": \.definition,
    ]
}

extension LevelsPage: TemplateFields {
    static let fields: [String: @Sendable (LevelsPage) -> Any?] = [
        "frame": \.frame, "schemes": \.schemes,
    ]
}

extension SchemeLevelsView: TemplateFields {
    static let fields: [String: @Sendable (SchemeLevelsView) -> Any?] = [
        "name": \.name, "levels": \.levels,
    ]
}

extension LevelSummaryView: TemplateFields {
    static let fields: [String: @Sendable (LevelSummaryView) -> Any?] = [
        "level": \.level, "description": \.description, "count": \.count,
    ]
}

extension DomainPage: TemplateFields {
    static let fields: [String: @Sendable (DomainPage) -> Any?] = [
        "frame": \.frame, "name": \.name, "description": \.description, "definitions": \.definitions,
        "documents": \.documents, "table": \.table, "riskCount": \.riskCount,
    ]
}

extension DisclosureListPage: TemplateFields {
    static let fields: [String: @Sendable (DisclosureListPage) -> Any?] = [
        "frame": \.frame, "items": \.items, "today": \.today,
    ]
}

extension DisclosureItemView: TemplateFields {
    static let fields: [String: @Sendable (DisclosureItemView) -> Any?] = [
        "link": \.link, "period": \.period, "status": \.status, "statusClass": \.statusClass, "count": \.count,
    ]
}

extension DisclosurePage: TemplateFields {
    static let fields: [String: @Sendable (DisclosurePage) -> Any?] = [
        "language": \.language, "title": \.title, "preface": \.preface, "paperSize": \.paperSize,
        "paperName": \.paperName, "groups": \.groups, "columnCount": \.columnCount, "contacts": \.contacts,
        "period": \.period, "issuer": \.issuer, "issueDate": \.issueDate, "notes": \.notes, "levels": \.levels,
    ]
}

extension DisclosureGroupView: TemplateFields {
    static let fields: [String: @Sendable (DisclosureGroupView) -> Any?] = [
        "title": \.title, "table": \.table, "sharedMeasures": \.sharedMeasures,
    ]
}

extension DisclosureLevelView: TemplateFields {
    static let fields: [String: @Sendable (DisclosureLevelView) -> Any?] = [
        "level": \.level, "description": \.description,
    ]
}

extension TablePage: TemplateFields {
    static let fields: [String: @Sendable (TablePage) -> Any?] = [
        "frame": \.frame, "title": \.title, "source": \.source, "scope": \.scope, "table": \.table,
    ]
}

extension FlowStepLinkView: TemplateFields {
    static let fields: [String: @Sendable (FlowStepLinkView) -> Any?] = ["flow": \.flow, "step": \.step]
}

extension FlowPage: TemplateFields {
    static let fields: [String: @Sendable (FlowPage) -> Any?] = [
        "frame": \.frame, "id": \.id, "title": \.title, "units": \.units, "post": \.post, "power": \.power,
        "document": \.document, "note": \.note, "diagram": \.diagram, "steps": \.steps, "stepsHTML": \.stepsHTML,
        "riskCount": \.riskCount, "hasLanes": \.hasLanes,
    ]
}

extension FlowStepRowView: TemplateFields {
    static let fields: [String: @Sendable (FlowStepRowView) -> Any?] = [
        "number": \.number, "id": \.id, "label": \.label, "lane": \.lane, "stepNote": \.stepNote,
        "timeLimit": \.timeLimit, "basis": \.basis, "risks": \.risks, "hasRisks": \.hasRisks,
    ]
}

extension FlowRiskView: TemplateFields {
    static let fields: [String: @Sendable (FlowRiskView) -> Any?] = [
        "number": \.number, "id": \.id, "href": \.href, "text": \.text, "level": \.level, "measures": \.measures,
        "person": \.person,
    ]
}

extension SearchPage: TemplateFields {
    static let fields: [String: @Sendable (SearchPage) -> Any?] = ["frame": \.frame]
}

// MARK: - SiteRenderer+Dashboard.swift

extension DashboardPage: TemplateFields {
    static let fields: [String: @Sendable (DashboardPage) -> Any?] = [
        "frame": \.frame, "riskCount": \.riskCount, "unitCount": \.unitCount, "unratedCount": \.unratedCount,
        "hasUnrated": \.hasUnrated, "overdueCount": \.overdueCount, "reviewsHref": \.reviewsHref,
        "sections": \.sections,
    ]
}

extension DashboardSectionView: TemplateFields {
    static let fields: [String: @Sendable (DashboardSectionView) -> Any?] = [
        "sectionID": \.sectionID, "heading": \.heading, "intro": \.intro, "items": \.items,
    ]
}

extension DashboardItemView: TemplateFields {
    static let fields: [String: @Sendable (DashboardItemView) -> Any?] = [
        "itemHeading": \.itemHeading, "figure": \.figure, "emptyNote": \.emptyNote,
    ]
}

extension ChartFigureView: TemplateFields {
    static let fields: [String: @Sendable (ChartFigureView) -> Any?] = [
        "figureID": \.figureID, "caption": \.caption, "svg": \.svg, "countTable": \.countTable,
        "rankTable": \.rankTable,
    ]
}

extension CountTableView: TemplateFields {
    static let fields: [String: @Sendable (CountTableView) -> Any?] = [
        "caption": \.caption, "rowHeading": \.rowHeading, "dataKey": \.dataKey, "headerRows": \.headerRows,
        "hasLevelRow": \.hasLevelRow, "groups": \.groups, "rows": \.rows, "footer": \.footer,
    ]
}

extension HeaderGroupView: TemplateFields {
    static let fields: [String: @Sendable (HeaderGroupView) -> Any?] = [
        "groupLabel": \.groupLabel, "span": \.span, "isScheme": \.isScheme, "levels": \.levels, "single": \.single,
    ]
}

extension LevelHeaderView: TemplateFields {
    static let fields: [String: @Sendable (LevelHeaderView) -> Any?] = [
        "levelKey": \.levelKey, "levelLabel": \.levelLabel, "colour": \.colour, "levelHref": \.levelHref,
    ]
}

extension CountRowView: TemplateFields {
    static let fields: [String: @Sendable (CountRowView) -> Any?] = [
        "rowID": \.rowID, "rowLabel": \.rowLabel, "rowHref": \.rowHref, "rowContext": \.rowContext, "depth": \.depth,
        "indent": \.indent, "cells": \.cells, "total": \.total,
    ]
}

extension CountCellView: TemplateFields {
    static let fields: [String: @Sendable (CountCellView) -> Any?] = [
        "levelKey": \.levelKey, "count": \.count, "isZero": \.isZero,
    ]
}

extension RankTableView: TemplateFields {
    static let fields: [String: @Sendable (RankTableView) -> Any?] = [
        "caption": \.caption, "subjectHeading": \.subjectHeading, "dataKey": \.dataKey, "rows": \.rows,
    ]
}

extension RankRowView: TemplateFields {
    static let fields: [String: @Sendable (RankRowView) -> Any?] = [
        "rank": \.rank, "rowID": \.rowID, "name": \.name, "nameHref": \.nameHref, "rankUnit": \.rankUnit,
        "highLevels": \.highLevels, "highCount": \.highCount, "total": \.total,
    ]
}

// MARK: - SiteRenderer+Manual.swift

extension ManualPage: TemplateFields {
    static let fields: [String: @Sendable (ManualPage) -> Any?] = [
        "language": \.language, "title": \.title, "issuer": \.issuer, "edition": \.edition, "pageSize": \.pageSize,
        "fontFamily": \.fontFamily, "contents": \.contents, "chapters": \.chapters, "schemes": \.schemes,
        "domainDefinitions": \.domainDefinitions, "index": \.index, "posts": \.posts, "hasPosts": \.hasPosts,
        "riskCount": \.riskCount,
    ]
}

extension ManualContentsEntry: TemplateFields {
    static let fields: [String: @Sendable (ManualContentsEntry) -> Any?] = [
        "href": \.href, "title": \.title, "isChapter": \.isChapter,
    ]
}

extension ManualChapterView: TemplateFields {
    static let fields: [String: @Sendable (ManualChapterView) -> Any?] = [
        "id": \.id, "number": \.number, "title": \.title, "lead": \.lead, "sections": \.sections,
    ]
}

extension ManualSectionView: TemplateFields {
    static let fields: [String: @Sendable (ManualSectionView) -> Any?] = [
        "id": \.id, "title": \.title, "html": \.html,
    ]
}

extension ManualSchemeView: TemplateFields {
    static let fields: [String: @Sendable (ManualSchemeView) -> Any?] = [
        "name": \.name, "levels": \.levels,
    ]
}

extension ManualLevelView: TemplateFields {
    static let fields: [String: @Sendable (ManualLevelView) -> Any?] = [
        "label": \.label, "colour": \.colour, "description": \.description,
    ]
}

extension ManualLevelsView: TemplateFields {
    static let fields: [String: @Sendable (ManualLevelsView) -> Any?] = [
        "schemes": \.schemes, "unrated": \.unrated, "hasUnrated": \.hasUnrated,
    ]
}

extension ManualDomainLevelsView: TemplateFields {
    static let fields: [String: @Sendable (ManualDomainLevelsView) -> Any?] = [
        "domain": \.domain, "definitions": \.definitions,
    ]
}

extension ManualPartView: TemplateFields {
    static let fields: [String: @Sendable (ManualPartView) -> Any?] = ["html": \.html]
}

extension ManualIndexRowsView: TemplateFields {
    static let fields: [String: @Sendable (ManualIndexRowsView) -> Any?] = ["rows": \.rows]
}

extension ManualIndexEntry: TemplateFields {
    static let fields: [String: @Sendable (ManualIndexEntry) -> Any?] = [
        "id": \.id, "text": \.text, "level": \.level,
    ]
}

extension ManualPostGroupView: TemplateFields {
    static let fields: [String: @Sendable (ManualPostGroupView) -> Any?] = [
        "unit": \.unit, "posts": \.posts,
    ]
}

extension ManualPostView: TemplateFields {
    static let fields: [String: @Sendable (ManualPostView) -> Any?] = [
        "id": \.id, "name": \.name, "summary": \.summary, "duties": \.duties, "risks": \.risks,
    ]
}

extension ManualPowerView: TemplateFields {
    static let fields: [String: @Sendable (ManualPowerView) -> Any?] = [
        "id": \.id, "name": \.name, "scope": \.scope, "basis": \.basis, "risks": \.risks,
    ]
}

extension ManualFlowView: TemplateFields {
    static let fields: [String: @Sendable (ManualFlowView) -> Any?] = [
        "id": \.id, "title": \.title, "diagram": \.diagram, "steps": \.steps, "stepsHTML": \.stepsHTML,
    ]
}

extension ManualFlowStepView: TemplateFields {
    static let fields: [String: @Sendable (ManualFlowStepView) -> Any?] = [
        "number": \.number, "label": \.label, "lane": \.lane, "timeLimit": \.timeLimit, "risks": \.risks,
    ]
}
