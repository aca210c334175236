import Foundation
import RiskModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a file's bytes into text: UTF-8 with or without a BOM, UTF-16 with a BOM, or
/// GB18030 — what Excel and WPS write for "CSV" on a Chinese system.
enum TextDecoding {
    enum Encoding: String {
        case utf8 = "UTF-8"
        case utf8BOM = "UTF-8 with BOM"
        case utf16LE = "UTF-16LE"
        case utf16BE = "UTF-16BE"
        case gb18030 = "GB18030"
    }

    struct Failure: Error {
        var message: String
        var hint: String
    }

    static func decode(_ data: Data) -> Result<(text: String, encoding: Encoding), Failure> {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else {
                return .failure(
                    Failure(
                        message: "the file starts with a UTF-8 byte order mark but is not valid UTF-8",
                        hint: "save the file again as \"CSV UTF-8\" (Excel) or UTF-8 (WPS, a text editor)"))
            }
            return .success((text, .utf8BOM))
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let littleEndian = bytes[0] == 0xFF
            let units = stride(from: 2, to: bytes.count - 1, by: 2).map { i -> UInt16 in
                littleEndian ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
            }
            guard let text = String(validating: units, as: UTF16.self) else {
                return .failure(
                    Failure(message: "the file looks like UTF-16 but does not decode", hint: "save it as UTF-8"))
            }
            return .success((text, littleEndian ? .utf16LE : .utf16BE))
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return .success((text, .utf8))
        }
        if let converted = convert(bytes, from: "GB18030", to: "UTF-8"),
            let text = String(validating: converted, as: UTF8.self)
        {
            return .success((text, .gb18030))
        }
        return .failure(
            Failure(
                message: "the file is neither UTF-8 nor GB18030 (\(describeInvalidUTF8(bytes)))",
                hint: "save the file as UTF-8 (Excel: \"CSV UTF-8\"); riskpress also reads GB18030/GBK"))
    }

    /// Where UTF-8 decoding first fails, to name it in the error.
    private static func describeInvalidUTF8(_ bytes: [UInt8]) -> String {
        var line = 1
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A { line += 1 }
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            let length = bytes[index] >= 0xF0 ? 4 : bytes[index] >= 0xE0 ? 3 : bytes[index] >= 0xC0 ? 2 : 1
            let end = min(bytes.count, index + length)
            if length == 1 || String(validating: bytes[index..<end], as: UTF8.self) == nil {
                let hex = bytes[index..<min(bytes.count, index + 2)].map { String(format: "%02X", $0) }.joined(separator: " ")
                return "invalid byte sequence \(hex) on line \(line)"
            }
            index = end
        }
        return "invalid byte sequence"
    }

    /// Converts bytes between encodings with the C library's iconv (glibc has GB18030).
    static func convert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
        let converter = iconv_open(target, source)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        let remaining: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                if result == -1 || inLeft != 0 { return nil }
                return outLeft
            }
        }
        guard let remaining else { return nil }
        output.removeLast(remaining)
        return output
    }
}
