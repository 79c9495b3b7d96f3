import Foundation

/// A zip local file header (APPNOTE 4.3.7), read forward: what a stream reader can know of a
/// record before its data — its name, method, sizes (from the zip64 extra field when the header
/// says 0xFFFFFFFF) and extra fields.
struct ZipLocalHeader {
    static let signature: UInt32 = 0x0403_4B50

    let name: String
    let method: UInt16
    let flags: UInt16
    let compressedSize: UInt64
    let uncompressedSize: UInt64
    /// The offset of the header's first byte.
    let headerOffset: Int64
    /// The offset of the record's first data byte.
    let dataOffset: Int64

    /// Whether the sizes come after the data (flag bit 3), unknown here.
    var sizesFollowData: Bool { flags & 0x0008 != 0 && compressedSize == 0 }

    /// Reads the header whose signature the reader stands on; `nil` (nothing consumed but the
    /// signature) when the next bytes are another structure (the central directory).
    static func read(_ reader: ForwardReader) throws -> ZipLocalHeader? {
        let headerOffset = reader.offset
        guard try reader.fill(atLeast: 4) >= 4 else { return nil }
        let signature = try reader.peekChunk(limit: 4).loadUnaligned(as: UInt32.self)
        guard UInt32(littleEndian: signature) == Self.signature else { return nil }
        let fixed = try reader.bytes(30, for: "a zip local header")
        func u16(_ at: Int) -> UInt16 { UInt16(littleEndian: fixed.loadUnaligned(fromByteOffset: at, as: UInt16.self)) }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: fixed.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        let flags = u16(6), method = u16(8)
        var compressed = UInt64(u32(18)), uncompressed = UInt64(u32(22))
        let nameLength = Int(u16(26)), extraLength = Int(u16(28))
        let name = String(decoding: try reader.bytes(nameLength, for: "a zip record name"), as: UTF8.self)
        let extra = Array(try reader.bytes(extraLength, for: "a zip extra field"))
        var at = 0
        while at + 4 <= extra.count {
            let id = UInt16(extra[at]) | UInt16(extra[at + 1]) << 8
            let size = Int(extra[at + 2]) | Int(extra[at + 3]) << 8
            let body = Array(extra[(at + 4)..<min(extra.count, at + 4 + size)])
            if id == 0x0001 {
                var field = 0
                func next() -> UInt64? {
                    guard field + 8 <= body.count else { return nil }
                    defer { field += 8 }
                    return (0..<8).reduce(UInt64(0)) { $0 | UInt64(body[field + $1]) << (8 * UInt64($1)) }
                }
                if uncompressed == 0xFFFF_FFFF, let value = next() { uncompressed = value }
                if compressed == 0xFFFF_FFFF, let value = next() { compressed = value }
            }
            at += 4 + size
        }
        return ZipLocalHeader(name: name, method: method, flags: flags, compressedSize: compressed,
                              uncompressedSize: uncompressed, headerOffset: headerOffset, dataOffset: reader.offset)
    }
}
