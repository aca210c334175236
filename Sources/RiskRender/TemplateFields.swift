import Foundation
import Mustache

/// A view model whose fields templates read by name through a table of key paths.
///
/// Without it, swift-mustache finds `{{name}}` by reflection: it builds a `Mirror` of the
/// value and walks all its children, at every lookup and at every level of the context
/// stack. At province scale that reflection was most of the build's time. A table is one
/// dictionary lookup and one field read.
///
/// The table must name every stored property the type has, under its own name; debug
/// builds check that the first time they see each type (`TemplateFieldsAudit`), and the
/// tests render the example site and fail on any gap.
protocol TemplateFields: MustacheParent, ShapedView {
    static var fields: [String: @Sendable (Self) -> Any?] { get }
}

extension TemplateFields {
    func child(named name: String) -> Any? {
        #if DEBUG
            TemplateFieldsAudit.check(self)
        #endif
        return Self.fields[name]?(self) ?? nil
    }
}

#if DEBUG
    /// Debug builds compare each view type's table with its stored properties once, and
    /// keep the differences for the tests to report.
    enum TemplateFieldsAudit {
        private static let lock = NSLock()
        nonisolated(unsafe) private static var seen: Set<ObjectIdentifier> = []
        nonisolated(unsafe) private static var gaps: [String] = []

        static func check<T: TemplateFields>(_ value: T) {
            let id = ObjectIdentifier(T.self)
            lock.lock()
            defer { lock.unlock() }
            guard seen.insert(id).inserted else { return }
            let stored = Set(Mirror(reflecting: value).children.compactMap(\.label))
            let listed = Set(T.fields.keys)
            for name in stored.subtracting(listed).sorted() { gaps.append("\(T.self).\(name) is not in its fields table") }
            for name in listed.subtracting(stored).sorted() { gaps.append("\(T.self).fields names \(name), which is not a stored property") }
        }

        /// Every difference found so far, e.g. `RiskPage.flows is not in its fields table`.
        static var differences: [String] {
            lock.lock()
            defer { lock.unlock() }
            return gaps
        }
    }
#endif
