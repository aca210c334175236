import FlowLayout

/// One graph of the benchmark: the engine's input plus the texts, for the DOT export and the
/// sample SVGs (the layouts themselves only ever see sizes).
struct BenchGraph {
    enum Origin: String { case generated, example }

    var name: String
    var origin: Origin
    var graph: LayoutGraph
    var nodeLabels: [String]
    /// `task`, `start`, `end`, `decision` (drawing only; decision ⇔ diamond).
    var nodeKinds: [String]
    var edgeLabels: [String?]
    var laneNames: [String]
    /// The wrap width of box texts, in em (for drawing the samples).
    var wrapEm: Double = Sizing.defaultWrapEm
}

/// The one sizing rule used for generated graphs and for the example flows: texts measured with
/// FlowLayout's TextMetrics, wrapped, plus padding.
enum Sizing {
    static let fontSize = 14.0
    static let labelFontSize = 12.0
    static let em = fontSize
    /// Default wrap width of a box's text, in em (the generator varies it per graph, 8–10 em).
    static let defaultWrapEm = 9.0
    static let boxPadding = Size(width: 12, height: 8)
    static let labelPadding = Size(width: 4, height: 2)
    static let headerPadding = Size(width: 10, height: 6)
    static let minBoxWidth = 4 * em

    static let body = TextMetrics(fontSize: fontSize)
    static let small = TextMetrics(fontSize: labelFontSize)

    static func box(_ text: String, wrapEm: Double = defaultWrapEm) -> Size {
        let t = body.size(of: text, maxWidth: wrapEm * em)
        return Size(width: (max(t.width + 2 * boxPadding.width, minBoxWidth)).rounded(.up),
                    height: (t.height + 2 * boxPadding.height).rounded(.up))
    }

    /// A decision: its text wrapped narrower (6 em); the rhombus must contain the text box
    /// w × h, i.e. w/W + h/H ≤ 1: we take W = 2w, H = 2h (text box with a little padding).
    static func diamond(_ text: String) -> Size {
        let t = body.size(of: text, maxWidth: 6 * em)
        return Size(width: (2 * (t.width + 8)).rounded(.up), height: (2 * (t.height + 4)).rounded(.up))
    }

    static func edgeLabel(_ text: String) -> Size {
        let t = small.size(of: text, maxWidth: 8 * labelFontSize)
        return Size(width: (t.width + 2 * labelPadding.width).rounded(.up),
                    height: (t.height + 2 * labelPadding.height).rounded(.up))
    }

    static func laneHeader(_ text: String) -> Size {
        let t = body.size(of: text, maxWidth: 8 * em)
        return Size(width: (t.width + 2 * headerPadding.width).rounded(.up),
                    height: (t.height + 2 * headerPadding.height).rounded(.up))
    }
}

extension Sizing {
    /// The lines a text is drawn in (the same wrap as its measured size).
    static func lines(_ text: String, maxWidth: Double, small: Bool = false) -> [String] {
        (small ? Sizing.small : Sizing.body).wrap(text, maxWidth: maxWidth)
    }
}
