import CMark
import Foundation

/// Markdown → HTML through cmark (CommonMark), lifting out fenced blocks that the
/// caller wants to replace (riskpress's ```risks tables).
public enum Markdown {
    /// A fenced code block that was lifted out of the document.
    public struct Embed: Hashable, Sendable {
        /// The info string's first word, e.g. `risks`.
        public var kind: String
        /// The block's text.
        public var body: String
        /// Line and column of the opening fence, 1-based, relative to the Markdown text.
        public var line: Int
        public var column: Int
    }

    /// The document in order: HTML between embeds, and the embeds themselves.
    public enum Part: Hashable, Sendable {
        case html(String)
        case embed(Embed)
    }

    public struct Options: Hashable, Sendable {
        /// Let raw HTML through (cmark's `CMARK_OPT_UNSAFE`). Off: cmark removes it.
        public var allowsRawHTML: Bool
        /// Info strings (first word) whose fenced blocks are lifted out.
        public var embedKinds: Set<String>

        public init(allowsRawHTML: Bool = false, embedKinds: Set<String> = []) {
            self.allowsRawHTML = allowsRawHTML
            self.embedKinds = embedKinds
        }
    }

    /// Renders `text`, replacing each fenced block whose info string starts with one of
    /// `options.embedKinds` by an `.embed` part — also inside lists and quotes.
    public static func render(_ text: String, options: Options = Options()) -> [Part] {
        var cmarkOptions = CMARK_OPT_VALIDATE_UTF8
        if options.allowsRawHTML { cmarkOptions |= CMARK_OPT_UNSAFE }
        guard let document = text.withCString({ cmark_parse_document($0, strlen($0), cmarkOptions) }) else {
            return [.html("")]
        }
        defer { cmark_node_free(document) }

        // Find the blocks to lift out first, then replace them: editing the tree while
        // iterating it is not allowed.
        var embeds: [Embed] = []
        var targets: [OpaquePointer] = []
        if !options.embedKinds.isEmpty, let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                    cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK,
                    let infoPointer = cmark_node_get_fence_info(node)
                else { continue }
                let kind = String(cString: infoPointer).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
                    .map(String.init) ?? ""
                guard options.embedKinds.contains(kind) else { continue }
                let body = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                embeds.append(
                    Embed(
                        kind: kind, body: body, line: Int(cmark_node_get_start_line(node)),
                        column: Int(cmark_node_get_start_column(node))))
                targets.append(node)
            }
        }
        for (index, node) in targets.enumerated() {
            guard let marker = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            _ = cmark_node_set_on_enter(marker, placeholder(index))
            _ = cmark_node_replace(node, marker)
            cmark_node_free(node)
        }

        guard let rendered = cmark_render_html(document, cmarkOptions) else { return [.html("")] }
        let html = String(cString: rendered)
        free(rendered)
        return split(html, embeds: embeds)
    }

    /// A marker cmark copies through as it is. U+E000 is a private-use character, so no
    /// ordinary text produces it; its HTML escaping is irrelevant because we split on it.
    private static func placeholder(_ index: Int) -> String { "\u{E000}embed:\(index)\u{E000}" }

    private static func split(_ html: String, embeds: [Embed]) -> [Part] {
        guard !embeds.isEmpty else { return [.html(html)] }
        var parts: [Part] = []
        var rest = Substring(html)
        for (index, embed) in embeds.enumerated() {
            guard let range = rest.range(of: placeholder(index)) else { continue }
            let before = String(rest[..<range.lowerBound])
            if !before.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { parts.append(.html(before)) }
            parts.append(.embed(embed))
            rest = rest[range.upperBound...]
        }
        let tail = String(rest)
        if !tail.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { parts.append(.html(tail)) }
        return parts
    }
}
