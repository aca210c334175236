import Foundation

/// A file of the output: its path under the output folder and its bytes.
public struct RenderedFile: Sendable {
    public var path: String
    /// The file's bytes in parts, written one after another. A page that kept large pieces out of
    /// its template is its text between the pieces and the pieces themselves, and an export its
    /// rows: the 50 MB manual of a province is never copied into one buffer of its own.
    public let parts: [Part]

    public enum Part: Sendable {
        case data(Data)
        /// The UTF-8 bytes `range` of a text.
        case text(String, Range<Int>)

        /// All of `text`.
        public static func whole(_ text: String) -> Part {
            .text(text, 0..<text.utf8.count)
        }

        /// The number of bytes.
        public var count: Int {
            switch self {
            case .data(let data): data.count
            case .text(_, let range): range.count
            }
        }

        /// Whether `other` holds the same bytes: at once when they are the same bytes in memory (a
        /// piece kept from the last render), else compared.
        public func hasSameBytes(as other: Part) -> Bool {
            guard count == other.count else { return false }
            return withBytes { x in
                other.withBytes { y in x.baseAddress == y.baseAddress || x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
            }
        }

        /// Calls `body` with the part's bytes.
        public func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
            switch self {
            case .data(let data):
                return try data.withUnsafeBytes(body)
            case .text(let text, let range):
                if let done = try text.utf8.withContiguousStorageIfAvailable({ bytes in
                    try body(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[range])))
                }) {
                    return done
                }
                return try Array(text.utf8)[range].withUnsafeBytes(body)
            }
        }
    }

    public init(path: String, data: Data) {
        self.path = path
        parts = [.data(data)]
    }

    public init(path: String, parts: [Part]) {
        self.path = path
        self.parts = parts
    }

    /// The number of bytes.
    public var count: Int {
        parts.reduce(0) { $0 + $1.count }
    }

    /// The bytes, part by part, in order.
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        for part in parts { try part.withBytes(body) }
    }

    /// The bytes in one buffer.
    public var data: Data {
        if parts.count == 1, case .data(let data) = parts[0] { return data }
        var data = Data(capacity: count)
        forEachChunk { data.append(contentsOf: $0) }
        return data
    }
}
