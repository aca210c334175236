import Foundation
import ZIPFoundation

/// Why an Office file (.xlsx, .docx) cannot be read, said for the person who saved it.
public struct OfficeFailure: Error, Sendable {
    public var message: String
    public var hint: String
}

/// The zip inside an Office file (.xlsx, .docx), read with limits: a damaged file, an encrypted
/// workbook, an old binary file and a zip bomb are each a clear error, never a crash or a hang.
struct OfficeArchive {
    typealias Failure = OfficeFailure

    /// No part of a workbook may unpack to more than this.
    static let partLimit: UInt64 = 256 << 20
    /// Nor may all the parts read from it, together.
    static let totalLimit: UInt64 = 512 << 20
    /// A part larger than `ratioFloor` that unpacks to more than this many times its packed
    /// size is refused: sheets compress 5 to 30 times, a bomb a thousand.
    static let ratioLimit: UInt64 = 200
    static let ratioFloor: UInt64 = 16 << 20

    private let archive: Archive
    private var unpacked: UInt64 = 0

    init(data: Data, kind: String, saveAs: String) throws(Failure) {
        let bytes = [UInt8](data.prefix(8))
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            // An OLE compound file: either a password-protected Office file or an old binary one.
            let marker = Data("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            if data.range(of: marker) != nil {
                throw Failure(
                    message: "the \(kind) is protected by a password",
                    hint: "open it, remove the password (文件 → 信息 → 保护 → 用密码进行加密, leave it empty) and save it again as \(saveAs)")
            }
            throw Failure(
                message: "the file is an old binary Office file (Excel 97–2003 or Word 97–2003), not \(saveAs)",
                hint: "open it and save it as \(saveAs) (另存为 → \(saveAs))")
        }
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw Failure(
                message: "the file is not a \(kind) (it is not a zip archive)",
                hint: "a file renamed to \(saveAs) is not one: open it in Excel, WPS or Word and save it as \(saveAs)")
        }
        // Read from a file, not from memory: ZIPFoundation 0.9.20's in-memory archive traps when a
        // damaged directory points past the end of the data (found by Fuzz/, workbook harness); a
        // file answers such a read with nothing, and the archive throws. The file is unlinked at
        // once: the archive keeps it open, and nothing is left behind.
        let file = FileManager.default.temporaryDirectory.appending(path: "riskpress-\(UUID().uuidString).zip")
        do {
            try data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            archive = try Archive(url: file, accessMode: .read)
        } catch {
            throw Failure(message: "the \(kind) is damaged: its zip directory cannot be read", hint: "open it and save it again as \(saveAs)")
        }
    }

    /// The bytes of one part, or nil when there is none.
    mutating func part(_ path: String) throws(Failure) -> Data? {
        guard let entry = archive[path] else { return nil }
        let declared = entry.uncompressedSize
        let packed = max(entry.compressedSize, 1)
        if declared > Self.partLimit || (declared > Self.ratioFloor && declared / packed > Self.ratioLimit) {
            throw bomb(path)
        }
        var data = Data()
        data.reserveCapacity(Int(min(declared, 64 << 20)))
        var total = unpacked
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                total += UInt64(chunk.count)
                if UInt64(data.count + chunk.count) > Self.partLimit || total > Self.totalLimit
                    || (UInt64(data.count) > Self.ratioFloor && UInt64(data.count) / packed > Self.ratioLimit)
                {
                    throw OfficeArchive.Overflow()
                }
                data.append(chunk)
            }
        } catch is Overflow {
            throw bomb(path)
        } catch {
            throw Failure(message: "the part \(path) of the file is damaged (\(error))", hint: "open the file and save it again")
        }
        unpacked = total
        return data
    }

    private struct Overflow: Error {}

    private func bomb(_ path: String) -> Failure {
        Failure(
            message: "the part \(path) unpacks to far more than a real file holds (a zip bomb, or a damaged file); not read",
            hint: "riskpress reads parts of up to \(Self.partLimit >> 20) MB that unpack to at most \(Self.ratioLimit) times their packed size")
    }
}
