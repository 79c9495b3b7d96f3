/// Little-endian fields of zip structures, at offsets a hostile archive chooses: out of range
/// reads give 0, never a trap. Offsets count from the collection's start.
enum ZipBytes {
    static func le16<C: RandomAccessCollection>(_ bytes: C, _ offset: Int) -> UInt16 where C.Element == UInt8, C.Index == Int {
        UInt16(truncatingIfNeeded: value(bytes, offset, width: 2))
    }

    static func le32<C: RandomAccessCollection>(_ bytes: C, _ offset: Int) -> UInt32 where C.Element == UInt8, C.Index == Int {
        UInt32(truncatingIfNeeded: value(bytes, offset, width: 4))
    }

    static func le64<C: RandomAccessCollection>(_ bytes: C, _ offset: Int) -> UInt64 where C.Element == UInt8, C.Index == Int {
        value(bytes, offset, width: 8)
    }

    private static func value<C: RandomAccessCollection>(_ bytes: C, _ offset: Int, width: Int) -> UInt64
    where C.Element == UInt8, C.Index == Int {
        guard offset >= 0, bytes.count >= width, offset <= bytes.count - width else { return 0 }
        let start = bytes.startIndex + offset
        return (0..<width).reduce(0) { $0 | UInt64(bytes[start + $1]) << (8 * $1) }
    }
}
