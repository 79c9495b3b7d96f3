import EvidenceKit

/// Decodes standard base64 (RFC 4648 §4) from another stream as it is read: line breaks and
/// spaces are skipped, as Jupyter writes them; any other character outside the alphabet, data
/// after padding, or a final group without its padding is a ``Failure`` (Python's `b64decode`
/// rejects the last too). Memory is flat whatever the length.
final class Base64DecodingSource: ByteSource {
    /// Why the text is not base64, and how many bytes had been decoded before.
    struct Failure: Error {
        let reason: String
        let decodedBytes: Int64
    }

    private let input: any ByteSource
    private var encoded = [UInt8](repeating: 0, count: 48 * 1024)
    private var encodedCount = 0
    private var encodedPosition = 0
    private var decoded: [UInt8] = []
    private var decodedPosition = 0
    private var group: UInt32 = 0
    private var groupCount = 0
    private var padding = 0
    private var inputEnded = false
    /// Bytes decoded so far.
    private(set) var decodedCount: Int64 = 0
    /// Encoded characters read so far.
    private(set) var encodedOffset: Int64 = 0
    /// Whether the text was read to its end and was valid.
    private(set) var finished = false
    /// Why the text is not base64, once a read has thrown it.
    private(set) var failure: Failure?

    init(_ input: any ByteSource) {
        self.input = input
        decoded.reserveCapacity(36 * 1024)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        if decodedPosition == decoded.count {
            decoded.removeAll(keepingCapacity: true)
            decodedPosition = 0
            try decodeChunk()
        }
        let count = min(buffer.count, decoded.count - decodedPosition)
        decoded.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[decodedPosition..<(decodedPosition + count)]))
        }
        decodedPosition += count
        return count
    }

    /// Decodes the next run of encoded input into `decoded` (empty at the end).
    private func decodeChunk() throws {
        while decoded.isEmpty, !finished {
            if encodedPosition == encodedCount {
                guard !inputEnded else { return try end() }
                encodedCount = try encoded.withUnsafeMutableBytes { try input.read(into: $0) }
                encodedPosition = 0
                if encodedCount == 0 {
                    inputEnded = true
                    continue
                }
            }
            while encodedPosition < encodedCount {
                decodeRun()
                guard encodedPosition < encodedCount else { break }
                // What the fast run stops at — padding, a character outside the alphabet — one at a time.
                let character = encoded[encodedPosition]
                encodedPosition += 1
                encodedOffset += 1
                try take(character)
            }
            decodedCount += Int64(decoded.count)
        }
    }

    /// Decodes alphabet characters and skips white space, in local variables, up to the first
    /// character that needs ``take(_:)`` (or the end of the encoded run): the class's fields are
    /// read once and written once, not per character.
    private func decodeRun() {
        guard padding == 0 else { return }
        var group = self.group, count = groupCount, position = encodedPosition
        let end = encodedCount
        var out: [UInt8] = []
        swap(&out, &decoded)
        let table = Self.values
        encoded.withUnsafeBufferPointer { input in
            table.withUnsafeBufferPointer { values in
                while position < end {
                    let character = input[position]
                    let value = values[Int(character)]
                    if value < 64 {
                        group = group << 6 | UInt32(value)
                        count += 1
                        if count == 4 {
                            Self.append(group, to: &out)
                            group = 0
                            count = 0
                        }
                    } else if value != Self.whiteSpace {
                        break
                    }
                    position += 1
                }
            }
        }
        swap(&out, &decoded)
        self.group = group
        groupCount = count
        encodedOffset += Int64(position - encodedPosition)
        encodedPosition = position
    }

    private func take(_ character: UInt8) throws {
        switch character {
        case 0x0A, 0x0D, 0x20, 0x09:
            return
        case UInt8(ascii: "="):
            padding += 1
            guard groupCount >= 2, groupCount + padding <= 4 else { throw fail("a misplaced '='") }
            if groupCount + padding == 4 {
                let bytes = [UInt8(truncatingIfNeeded: group >> 10), UInt8(truncatingIfNeeded: group >> 2)]
                decoded.append(contentsOf: groupCount == 3 ? bytes : [UInt8(truncatingIfNeeded: group >> 4)])
                groupCount = 4
            }
        default:
            guard let value = Self.alphabet[Int(character)] else {
                throw fail(character < 0x80 && character >= 0x20 ? "a '\(Character(UnicodeScalar(character)))'" : "byte 0x\(String(character, radix: 16))")
            }
            guard padding == 0 else { throw fail("data after the padding") }
            group = group << 6 | UInt32(value)
            groupCount += 1
            if groupCount == 4 {
                Self.append(group, to: &decoded)
                group = 0
                groupCount = 0
            }
        }
    }

    /// The three bytes of a whole group of four characters.
    @inline(__always)
    private static func append(_ group: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: group >> 16))
        out.append(UInt8(truncatingIfNeeded: group >> 8))
        out.append(UInt8(truncatingIfNeeded: group))
    }

    private func end() throws {
        guard groupCount == 0 || groupCount == 4 else {
            let failure = Failure(reason: "it ends \(groupCount) character(s) into a group, without padding", decodedBytes: decodedCount)
            self.failure = failure
            throw failure
        }
        finished = true
    }

    private func fail(_ what: String) -> Failure {
        let failure = Failure(reason: "\(what) at encoded character \(encodedOffset - 1)",
                              decodedBytes: decodedCount + Int64(decoded.count))
        self.failure = failure
        return failure
    }

    /// Each byte's 6-bit value; ``whiteSpace`` for what Jupyter's line breaks put between
    /// groups; 0xFF for anything else (`=` included: ``take(_:)`` handles it).
    private static let whiteSpace: UInt8 = 0xFE
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(index)
        }
        for character in [0x0A, 0x0D, 0x20, 0x09] { table[character] = whiteSpace }
        return table
    }()

    private static let alphabet: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(index)
        }
        return table
    }()
}
