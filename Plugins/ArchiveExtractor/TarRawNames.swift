import EvidenceKit

/// The exact bytes of a pax member's name and link target. libarchive converts a pax `path`
/// (UTF-8 by the standard) to the locale's charset and, on the way, to Unicode NFC: `café.txt`
/// written decomposed (NFD) came back composed, so two members that differ only by
/// normalization looked like one name twice, and the evidence path was not the stored name.
/// The pax header is read again here from the bytes libarchive was given
/// (``LibArchiveReader/passed``); ustar and GNU names are not converted and need nothing.
enum TarRawNames {
    /// Replaces the member's path and link target by the bytes its pax header holds, when the
    /// header is still held and names them.
    static func restore(_ member: inout Member, from passed: any PassedBytes, at position: Int64) {
        guard let records = paxRecords(passed, at: position) else { return }
        if let path = records.path, path != member.rawPath {
            member.rawPath = path
            member.path = String(decoding: path, as: UTF8.self)
        }
        if let target = records.linkpath, member.linkTarget != nil {
            member.linkTarget = String(decoding: target, as: UTF8.self)
        }
    }

    /// The `path` and `linkpath` of the pax extended headers (`x`) that open the entry at
    /// `position`, read as they are stored; nil when there are none or they are not held.
    static func paxRecords(_ passed: any PassedBytes, at position: Int64) -> (path: [UInt8]?, linkpath: [UInt8]?)? {
        var offset = position
        var path: [UInt8]?
        var linkpath: [UInt8]?
        var found = false
        // Extended headers precede the entry's own header; a few at most (x, g, L, K).
        for _ in 0..<8 {
            let header = passed.bytes(at: offset, count: 512)
            guard header.count == 512, let size = octal(header[124..<136]) else { return nil }
            let type = header[156]
            guard [UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K"), UInt8(ascii: "X")].contains(type) else {
                return found ? (path, linkpath) : nil
            }
            let body = passed.bytes(at: offset + 512, count: Int(size))
            guard body.count == Int(size) else { return nil }
            if type == UInt8(ascii: "x") || type == UInt8(ascii: "X") {
                for (key, value) in records(body) {
                    if key == Array("path".utf8) { path = value; found = true }
                    if key == Array("linkpath".utf8) { linkpath = value; found = true }
                }
            }
            offset += 512 + (size + 511) / 512 * 512
        }
        return nil
    }

    /// `<length> <key>=<value>\n` records, as stored (POSIX pax); stops at the first malformed one.
    static func records(_ body: [UInt8]) -> [(key: [UInt8], value: [UInt8])] {
        var found: [(key: [UInt8], value: [UInt8])] = []
        var start = 0
        while start < body.count {
            guard let space = body[start...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: body[start..<space], as: UTF8.self)),
                  length > space - start, start + length <= body.count, body[start + length - 1] == UInt8(ascii: "\n"),
                  let equals = body[(space + 1)..<(start + length)].firstIndex(of: UInt8(ascii: "=")) else { break }
            found.append((Array(body[(space + 1)..<equals]), Array(body[(equals + 1)..<(start + length - 1)])))
            start += length
        }
        return found
    }

    /// A tar numeric field: octal digits, spaces and NULs around them; the base-256 form and
    /// sizes above 64 MiB are not needed for extended headers and are refused.
    private static func octal(_ field: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var digits = 0
        for byte in field {
            if byte == 0 || byte == 0x20 { if digits > 0 { break } else { continue } }
            guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte) else { return nil }
            value = value * 8 + Int64(byte - UInt8(ascii: "0"))
            digits += 1
            if value > 64 << 20 { return nil }
        }
        return value
    }
}
