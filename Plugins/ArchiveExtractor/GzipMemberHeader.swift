import CIsal
import EvidenceKit
import Foundation

/// The header of one gzip member (RFC 1952 §2.3), read here rather than by ISA-L: ISA-L
/// 2.30 checks the optional header CRC (FHCRC) only over the header bytes of its last call,
/// so a header split across two reads was reported as damaged.
struct GzipMemberHeader: Equatable {
    /// MTIME: when the compressed file was last modified (or compressed), seconds since the
    /// epoch in UTC; 0 when the compressor did not record one.
    var modified: UInt32 = 0
    /// FNAME: the original file name, as stored (ISO 8859-1 by the RFC), kept up to ``keptLength`` bytes.
    var name: [UInt8]?
    /// FCOMMENT, kept up to ``keptLength`` bytes.
    var comment: [UInt8]?
    /// OS: the file system the compressor ran on (0 FAT, 3 Unix, 11 NTFS, 255 unknown, …).
    var operatingSystem: UInt8 = 255
    /// XFL: 2 for maximum compression, 4 for fastest.
    var extraFlags: UInt8 = 0
    /// Bytes of FEXTRA, if present.
    var extraLength: Int?
    /// Whether the header carried a CRC-16 (which was checked).
    var hasHeaderCRC = false
    /// Header bytes, from the magic bytes to the end of the header.
    var length = 0

    /// How much of a name or comment is kept; the rest is read and checked, not kept.
    static let keptLength = 4096

    /// Why a header is rejected.
    enum Problem: Error, Equatable {
        case notGzip
        case unsupportedMethod(UInt8)
        case reservedFlags(UInt8)
        case headerCRCMismatch

        /// The problem in words, for the finding.
        var detail: String {
            switch self {
            case .notGzip: return "no gzip header"
            case .unsupportedMethod(let method): return "compression method \(method) is not deflate (8)"
            case .reservedFlags(let flags): return "reserved header flags set (0x\(String(flags, radix: 16)))"
            case .headerCRCMismatch: return "header CRC-16 does not match the header"
            }
        }
    }

    /// Reads a header through `next`, which gives the stream's next byte (and throws at its end).
    static func read(_ next: () throws -> UInt8) throws -> GzipMemberHeader {
        var header = GzipMemberHeader()
        var crc: UInt32 = 0
        func byte() throws -> UInt8 {
            var value = try next()
            crc = crc32_gzip_refl(crc, &value, 1)
            header.length += 1
            return value
        }
        func little(_ count: Int) throws -> UInt32 {
            var value: UInt32 = 0
            for index in 0..<count { value |= UInt32(try byte()) << (8 * index) }
            return value
        }
        func zeroTerminated() throws -> [UInt8] {
            var kept: [UInt8] = []
            while true {
                let value = try byte()
                if value == 0 { return kept }
                if kept.count < keptLength { kept.append(value) }
            }
        }
        guard try byte() == 0x1F, try byte() == 0x8B else { throw Problem.notGzip }
        let method = try byte()
        guard method == 8 else { throw Problem.unsupportedMethod(method) }
        let flags = try byte()
        guard flags & 0xE0 == 0 else { throw Problem.reservedFlags(flags) }
        header.modified = try little(4)
        header.extraFlags = try byte()
        header.operatingSystem = try byte()
        if flags & 0x04 != 0 {
            let count = Int(try little(2))
            for _ in 0..<count { _ = try byte() }
            header.extraLength = count
        }
        if flags & 0x08 != 0 { header.name = try zeroTerminated() }
        if flags & 0x10 != 0 { header.comment = try zeroTerminated() }
        if flags & 0x02 != 0 {
            let expected = UInt16(truncatingIfNeeded: crc)
            let stored = UInt16(try little(2))
            guard stored == expected else { throw Problem.headerCRCMismatch }
            header.hasHeaderCRC = true
        }
        return header
    }

    /// What the first member's header says, as a finding: the original name and modification
    /// time a compressor recorded are facts about the file before it was compressed.
    var finding: Finding {
        var attributes: [String: Value] = [
            "operating_system": .integer(Int64(operatingSystem)), "extra_flags": .integer(Int64(extraFlags)),
            "header_crc": .bool(hasHeaderCRC), "mtime_epoch": .integer(Int64(modified)),
        ]
        var parts: [String] = []
        if let name {
            attributes["name"] = .string(Self.text(name))
            parts.append("original name \(Self.text(name))")
        }
        if let comment { attributes["comment"] = .string(Self.text(comment)) }
        if let extraLength { attributes["extra_length"] = .integer(Int64(extraLength)) }
        var timestamp: Timestamp?
        if modified != 0 {
            timestamp = Timestamp(secondsSinceEpoch: Int64(modified), original: "\(modified)", zone: .utc)
            parts.append("modified \(modified) (UTC epoch seconds)")
        }
        return Finding("archive.gzip_header",
                       summary: "gzip header: " + (parts.isEmpty ? "no name or time recorded" : parts.joined(separator: ", ")),
                       attributes: attributes, at: Locator(byteOffset: 0), timestamp: timestamp)
    }

    /// Latin-1 text of stored bytes (every byte is a character, so nothing is lost).
    static func text(_ bytes: [UInt8]) -> String {
        String(bytes.map { Character(Unicode.Scalar($0)) })
    }
}
