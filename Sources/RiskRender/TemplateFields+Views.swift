import Mustache

// Every view model a template reads, with its fields: what `TemplateFields` needs instead of
// reflection. Each table names every stored property of its type under its own name; debug builds
// check that (`TemplateFieldsAudit`), and TemplateFieldsTests renders the example site to run it.
// Types that stay in Swift (DashboardData, LevelColumn, CountRow, BarChart, HeatMap, FlowDiagram,
// SearchIndex) have none. RiskColumnsView.count is computed and no template reads it, so it is left out.
//
// `nonisolated(unsafe)`: key paths are not `Sendable` to this compiler, but a table is a constant of
// immutable key paths, only ever read.

// MARK: - ViewModels.swift

extension LinkView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<LinkView>] = ["title": \.title, "href": \.href]
}

extension NavItemView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<NavItemView>] = [
        "title": \.title, "href": \.href, "current": \.current,
    ]
}

extension FrameView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<FrameView>] = [
        "siteTitle": \.siteTitle, "organisation": \.organisation, "language": \.language, "root": \.root, "nav": \.nav,
        "pageTitle": \.pageTitle, "breadcrumbs": \.breadcrumbs,
    ]
}

extension LevelView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<LevelView>] = [
        "label": \.label, "colour": \.colour, "href": \.href, "unrated": \.unrated, "schemeName": \.schemeName,
    ]
}

extension LevelCountView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<LevelCountView>] = [
        "level": \.level, "count": \.count,
    ]
}

extension RiskRowView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<RiskRowView>] = [
        "number": \.number, "id": \.id, "href": \.href, "text": \.text, "manifestations": \.manifestations,
        "hasManifestations": \.hasManifestations, "level": \.level, "measures": \.measures,
        "hasMeasures": \.hasMeasures, "person": \.person, "units": \.units, "subject": \.subject,
        "subjectText": \.subjectText,
    ]
}

extension RiskTableView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<RiskTableView>] = [
        "root": \.root, "caption": \.caption, "rows": \.rows, "show": \.show, "columnCount": \.columnCount,
    ]
}

extension RiskColumnsView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<RiskColumnsView>] = [
        "number": \.number, "units": \.units, "subject": \.subject, "text": \.text, "level": \.level,
        "measures": \.measures, "person": \.person,
    ]
}

extension DocumentPartView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DocumentPartView>] = ["html": \.html]
}

extension ExtraView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ExtraView>] = ["name": \.name, "value": \.value]
}

extension DefinitionView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DefinitionView>] = [
        "level": \.level, "definition": \.definition,
    ]
}

// MARK: - Pages.swift

extension HomePage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<HomePage>] = [
        "frame": \.frame, "riskCount": \.riskCount, "unitCount": \.unitCount, "postCount": \.postCount,
        "powerCount": \.powerCount, "documentCount": \.documentCount, "levelCounts": \.levelCounts,
        "unitRows": \.unitRows, "documents": \.documents, "exportCSV": \.exportCSV, "exportJSON": \.exportJSON,
    ]
}

extension SchemeCountView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<SchemeCountView>] = [
        "name": \.name, "counts": \.counts,
    ]
}

extension UnitSummaryView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<UnitSummaryView>] = [
        "link": \.link, "depth": \.depth, "indent": \.indent, "count": \.count, "levels": \.levels,
    ]
}

extension UnitPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<UnitPage>] = [
        "frame": \.frame, "name": \.name, "description": \.description, "parent": \.parent, "children": \.children,
        "posts": \.posts, "powers": \.powers, "documents": \.documents, "flows": \.flows, "levels": \.levels,
        "table": \.table, "riskCount": \.riskCount,
    ]
}

extension UnitsPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<UnitsPage>] = ["frame": \.frame, "rows": \.rows]
}

extension RiskPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<RiskPage>] = [
        "frame": \.frame, "id": \.id, "text": \.text, "manifestations": \.manifestations, "level": \.level,
        "levelDefinition": \.levelDefinition, "measures": \.measures, "units": \.units, "post": \.post,
        "power": \.power, "matter": \.matter, "person": \.person, "category": \.category, "domain": \.domain,
        "table": \.table, "sequence": \.sequence, "extras": \.extras, "documents": \.documents, "flows": \.flows,
        "isPublic": \.isPublic,
    ]
}

extension PostPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<PostPage>] = [
        "frame": \.frame, "name": \.name, "unit": \.unit, "summary": \.summary, "duties": \.duties, "flows": \.flows,
        "table": \.table, "riskCount": \.riskCount,
    ]
}

extension ListPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ListPage>] = [
        "frame": \.frame, "intro": \.intro, "groups": \.groups,
    ]
}

extension ListGroupView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ListGroupView>] = [
        "title": \.title, "link": \.link, "items": \.items,
    ]
}

extension ListItemView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ListItemView>] = [
        "link": \.link, "note": \.note, "count": \.count,
    ]
}

extension PowerView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<PowerView>] = [
        "id": \.id, "name": \.name, "href": \.href, "unit": \.unit, "scope": \.scope, "basis": \.basis,
        "riskCount": \.riskCount,
    ]
}

extension PowersPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<PowersPage>] = ["frame": \.frame, "powers": \.powers]
}

extension PowerPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<PowerPage>] = [
        "frame": \.frame, "power": \.power, "flows": \.flows, "table": \.table,
    ]
}

extension DocumentPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DocumentPage>] = [
        "frame": \.frame, "title": \.title, "unit": \.unit, "domain": \.domain, "parts": \.parts,
    ]
}

extension LevelPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<LevelPage>] = [
        "frame": \.frame, "level": \.level, "description": \.description, "definitions": \.definitions,
        "table": \.table, "riskCount": \.riskCount,
    ]
}

extension DomainDefinitionView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DomainDefinitionView>] = [
        "domain": \.domain, "definition": \.definition,
    ]
}

extension LevelsPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<LevelsPage>] = [
        "frame": \.frame, "schemes": \.schemes,
    ]
}

extension SchemeLevelsView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<SchemeLevelsView>] = [
        "name": \.name, "levels": \.levels,
    ]
}

extension LevelSummaryView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<LevelSummaryView>] = [
        "level": \.level, "description": \.description, "count": \.count,
    ]
}

extension DomainPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DomainPage>] = [
        "frame": \.frame, "name": \.name, "description": \.description, "definitions": \.definitions,
        "documents": \.documents, "table": \.table, "riskCount": \.riskCount,
    ]
}

extension DisclosureListPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DisclosureListPage>] = [
        "frame": \.frame, "items": \.items, "today": \.today,
    ]
}

extension DisclosureItemView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DisclosureItemView>] = [
        "link": \.link, "period": \.period, "status": \.status, "statusClass": \.statusClass, "count": \.count,
    ]
}

extension DisclosurePage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DisclosurePage>] = [
        "language": \.language, "title": \.title, "preface": \.preface, "paperSize": \.paperSize,
        "paperName": \.paperName, "groups": \.groups, "columnCount": \.columnCount, "contacts": \.contacts,
        "period": \.period, "issuer": \.issuer, "issueDate": \.issueDate, "notes": \.notes, "levels": \.levels,
    ]
}

extension DisclosureGroupView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DisclosureGroupView>] = [
        "title": \.title, "table": \.table, "sharedMeasures": \.sharedMeasures,
    ]
}

extension DisclosureLevelView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DisclosureLevelView>] = [
        "level": \.level, "description": \.description,
    ]
}

extension TablePage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<TablePage>] = [
        "frame": \.frame, "title": \.title, "source": \.source, "scope": \.scope, "table": \.table,
    ]
}

extension FlowStepLinkView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<FlowStepLinkView>] = ["flow": \.flow, "step": \.step]
}

extension FlowPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<FlowPage>] = [
        "frame": \.frame, "id": \.id, "title": \.title, "units": \.units, "post": \.post, "power": \.power,
        "document": \.document, "note": \.note, "diagram": \.diagram, "steps": \.steps, "riskCount": \.riskCount,
        "hasLanes": \.hasLanes,
    ]
}

extension FlowStepRowView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<FlowStepRowView>] = [
        "number": \.number, "id": \.id, "label": \.label, "lane": \.lane, "stepNote": \.stepNote,
        "timeLimit": \.timeLimit, "basis": \.basis, "risks": \.risks, "hasRisks": \.hasRisks,
    ]
}

extension FlowRiskView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<FlowRiskView>] = [
        "number": \.number, "id": \.id, "href": \.href, "text": \.text, "level": \.level, "measures": \.measures,
        "person": \.person,
    ]
}

extension SearchPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<SearchPage>] = ["frame": \.frame]
}

// MARK: - SiteRenderer+Dashboard.swift

extension DashboardPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DashboardPage>] = [
        "frame": \.frame, "riskCount": \.riskCount, "unitCount": \.unitCount, "unratedCount": \.unratedCount,
        "hasUnrated": \.hasUnrated, "sections": \.sections,
    ]
}

extension DashboardSectionView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DashboardSectionView>] = [
        "sectionID": \.sectionID, "heading": \.heading, "intro": \.intro, "items": \.items,
    ]
}

extension DashboardItemView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<DashboardItemView>] = [
        "itemHeading": \.itemHeading, "figure": \.figure, "emptyNote": \.emptyNote,
    ]
}

extension ChartFigureView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ChartFigureView>] = [
        "figureID": \.figureID, "caption": \.caption, "svg": \.svg, "countTable": \.countTable,
        "rankTable": \.rankTable,
    ]
}

extension CountTableView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<CountTableView>] = [
        "caption": \.caption, "rowHeading": \.rowHeading, "dataKey": \.dataKey, "headerRows": \.headerRows,
        "hasLevelRow": \.hasLevelRow, "groups": \.groups, "rows": \.rows, "footer": \.footer,
    ]
}

extension HeaderGroupView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<HeaderGroupView>] = [
        "groupLabel": \.groupLabel, "span": \.span, "isScheme": \.isScheme, "levels": \.levels, "single": \.single,
    ]
}

extension LevelHeaderView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<LevelHeaderView>] = [
        "levelKey": \.levelKey, "levelLabel": \.levelLabel, "colour": \.colour, "levelHref": \.levelHref,
    ]
}

extension CountRowView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<CountRowView>] = [
        "rowID": \.rowID, "rowLabel": \.rowLabel, "rowHref": \.rowHref, "rowContext": \.rowContext, "depth": \.depth,
        "indent": \.indent, "cells": \.cells, "total": \.total,
    ]
}

extension CountCellView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<CountCellView>] = [
        "levelKey": \.levelKey, "count": \.count, "isZero": \.isZero,
    ]
}

extension RankTableView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<RankTableView>] = [
        "caption": \.caption, "subjectHeading": \.subjectHeading, "dataKey": \.dataKey, "rows": \.rows,
    ]
}

extension RankRowView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<RankRowView>] = [
        "rank": \.rank, "rowID": \.rowID, "name": \.name, "nameHref": \.nameHref, "rankUnit": \.rankUnit,
        "highLevels": \.highLevels, "highCount": \.highCount, "total": \.total,
    ]
}

// MARK: - SiteRenderer+Manual.swift

extension ManualPage: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualPage>] = [
        "language": \.language, "title": \.title, "issuer": \.issuer, "edition": \.edition, "pageSize": \.pageSize,
        "fontFamily": \.fontFamily, "contents": \.contents, "chapters": \.chapters, "schemes": \.schemes,
        "domainDefinitions": \.domainDefinitions, "index": \.index, "posts": \.posts, "hasPosts": \.hasPosts,
        "riskCount": \.riskCount,
    ]
}

extension ManualContentsEntry: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualContentsEntry>] = [
        "href": \.href, "title": \.title, "isChapter": \.isChapter,
    ]
}

extension ManualChapterView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualChapterView>] = [
        "id": \.id, "number": \.number, "title": \.title, "lead": \.lead, "sections": \.sections,
    ]
}

extension ManualSectionView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualSectionView>] = [
        "id": \.id, "title": \.title, "html": \.html,
    ]
}

extension ManualSchemeView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualSchemeView>] = [
        "name": \.name, "levels": \.levels,
    ]
}

extension ManualLevelView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualLevelView>] = [
        "label": \.label, "colour": \.colour, "description": \.description,
    ]
}

extension ManualLevelsView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualLevelsView>] = [
        "schemes": \.schemes, "unrated": \.unrated, "hasUnrated": \.hasUnrated,
    ]
}

extension ManualDomainLevelsView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualDomainLevelsView>] = [
        "domain": \.domain, "definitions": \.definitions,
    ]
}

extension ManualIndexEntry: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualIndexEntry>] = [
        "id": \.id, "text": \.text, "level": \.level,
    ]
}

extension ManualPostGroupView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualPostGroupView>] = [
        "unit": \.unit, "posts": \.posts,
    ]
}

extension ManualPostView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualPostView>] = [
        "id": \.id, "name": \.name, "summary": \.summary, "duties": \.duties, "risks": \.risks,
    ]
}

extension ManualPowerView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualPowerView>] = [
        "id": \.id, "name": \.name, "scope": \.scope, "basis": \.basis, "risks": \.risks,
    ]
}

extension ManualFlowView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualFlowView>] = [
        "id": \.id, "title": \.title, "diagram": \.diagram, "steps": \.steps,
    ]
}

extension ManualFlowStepView: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<ManualFlowStepView>] = [
        "number": \.number, "label": \.label, "lane": \.lane, "timeLimit": \.timeLimit, "risks": \.risks,
    ]
}
