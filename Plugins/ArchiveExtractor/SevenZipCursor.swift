/// Reads a 7z header: bytes and 7z's variable-length numbers (7zFormat.txt, `UINT64`: the
/// leading one bits of the first byte count the bytes that follow). Every read is bounded by
/// the header; a number too large to index it is malformed.
struct SevenZipCursor {
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - position }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw Malformed() }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func bytes(_ count: Int64) throws -> [UInt8] {
        guard count >= 0, count <= Int64(remaining) else { throw Malformed() }
        defer { position += Int(count) }
        return Array(bytes[position..<(position + Int(count))])
    }

    mutating func skip(_ count: Int64) throws {
        guard count >= 0, count <= Int64(remaining) else { throw Malformed() }
        position += Int(count)
    }

    /// A 7z `UINT64`.
    mutating func number() throws -> Int64 {
        let first = try byte()
        var mask: UInt8 = 0x80
        var value: UInt64 = 0
        for index in 0..<8 {
            if first & mask == 0 {
                value |= UInt64(first & (mask &- 1)) << (8 * index)
                return Int64(clamping: value)
            }
            value |= UInt64(try byte()) << (8 * index)
            mask >>= 1
        }
        return Int64(clamping: value)
    }

    /// A count of things each at least one byte long: never more than the bytes left.
    mutating func count() throws -> Int {
        let value = try number()
        guard value >= 0, value <= Int64(remaining) else { throw Malformed() }
        return Int(value)
    }
}
