import Mustache
import RiskModel

// View models: what templates see. Plain values prepared for display — text already
// chosen, links already relative — so templates hold no logic and never see the model.

struct LinkView: Sendable, Equatable {
    var title: String
    var href: String
}

struct NavItemView: Sendable, Equatable {
    var title: String
    var href: String
    var current: Bool
}

/// What the `nav` template sees: the links and the way back to the root, nothing of the page.
struct NavView: Sendable, Equatable {
    var root: String
    var nav: [NavItemView]
}

/// What every page shares: the site, the way back to the root, the navigation.
struct FrameView: Sendable, Equatable {
    var siteTitle: String
    var organisation: String
    var language: String
    /// "" or "../": prefix of every link on the page.
    var root: String
    var nav: [NavItemView]
    /// `nav` rendered by the `nav` template: the same on every page of a section at one depth, so it
    /// is rendered once for all of them (a province's 20,000 risk pages share one).
    var navHTML: String
    var pageTitle: String
    var breadcrumbs: [LinkView]
}

struct LevelView: Sendable, Equatable {
    var label: String
    var colour: String
    var href: String
    var unrated: Bool
    /// e.g. 三级（重大/较大/一般）
    var schemeName: String
}

struct LevelCountView: Sendable, Equatable {
    var level: LevelView
    var count: Int
}

/// A risk row as templates see it: its 序号 and cells, which differ from table to table, and its
/// content, which is the same on every page at one depth. The content is one shared, never-changed
/// box, so a row is copied as three references, not fifteen fields: a level page of a province
/// lists thousands of rows, copied out of the cache from two threads at once. Setting a content
/// field makes a new box.
@dynamicMemberLookup
struct RiskRowView: Sendable, Equatable, MustacheParent, ShapedView {
    var number: String
    /// The row's cells after 序号, rendered once by `risk-row-cells` for this page depth and column
    /// set and shared by every page that lists the risk ("" where the template does not use it).
    var cells: String = ""
    private(set) var content: Content

    final class Content: Sendable, Equatable {
        let fields: RiskRowFields
        init(_ fields: RiskRowFields) { self.fields = fields }
        static func == (a: Content, b: Content) -> Bool { a === b || a.fields == b.fields }
    }

    init(
        number: String, id: String, href: String, text: String, manifestations: [String], hasManifestations: Bool,
        level: LevelView, measures: [String], hasMeasures: Bool, person: String?, units: [LinkView], subject: LinkView?,
        subjectText: String?, cells: String = ""
    ) {
        self.number = number
        self.cells = cells
        content = Content(
            RiskRowFields(
                id: id, href: href, text: text, manifestations: manifestations, hasManifestations: hasManifestations,
                level: level, measures: measures, hasMeasures: hasMeasures, person: person, units: units, subject: subject,
                subjectText: subjectText))
    }

    subscript<Value>(dynamicMember field: WritableKeyPath<RiskRowFields, Value>) -> Value {
        get { content.fields[keyPath: field] }
        set {
            var fields = content.fields
            fields[keyPath: field] = newValue
            content = Content(fields)
        }
    }

    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "cells": cells
        default: content.fields.child(named: name)
        }
    }

    func visitFields(named: Set<String>?, _ visit: (String, Any?) -> Void) {
        if named?.contains("number") ?? true { visit("number", number) }
        if named?.contains("cells") ?? true { visit("cells", cells) }
        content.fields.visitFields(named: named, visit)
    }
}

/// What a risk row shows of its risk point (see `RiskRowView`).
struct RiskRowFields: Sendable, Equatable {
    var id: String
    var href: String
    var text: String
    var manifestations: [String]
    var hasManifestations: Bool
    var level: LevelView
    var measures: [String]
    var hasMeasures: Bool
    var person: String?
    var units: [LinkView]
    /// 岗位 / 职权: a post or power link, or the 职权内容 text.
    var subject: LinkView?
    var subjectText: String?
}

/// What `risk-row-cells` and `risk-row` see: the row, and which columns its table shows.
struct RiskRowCellsView: MustacheParent, ShapedView {
    var row: RiskRowView
    var show: RiskColumnsView

    func child(named name: String) -> Any? {
        name == "show" ? show : row.child(named: name)
    }

    func visitFields(named: Set<String>?, _ visit: (String, Any?) -> Void) {
        if named?.contains("show") ?? true { visit("show", show) }
        row.visitFields(named: named, visit)
    }
}

struct RiskTableView: Sendable, Equatable {
    var root: String
    var caption: String?
    /// Under a register's title in the manual: its 复核日期 (nil elsewhere).
    var reviewNote: String? = nil
    var rows: [RiskRowView]
    /// Every row rendered by `risk-row`, in order: each row once per page depth, column set and
    /// 序号, shared by the pages that list it, so a table of thousands of rows is not rendered row
    /// by row through the table's template ("" where the rows' cells are not rendered).
    var rowsHTML: String
    var show: RiskColumnsView
    var columnCount: Int
}

/// Which columns a risk table shows: those a ```risks block asks for, else those
/// some row fills.
struct RiskColumnsView: Sendable, Equatable {
    var number: Bool
    var units: Bool
    var subject: Bool
    var text: Bool
    var level: Bool
    var measures: Bool
    var person: Bool

    var count: Int { [number, units, subject, text, level, measures, person].filter { $0 }.count }

    /// The columns as bits, a key for rendered rows.
    var mask: Int {
        [number, units, subject, text, level, measures, person].enumerated().reduce(0) { $0 | ($1.element ? 1 << $1.offset : 0) }
    }
}

struct DocumentPartView: Sendable, Equatable {
    var html: String
}

struct ExtraView: Sendable, Equatable {
    var name: String
    var value: String
}

struct DefinitionView: Sendable, Equatable {
    var level: LevelView
    var definition: String
}

extension String {
    /// The first `limit` characters and "…", or the whole text when it is not longer: found without
    /// counting every character of a long text.
    func clipped(to limit: Int) -> String {
        guard let cut = index(startIndex, offsetBy: limit, limitedBy: endIndex), cut < endIndex else { return self }
        return String(self[..<cut]) + "…"
    }
}
