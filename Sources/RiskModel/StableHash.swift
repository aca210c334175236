/// 64-bit FNV-1a of the text's UTF-8 bytes: the same text gives the same number on every build and
/// machine, which is what names derived from Chinese text (ids, file names) need.
public func stableHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return hash
}

/// 64-bit FNV-1a of bytes (a file's checksum; `stableHash(_:)` of a text's UTF-8 is the same number).
public func stableHash(bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return hash
}
