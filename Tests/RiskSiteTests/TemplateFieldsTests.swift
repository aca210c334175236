import Foundation
import RiskContent
import RiskModel
import RiskSite
import Testing

@testable import RiskRender

/// A view with a gap in its table, to show that the audit notices one.
private struct AuditProbe: TemplateFields {
    var shown: String
    var forgotten: Int
    static let fields: [String: @Sendable (AuditProbe) -> Any?] = ["shown": \.shown]
}

/// Templates read view models through their `TemplateFields` tables, not by reflection: the tables
/// must be complete, and the pages must come out as they did.
@Suite("Templates read view models through complete field tables")
struct TemplateFieldsTests {
    var register: Register {
        ContentLoader(fileSystem: .directory(ExampleSite.content)).load().register!
    }

    @Test("a table reads stored fields, unwraps optionals, and has nothing for a nil optional or an unknown name")
    func childNamed() {
        let link = LinkView(title: "办公室", href: "units/bgs.html")
        #expect(link.child(named: "title") as? String == "办公室")
        #expect(link.child(named: "href") as? String == "units/bgs.html")
        #expect(link.child(named: "name") == nil)

        let level = LevelView(label: "较大", colour: "#c2410c", href: "levels/a.html", unrated: false, schemeName: "三级")
        var row = RiskRowView(
            number: "1", id: "r1", href: "risks/r1.html", text: "风险", manifestations: [], hasManifestations: false,
            level: level, measures: ["措施"], hasMeasures: true, person: nil, units: [link], subject: nil,
            subjectText: nil)
        #expect(row.child(named: "person") == nil)
        #expect(row.child(named: "subject") == nil)
        #expect((row.child(named: "level") as? LevelView)?.label == "较大")
        #expect((row.child(named: "units") as? [LinkView])?.first?.title == "办公室")
        row.person = "张三"
        row.subject = link
        #expect(row.child(named: "person") as? String == "张三")
        #expect((row.child(named: "subject") as? LinkView)?.href == "units/bgs.html")

        // Every view type is a MustacheParent, so swift-mustache asks the table and never reflects
        // (a row answers its 序号 and cells itself and asks its content's table for the rest).
        #expect((row.content.fields as Any) is any TemplateFields)
        #expect(row.child(named: "number") as? String == "1")
        #expect((level as Any) is any TemplateFields)
    }

    #if DEBUG
        @Test("the audit reports a stored property missing from a table")
        func auditFindsGaps() {
            _ = AuditProbe(shown: "x", forgotten: 1).child(named: "shown")
            #expect(TemplateFieldsAudit.differences.contains { $0.contains("AuditProbe.forgotten is not in its fields table") })
        }

        @Test("building the example site, internal and public, finds every view type's table complete")
        func tablesAreComplete() {
            #expect(ExampleSite.built.report.succeeded)
            let output = ExampleSite.temporaryFolder("Public")
            let publicBuild = SiteBuilder.build(
                BuildOptions(content: ExampleSite.content, templates: nil, output: output, profile: .public, pdf: false))
            #expect(publicBuild.succeeded, "\(publicBuild.diagnostics)")
            // The example's disclosures have no level descriptions, so no page renders this type: check it here.
            let level = LevelView(label: "一般", colour: "#15803d", href: "", unrated: false, schemeName: "三级")
            _ = DisclosureLevelView(level: level, description: "说明").child(named: "description")

            let gaps = TemplateFieldsAudit.differences.filter { !$0.contains("AuditProbe") }
            #expect(gaps.isEmpty, "\(gaps.joined(separator: "\n"))")
        }
    #endif

    @Test("a risk page shows its text and measures, and leaves out the facts it does not have")
    func riskPageFields() throws {
        let risks = Array(register.risks.values)
        #expect(ExampleSite.built.report.succeeded)
        for risk in risks.prefix(20) {
            let page = ExampleSite.page("risks/\(risk.id).html")
            #expect(page.contains("<span class=\"risk-id\">\(risk.id)</span>"))
            #expect(page.contains("<h1 class=\"risk-title\">\(htmlEscaped(risk.text))</h1>"), "risks/\(risk.id).html")
            for measure in risk.measures {
                #expect(page.contains("<li>\(htmlEscaped(measure))</li>"), "risks/\(risk.id).html shows \(measure)")
            }
        }
        // An optional that is nil renders nothing (and does not pick up a value from elsewhere on the page).
        let without = try #require(risks.first { $0.person == nil && $0.matter == nil })
        let page = ExampleSite.page("risks/\(without.id).html")
        #expect(!page.isEmpty)
        #expect(!page.contains("<dt>责任人</dt>"))
        #expect(!page.contains("<dt>职权内容</dt>"))
        // One that is set renders its value.
        let with = try #require(risks.first { $0.person != nil })
        #expect(
            ExampleSite.page("risks/\(with.id).html").contains("<dt>责任人</dt><dd>\(htmlEscaped(with.person!))</dd>"))
    }

    /// As swift-mustache escapes `{{name}}`.
    private func htmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test("a row template prints the 序号 plainly only when every mention of it is {{number}}, with no partial, pragma or new delimiters")
    func plainNumber() throws {
        #expect(Theme.load(overrides: nil).theme?.rowNumberIsPlain == true, "the default risk-row renders once for all its 序号")
        let plain = [
            "<tr>{{#show.number}}<td>{{number}}</td>{{/show.number}}{{{cells}}}</tr>", "<td>{{ number }}</td>{{! number }}",
            "<td>{{numbered}}</td>",
        ]
        let not = [
            "<td>{{{number}}}</td>", "<td>{{&number}}</td>", "{{#number}}{{.}}{{/number}}", "{{^number}}-{{/number}}",
            "<td>{{uppercased(number)}}</td>", "<td>{{number.count}}</td>", "<td>{{.number}}</td>", "{{> cell}}",
            "{{=<% %>=}}<%number%>", "{{% CONTENT_TYPE: TEXT}}{{number}}", "<td>{{number}</td>",
        ]
        for template in plain { #expect(Theme.printsPlainly("number", in: template), "\(template)") }
        for template in not { #expect(!Theme.printsPlainly("number", in: template), "\(template)") }
    }
}
