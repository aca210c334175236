import Foundation
import RiskModel

/// The register as data files: CSV that Excel and WPS open correctly in Chinese, and
/// JSON for other programs (schema: docs/export-format.md).
public enum RegisterExport {
    /// The CSV columns, with the Chinese headers riskpress itself reads back.
    static let columns = [
        "编号", "序号", "登记表", "责任主体", "岗位", "权力", "职权内容", "风险点", "表现形式", "风险等级", "风险类别", "领域",
        "防控措施", "责任人", "公开", "备注", "状态", "复核日期", "复核周期",
    ]

    /// UTF-8 with a byte order mark (so Excel detects the encoding), CRLF line ends,
    /// lists as numbered lines inside one quoted cell (RFC 4180 quoting).
    /// `cache`: rows kept from the last export of the same Content (see `Cache`).
    public static func csv(_ register: Register, cache: Cache? = nil) -> Data {
        RenderedFile(path: "", parts: csvParts(register, cache: cache)).data
    }

    /// The CSV file's bytes in parts: with a `cache`, its rows one by one as they are kept, not
    /// copied into one buffer.
    public static func csvParts(_ register: Register, cache: Cache? = nil) -> [RenderedFile.Part] {
        var text = line(columns)
        if let cache {
            // By id: a kept row needs no copy of its risk point.
            let rows = cache.rowsInOrder.texts(for: register) { id in
                cache.rows.value(for: id) { line(row(register.allRisks[id]!, register)) }
            }
            return [.data(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8))] + rows.map(RenderedFile.Part.whole)
        } else {
            text.reserveCapacity(register.allRisks.count * 600)
            for risk in register.allRisks.values { text += line(row(risk, register)) }
        }
        return [.data(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8))]
    }

    /// One CSV line, CRLF at its end.
    static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\r\n"
    }

    /// Each risk point's CSV row and JSON entry, kept from one export to the next while neither the
    /// risk point nor anything it names changed: `riskpress serve` keeps one, forgets the rows of
    /// the risk points an edit changed, and starts a new one when an edit reaches further.
    public final class Cache: Sendable {
        let rows = RenderCache<String, String>()
        let entries = RenderCache<String, String>()
        /// The JSON document without its risk points, as last encoded (units, posts, powers and
        /// domains change far less often than risk points): the bytes before and after the empty
        /// `risks` array, or nil if the encoder did not write it as expected.
        let documents = RenderCache<Document, (head: Data, tail: Data)?>()

        /// The last export's rows and entries in register order: an export of the same risk points
        /// in the same order takes them as they are and makes only those of changed risk points.
        let rowsInOrder = InOrder()
        let entriesInOrder = InOrder()

        public init() {}

        /// Drops what was kept for `ids`.
        public func forget(_ ids: Set<String>) {
            rows.forget(keys: ids)
            entries.forget(keys: ids)
            rowsInOrder.forget(ids)
            entriesInOrder.forget(ids)
        }

        /// One text per risk point, in register order, as last made.
        final class InOrder: @unchecked Sendable {
            private let lock = NSLock()
            private var ids: [String] = []
            private var texts: [String] = []
            private var changed: Set<String> = []

            func forget(_ ids: Set<String>) {
                lock.lock()
                changed.formUnion(ids)
                lock.unlock()
            }

            /// The texts of the register's risk points: the last ones, with those of changed risk
            /// points made again, when the ids are the same; otherwise all made (or found) by `make`.
            func texts(for register: Register, make: @Sendable (String) -> String) -> [String] {
                lock.lock()
                defer { lock.unlock() }
                // Withdrawn points too: the export is the register as it can be edited and read back.
                let now = register.allRisks.keys.elements
                if now == ids {
                    for id in changed { if let place = register.allRisks.index(forKey: id) { texts[place] = make(id) } }
                } else {
                    texts = parallelMap(now, make)
                    ids = now
                }
                changed = []
                return texts
            }
        }
    }

    /// A field as CSV writes it: in double quotes, with quotes doubled, when it holds a comma,
    /// a quote or a line break; as it is otherwise.
    /// Byte by byte: the four characters that matter are ASCII, and a UTF-8 byte of a Chinese
    /// character is never one of them (walking the text by characters cost a sixth of the export).
    static func quoted(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(field.utf8.count + 8)
        for byte in field.utf8 {
            bytes.append(byte)
            if byte == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func row(_ risk: RiskPoint, _ register: Register) -> [String] {
        [
            risk.id,
            risk.sequence ?? "",
            register.tables[risk.tableID]?.title ?? risk.tableID,
            risk.unitIDs.compactMap { register.units[$0]?.name }.joined(separator: "\n"),
            risk.postID.flatMap { register.posts[$0]?.name } ?? "",
            risk.powerID.flatMap { register.powers[$0]?.name } ?? "",
            risk.matter ?? "",
            risk.manifestations.count > 1 ? "" : risk.text,
            numbered(risk.manifestations.count > 1 ? risk.manifestations : []),
            register.level(of: risk)?.level.label ?? "",
            risk.category ?? "",
            risk.domainID.flatMap { register.domains[$0]?.name } ?? "",
            numbered(risk.measures),
            risk.person ?? "",
            risk.isPublic ? "是" : "否",
            risk.note ?? "",
            risk.status.label,
            // The date and cycle that apply (the point's, else its register's), so a file read
            // back keeps them; a blank cycle is the site's.
            register.reviewDate(of: risk)?.day.description ?? "",
            (risk.reviewCycle ?? register.tables[risk.tableID]?.reviewCycle)?.label ?? "",
        ]
    }

    /// "1.甲\n2.乙", as offices write lists in one cell; one item stays as it is.
    static func numbered(_ items: [String]) -> String {
        items.count == 1 ? items[0] : items.enumerated().map { "\($0.offset + 1).\($0.element)" }.joined(separator: "\n")
    }

    // MARK: JSON

    struct Document: Encodable, Hashable {
        var format = "riskpress-register"
        var version = 1
        var site: Site
        var levelSchemes: [Scheme]
        var units: [UnitEntry]
        var posts: [PostEntry]
        var powers: [PowerEntry]
        var domains: [DomainEntry]
        var risks: [RiskEntry]
    }

    struct Site: Encodable, Hashable { var title: String; var organisation: String }
    struct Scheme: Encodable, Hashable { var id: String; var name: String; var levels: [LevelEntry] }
    struct LevelEntry: Encodable, Hashable { var id: String; var label: String; var colour: String; var description: String }
    struct UnitEntry: Encodable, Hashable { var id: String; var name: String; var parent: String?; var description: String }
    struct PostEntry: Encodable, Hashable { var id: String; var name: String; var unit: String?; var summary: String; var duties: [String] }
    struct PowerEntry: Encodable, Hashable { var id: String; var name: String; var unit: String?; var scope: [String]; var basis: String }
    struct DomainEntry: Encodable, Hashable {
        var id: String
        var name: String
        var order: Int
        var description: String
        var levelDefinitions: [String: String]
    }
    struct RiskEntry: Encodable, Hashable {
        var id: String
        var sequence: String?
        var table: String
        var text: String
        var manifestations: [String]
        var levelScheme: String?
        var level: String?
        var category: String?
        var domain: String?
        var units: [String]
        var post: String?
        var power: String?
        var matter: String?
        var person: String?
        var measures: [String]
        var `public`: Bool
        var note: String?
        var extras: [String: String]
        /// `active` or `withdrawn`, always present.
        var status: String
        /// The 复核日期 that applies (the point's, else its register's), `YYYY-MM-DD`, or null.
        var reviewed: NullableText
    }

    /// A text written as JSON `null` when absent (an optional would leave the key out).
    struct NullableText: Encodable, Hashable {
        var value: String?

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }

    /// The whole register as JSON, ids for references, keys sorted so the same register
    /// gives the same bytes.
    ///
    /// With a `cache`, the risk points, most of the file, are encoded one by one on all cores (and
    /// kept) and put in place of the document's empty `risks` array, indented as the encoder
    /// indents them; the bytes are the same as encoding the whole document at once, which is what
    /// happens without one.
    public static func json(_ register: Register, cache: Cache? = nil) -> Data {
        RenderedFile(path: "", parts: jsonParts(register, cache: cache)).data
    }

    /// The JSON file's bytes in parts: with a `cache`, the entries one by one as they are kept.
    public static func jsonParts(_ register: Register, cache: Cache? = nil) -> [RenderedFile.Part] {
        guard let cache, !register.allRisks.isEmpty else { return [.data(jsonAtOnce(register))] }
        let document = document(register)
        let parts = cache.documents.value(for: document) { () -> (head: Data, tail: Data)? in
            // The encoder writes an empty array as "[", an empty line, "]" at the key's indent.
            guard let data = try? encoder().encode(document) else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            guard let range = text.firstRange(of: "\"risks\" : [\n\n  ]") else { return nil }
            return (Data(text[..<range.lowerBound].utf8), Data(text[range.upperBound...].utf8))
        }
        cache.documents.forget { $0 != document }
        guard let (head, tail) = parts else { return [.data(jsonAtOnce(register))] }
        // By id: a kept entry needs no copy of its risk point.
        let entries = cache.entriesInOrder.texts(for: register) { id in
            cache.entries.value(for: id) { jsonEntry(register.allRisks[id]!, register) }
        }
        let between = ",\n"
        var json: [RenderedFile.Part] = [.data(head + Data("\"risks\" : [\n".utf8))]
        json.reserveCapacity(entries.count * 2 + 2)
        for (number, entry) in entries.enumerated() {
            if number > 0 { json.append(.whole(between)) }
            json.append(.whole(entry))
        }
        json.append(.data(Data("\n  ]".utf8) + tail))
        return json
    }

    /// Everything but the risk points.
    static func document(_ register: Register) -> Document {
        Document(
            site: Site(title: register.site.title, organisation: register.site.organisation),
            levelSchemes: register.site.levelSchemes.map { scheme in
                Scheme(
                    id: scheme.id, name: scheme.name,
                    levels: scheme.levels.map { LevelEntry(id: $0.id, label: $0.label, colour: $0.colour, description: $0.description) })
            },
            units: register.units.values.map { UnitEntry(id: $0.id, name: $0.name, parent: $0.parentID, description: $0.description) },
            posts: register.posts.values.map {
                PostEntry(id: $0.id, name: $0.name, unit: $0.unitID, summary: $0.summary, duties: $0.duties)
            },
            powers: register.powers.values.map {
                PowerEntry(id: $0.id, name: $0.name, unit: $0.unitID, scope: $0.scope, basis: $0.basis)
            },
            domains: register.domains.values.map {
                DomainEntry(id: $0.id, name: $0.name, order: $0.order, description: $0.description, levelDefinitions: $0.levelDefinitions)
            },
            risks: [])
    }

    /// The same document encoded in one go (what `json` must equal; used if the encoder ever
    /// writes an empty array otherwise).
    static func jsonAtOnce(_ register: Register) -> Data {
        var document = document(register)
        document.risks = register.allRisks.values.map { riskEntry($0, register) }
        return (try? encoder().encode(document)) ?? Data("{}".utf8)
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func riskEntry(_ risk: RiskPoint, _ register: Register) -> RiskEntry {
        var scheme: String?
        var level: String?
        if case .rated(let s, let l) = risk.level { (scheme, level) = (s, l) }
        return RiskEntry(
            id: risk.id, sequence: risk.sequence, table: risk.tableID, text: risk.text,
            manifestations: risk.manifestations, levelScheme: scheme, level: level, category: risk.category,
            domain: risk.domainID, units: risk.unitIDs, post: risk.postID, power: risk.powerID, matter: risk.matter,
            person: risk.person, measures: risk.measures, public: risk.isPublic, note: risk.note,
            extras: Dictionary(risk.extras.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }),
            status: risk.status.rawValue, reviewed: NullableText(value: register.reviewDate(of: risk)?.day.description))
    }

    /// A risk point as an element of the document's `risks` array: encoded alone, then indented two
    /// levels (empty lines, inside empty arrays and objects, stay empty).
    static func jsonEntry(_ risk: RiskPoint, _ register: Register) -> String {
        guard let data = try? encoder().encode(riskEntry(risk, register)) else { return "{}" }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
    }
}
