import CLzma
import Foundation

/// Changes zips by hand, for tests that need shapes no tool makes.
public enum ZipWriter {
    /// The data given are not a zip (no end record).
    public struct NotAZip: Error {}

    /// The zip `data` with one more stored member of `size` bytes after its entries, listed
    /// last: a zip larger than a small `memory_bytes` whose directory still fits it.
    public static func withStoredMember(named filler: String, size: Int, in data: Data) throws -> Data {
        let bytes = [UInt8](data)
        guard let end = (0...(bytes.count - 22)).reversed().first(where: { bytes[$0..<($0 + 4)] == [0x50, 0x4B, 0x05, 0x06] }) else {
            throw NotAZip()
        }
        let le32 = { (at: Int) in Int((0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }) }
        let directoryStart = le32(end + 16), directorySize = le32(end + 12)
        let directoryAt = end - directorySize
        let content = [UInt8](repeating: 0x46, count: size)
        let name = Array(filler.utf8)
        func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: Int) -> [UInt8] { u16(value & 0xFFFF) + u16(value >> 16) }
        let crc = Int(content.withUnsafeBufferPointer { lzma_crc32($0.baseAddress, $0.count, 0) })
        let sizes = u32(crc) + u32(content.count) + u32(content.count) + u16(name.count)
        let local = u32(0x0403_4B50) + u16(20) + u16(0) + u16(0) + u32(0) + sizes + u16(0) + name + content
        let entry = u32(0x0201_4B50) + u16(20) + u16(20) + u16(0) + u16(0) + u32(0) + sizes + u16(0) + u16(0) + u16(0) + u16(0)
            + u32(0) + u32(directoryStart) + name
        var record = Array(bytes[end...])
        let count = Int(record[10]) | Int(record[11]) << 8
        record.replaceSubrange(8..<12, with: u16(count + 1) + u16(count + 1))
        record.replaceSubrange(12..<20, with: u32(directorySize + entry.count) + u32(directoryStart + local.count))
        return Data(bytes[..<directoryAt] + local + bytes[directoryAt..<end] + entry + record)
    }
}
