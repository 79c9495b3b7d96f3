import Foundation

/// Writes ustar archives by hand, for tests that need shapes no tool makes quickly: archives
/// nested ten thousand deep, members of a gibibyte without a gibibyte of memory.
public enum TarWriter {
    /// A 512-byte ustar header for a regular file.
    public static func header(name: String, size: Int64, mtime: Int64 = 1_709_294_400) -> Data {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int64, at offset: Int, width: Int) {
            put(String(repeating: "0", count: max(0, width - 1 - String(value, radix: 8).count))
                + String(value, radix: 8), at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(0o644, at: 100, width: 8)
        octal(1000, at: 108, width: 8)
        octal(1000, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(mtime, at: 136, width: 12)
        block[156] = UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        for index in 148..<156 { block[index] = 0x20 }
        let sum = block.reduce(0) { $0 + Int64($1) }
        octal(sum, at: 148, width: 7)
        block[155] = 0x20
        return Data(block)
    }

    /// A regular member whose name is given in a pax extended header (any length), then its
    /// ustar header and content.
    public static func paxMember(name: String, content: Data) -> Data {
        // A pax record is "<length> path=<name>\n", its length counting its own digits.
        let body = " path=\(name)\n"
        var length = body.utf8.count + 1
        while String(length).count + body.utf8.count > length { length += 1 }
        let record = Data((String(length) + body).utf8)
        var header = header(name: "PaxHeader", size: Int64(record.count))
        header[156] = UInt8(ascii: "x")
        // The checksum covers the type flag: recompute it.
        for index in 148..<156 { header[index] = 0x20 }
        let sum = header.reduce(0) { $0 + Int64($1) }
        header.replaceSubrange(148..<155, with: Data(String(format: "%06o\0", sum).utf8))
        return header + record + padding(after: Int64(record.count))
            + self.header(name: String(name.suffix(99)), size: Int64(content.count)) + content
            + padding(after: Int64(content.count))
    }

    /// Zero bytes that pad `size` to a whole 512-byte block.
    public static func padding(after size: Int64) -> Data {
        Data(count: Int((512 - size % 512) % 512))
    }

    /// One archive holding `payload` inside `depth` levels of tar: `level-1.tar` holds
    /// `level-2.tar`, …, the innermost holds `payloadName`. Written flat, in one pass.
    public static func nested(depth: Int, payload: Data, payloadName: String = "payload.txt", to path: String) throws {
        // Content size of level k (1 = innermost tar): header + padded inner + end-of-archive.
        var sizes: [Int64] = [Int64(payload.count)]
        for _ in 0..<depth {
            let inner = sizes.last!
            sizes.append(512 + inner + Int64((512 - inner % 512) % 512) + 1024)
        }
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var headers = Data()
        for level in stride(from: depth, through: 1, by: -1) {
            let name = level == 1 ? payloadName : "level-\(depth - level + 2).tar"
            headers.append(header(name: name, size: sizes[level - 1]))
        }
        try handle.write(contentsOf: headers)
        try handle.write(contentsOf: payload + padding(after: Int64(payload.count)))
        try handle.write(contentsOf: Data(count: 1024 * depth))
    }

    /// A tar with one member of `size` zero bytes, written sparsely (no gibibyte of memory or disk).
    public static func zeroMember(size: Int64, name: String = "weights.bin", to path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: header(name: name, size: size))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let end = 512 + size + Int64((512 - size % 512) % 512) + 1024
        try handle.truncate(atOffset: UInt64(end))
    }
}
