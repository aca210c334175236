import Foundation
import Mustache

/// A view whose values `TemplateShapes` can walk: the fields a template reads, each under its
/// own name. Every view with a fields table is one.
protocol ShapedView {
    /// Calls `visit` with each field's name and value, in an order that is the same for every
    /// value of the type; only for the fields `named` holds, when it is given (the others are not
    /// read at all).
    func visitFields(named: Set<String>?, _ visit: (String, Any?) -> Void)
}

extension TemplateFields {
    func visitFields(named: Set<String>?, _ visit: (String, Any?) -> Void) {
        #if DEBUG
            TemplateFieldsAudit.check(self)
        #endif
        for (name, field) in Self.fields where named?.contains(name) ?? true { visit(name, field(self)) }
    }
}

/// Pages rendered once per shape, not once per page.
///
/// What swift-mustache renders depends on a view's texts only where it prints them: which
/// sections open, how often a list repeats, what `first()` and `last()` say, all follow from the
/// view's shape (which optional values are there, each list's length, each flag). Twenty
/// thousand risk pages have some three hundred shapes. So the first page of a shape is rendered
/// from a stand-in of its view, each text replaced by a marker of its own; the output is cut
/// at the markers, and each later page of that shape is the cut output with its own texts put
/// in, escaped where the marker came out escaped. A template lookup cost a microsecond and more;
/// a risk page made some eighty of them.
///
/// That holds for templates that do nothing else with a text: a theme that runs a transform on
/// a named value (`{{uppercased(name)}}`, `{{#sorted(xs)}}`), names a partial by a value
/// (`{{>*name}}`), or indents a standalone partial or block (which indents by what the text
/// before it printed) renders every page in full; so does a view holding a value the walk does
/// not know (a number other than an integer, say), and a template whose stand-in output shows
/// a marker printed any other way (through a content type of the theme's own, say).
///
/// A template whose shapes rarely repeat (a unit page lists its own risk points, so no two are
/// alike) stops being looked at after a few pages: walking its view would only add to each.
final class TemplateShapes: @unchecked Sendable {
    private let lock = NSLock()
    private var compiled: [Key: Compiled] = [:]
    private var stats: [String: Stats] = [:]
    /// Drawn for this theme, so no content can hold a marker.
    private let nonce = String(UInt64.random(in: 1...UInt64.max), radix: 36)
    /// Each template's names, with those of the partials and parents it calls (nil for a
    /// template that changes its delimiters): a field named nowhere there cannot be looked up,
    /// so the walk leaves it out (a page's navigation links, when the layout prints `navHTML`).
    private let names: [String: Set<String>?]

    /// `templates`: the theme's templates by name.
    init(templates: [String: String] = [:]) {
        var names: [String: Set<String>?] = [:]
        let read = templates.mapValues(Self.names(in:))
        func closure(_ name: String, _ seen: inout Set<String>) -> Set<String>? {
            guard let own = read[name] else { return [] }
            guard var all = own.words else { return nil }
            for called in own.calls where seen.insert(called).inserted {
                guard let more = closure(called, &seen) else { return nil }
                all.formUnion(more)
            }
            return all
        }
        for name in templates.keys {
            var seen: Set<String> = [name]
            names[name] = .some(closure(name, &seen))
        }
        self.names = names
    }

    /// The names `source` looks up (nil when it changes delimiters, which hides its tags from
    /// this reading) and the partials and parents it calls.
    private static func names(in source: String) -> (words: Set<String>?, calls: [String]) {
        var words: Set<String> = []
        var calls: [String] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: rest.first == "{" ? "}}}" : "}}") else { break }
            var tag = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            switch tag.first {
            case "!", "%": continue
            case "=": return (nil, calls)
            case ">", "<":
                tag.removeFirst()
                calls.append(tag.trimmingCharacters(in: .whitespaces))
                continue
            default: break
            }
            for word in tag.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) { words.insert(String(word)) }
        }
        return (words, calls)
    }

    /// A view with more values than this is rendered in full, without a walk.
    static let largestShape = 4_000
    /// A template is looked at by shape for this many different shapes before its repeats are
    /// counted; then only while it reuses a shape at least once for every four it makes.
    static let trialShapes = 32

    private struct Key: Hashable {
        var template: String
        var shape: [UInt64]
    }

    private struct Stats {
        var shapes = 0
        var reuses = 0
        var off = false
    }

    /// The rendered output of one shape, cut at its texts.
    private enum Compiled {
        case pieces([Piece])
        /// The stand-in output showed a marker printed some other way: render in full.
        case unusable
    }

    private enum Piece {
        case literal(String)
        case escaped(Int)
        case raw(Int)
    }

    /// Whether templates with these sources may be rendered by shape (see the type's notes).
    static func allowed(sources: [String]) -> Bool {
        sources.allSatisfy { source in
            !source.contains("{{>*") && !source.contains("{{> *") && !hasIndentedStandalone(source)
                && transformsAreOnSequences(source)
        }
    }

    /// How many renders of `template` reused a shape made before.
    func reuses(of template: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return stats[template]?.reuses ?? 0
    }

    /// `render`: renders any view through the library. Returns nil when the template is missing.
    func render(_ view: ShapedView, template: String, render: (Any) -> String?) -> String? {
        lock.lock()
        let off = stats[template]?.off ?? false
        lock.unlock()
        if off { return render(view) }
        let named = names[template] ?? nil
        var walk = Walk(named: named)
        walk.object(view)
        guard walk.ok else { return render(view) }
        let key = Key(template: template, shape: walk.shape)
        lock.lock()
        let kept = compiled[key]
        if kept != nil { stats[template, default: Stats()].reuses += 1 }
        lock.unlock()
        switch kept {
        case .pieces(let pieces):
            return Self.assemble(pieces, walk.leaves)
        case .unusable:
            return render(view)
        case nil:
            return compile(view, key: key, leaves: walk.leaves, render: render)
        }
    }

    private func compile(_ view: ShapedView, key: Key, leaves: [String], render: (Any) -> String?) -> String? {
        var probe = Probe(nonce: nonce, named: names[key.template] ?? nil)
        let standIn = probe.object(view)
        guard let output = render(standIn) else { return nil }
        let pieces = cut(output, leafCount: leaves.count)
        lock.lock()
        var stat = stats[key.template, default: Stats()]
        stat.shapes += 1
        if stat.shapes > Self.trialShapes, stat.reuses * 4 < stat.shapes {
            // Shapes rarely repeat: render this template's pages in full from now on.
            stat.off = true
            compiled = compiled.filter { $0.key.template != key.template }
        } else {
            compiled[key] = pieces.map(Compiled.pieces) ?? .unusable
        }
        stats[key.template] = stat
        lock.unlock()
        guard let pieces else { return render(view) }
        return Self.assemble(pieces, leaves)
    }

    /// `output` cut at the markers, or nil when one is not a marker as printed plainly or escaped.
    private func cut(_ output: String, leafCount: Int) -> [Piece]? {
        let open = Array("\u{E000}\(nonce).".utf8)
        let rawClose = Array("&\u{E001}".utf8)
        let escapedClose = Array("&amp;\u{E001}".utf8)
        var output = output
        return output.withUTF8 { bytes -> [Piece]? in
            var pieces: [Piece] = []
            var start = 0
            var i = 0
            func matches(_ pattern: [UInt8], at j: Int) -> Bool {
                j + pattern.count <= bytes.count && pattern.indices.allSatisfy { bytes[j + $0] == pattern[$0] }
            }
            func text(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            while i < bytes.count {
                guard bytes[i] == open[0], matches(open, at: i) else {
                    i += 1
                    continue
                }
                var j = i + open.count
                var index = 0
                let digits = j
                while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 {
                    index = index * 10 + Int(bytes[j] - 0x30)
                    j += 1
                }
                guard j > digits, index < leafCount else { return nil }
                let piece: Piece
                if matches(rawClose, at: j) {
                    piece = .raw(index)
                    j += rawClose.count
                } else if matches(escapedClose, at: j) {
                    piece = .escaped(index)
                    j += escapedClose.count
                } else {
                    return nil
                }
                if start < i { pieces.append(.literal(text(start..<i))) }
                pieces.append(piece)
                i = j
                start = j
            }
            if start < bytes.count { pieces.append(.literal(text(start..<bytes.count))) }
            // Any other trace of the marker (a stand-in object printed, a marker cut apart).
            let lead = Array("\u{E000}".utf8)
            for case .literal(let literal) in pieces where literal.utf8.count >= lead.count {
                var literal = literal
                if literal.withUTF8({ b in b.indices.dropLast(lead.count - 1).contains { k in lead.indices.allSatisfy { b[k + $0] == lead[$0] } } }) {
                    return nil
                }
            }
            return pieces
        }
    }

    private static func assemble(_ pieces: [Piece], _ leaves: [String]) -> String {
        let escaping = HTMLEscaping()
        var html = ""
        var texts: [String] = []
        texts.reserveCapacity(pieces.count)
        var size = 0
        for piece in pieces {
            let text: String
            switch piece {
            case .literal(let literal): text = literal
            case .raw(let index): text = leaves[index]
            case .escaped(let index): text = escaping.escapeText(leaves[index])
            }
            size += text.utf8.count
            texts.append(text)
        }
        html.reserveCapacity(size)
        for text in texts { html += text }
        return html
    }

    // MARK: Reading the templates

    /// Whether a partial or block tag stands alone on a line after spaces: swift-mustache indents
    /// what it renders by them, token by token, and only after a token that printed something.
    private static func hasIndentedStandalone(_ source: String) -> Bool {
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.count < line.count else { continue }
            if trimmed.hasPrefix("{{>") || trimmed.hasPrefix("{{<") || trimmed.hasPrefix("{{$") { return true }
        }
        return false
    }

    /// Whether every transform in `source` is one on a list's place (`first()`, `last()`…),
    /// which the shape decides, and none on a named value.
    private static func transformsAreOnSequences(_ source: String) -> Bool {
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { return true }
            let tag = rest[..<close.lowerBound]
            rest = rest[close.upperBound...]
            if tag.first == "!" { continue }
            // `name(value)` with a value inside the parentheses.
            if let paren = tag.firstIndex(of: "("), let end = tag[paren...].firstIndex(of: ")"),
                !tag[tag.index(after: paren)..<end].trimmingCharacters(in: .whitespaces).isEmpty
            {
                return false
            }
        }
        return true
    }

    // MARK: Walking a view

    /// A view's shape (what decides how a template renders it) and its texts, in one order.
    private struct Walk {
        /// The names the template can look up (nil: any).
        let named: Set<String>?
        var shape: [UInt64] = []
        var leaves: [String] = []
        var ok = true

        mutating func object(_ view: ShapedView) {
            shape.append(UInt64(UInt(bitPattern: ObjectIdentifier(type(of: view)))))
            view.visitFields(named: named) { _, value in self.value(value) }
        }

        mutating func value(_ value: Any?) {
            guard ok else { return }
            guard shape.count < TemplateShapes.largestShape else {
                ok = false
                return
            }
            guard let value else {
                shape.append(0)
                return
            }
            // Told apart by type first: a failed cast costs more than the rest of the walk.
            let type = type(of: value)
            if type == String.self {
                shape.append(1)
                leaves.append(value as! String)
            } else if type == Bool.self {
                shape.append(value as! Bool ? 3 : 2)
            } else if type == Int.self {
                shape.append(1)
                leaves.append(String(value as! Int))
            } else if type == [String].self {
                let texts = value as! [String]
                shape.append(4)
                shape.append(UInt64(texts.count))
                for text in texts {
                    shape.append(1)
                    leaves.append(text)
                }
            } else {
                let id = ObjectIdentifier(type)
                let reader: Reader
                if let known = readers[id] {
                    reader = known
                } else {
                    reader = Reader(value)
                    // An optional inside `Any` holds a value or not from one value to the next:
                    // its type's reader is not kept, and each value is cast anew.
                    if !(value is any OptionalValue) { readers[id] = reader }
                }
                switch reader {
                case .view(let open): object(open(value))
                case .list(let open): list(open(value))
                case .unknown: ok = false
                }
            }
        }

        mutating func list(_ list: any ShapedList) {
            shape.append(4)
            shape.append(UInt64(list.count))
            list.forEachElement { self.value($0) }
        }

        /// How values of one type are read: as a view, as a list or not at all, found by a cast
        /// the first time the walk meets the type. A cast to a protocol looks its conformances up
        /// each time (a fifth of the walk when every view and list took one); a cast to the
        /// concrete type the first one found is a comparison.
        var readers: [ObjectIdentifier: Reader] = [:]

        enum Reader {
            case view((Any) -> ShapedView)
            case list((Any) -> any ShapedList)
            case unknown

            init(_ value: Any) {
                if let view = value as? ShapedView {
                    self = .view(Self.opener(view))
                } else if let list = value as? any ShapedList {
                    self = .list(Self.opener(list))
                } else {
                    self = .unknown
                }
            }

            private static func opener<T: ShapedView>(_: T) -> (Any) -> ShapedView { { $0 as! T } }
            private static func opener<T: ShapedList>(_: T) -> (Any) -> any ShapedList { { $0 as! T } }
        }
    }

    /// The stand-in of a view: each text a marker of its place in the walk's order.
    private struct Probe {
        let nonce: String
        let named: Set<String>?
        var count = 0

        mutating func object(_ view: ShapedView) -> StandIn {
            var children: [String: Any] = [:]
            view.visitFields(named: named) { name, value in
                if let standIn = self.value(value) { children[name] = standIn }
            }
            return StandIn(children: children, poison: "\u{E000}\(nonce)!")
        }

        mutating func value(_ value: Any?) -> Any? {
            switch value {
            case nil: return nil
            case is String, is Int: return marker()
            case let flag as Bool: return flag
            case let texts as [String]: return texts.map { _ in marker() }
            case let view as ShapedView: return object(view)
            case let list as any ShapedList:
                var items: [Any] = []
                list.forEachElement { if let item = self.value($0) { items.append(item) } }
                return items
            default: return nil
            }
        }

        mutating func marker() -> String {
            defer { count += 1 }
            return "\u{E000}\(nonce).\(count)&\u{E001}"
        }
    }

    /// A view's stand-in as the template sees it. Printed whole (`{{.}}` on a view), it shows a
    /// marker that `cut` refuses.
    private struct StandIn: MustacheParent, CustomStringConvertible {
        var children: [String: Any]
        var poison: String
        func child(named name: String) -> Any? { children[name] }
        var description: String { poison }
    }
}

/// An `Optional` of any type, told apart inside `Any`.
private protocol OptionalValue {}
extension Optional: OptionalValue {}

/// A list a view holds, walked element by element.
protocol ShapedList {
    var count: Int { get }
    func forEachElement(_ body: (Any?) -> Void)
}

extension Array: ShapedList {
    func forEachElement(_ body: (Any?) -> Void) {
        for element in self { body(element) }
    }
}
