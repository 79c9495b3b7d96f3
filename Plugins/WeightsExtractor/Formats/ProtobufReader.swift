import Foundation

/// The protocol-buffer wire format (varints, fixed 32/64-bit, length-delimited fields) read
/// forward, each message within the bounds of its enclosing one: enough to walk an ONNX
/// `ModelProto` of any size while its tensor bytes stream past.
struct ProtobufReader {
    let reader: ForwardReader

    /// A field's number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
    struct Key {
        let number: UInt64
        let wireType: UInt64
        let offset: Int64
    }

    func varint() throws -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<10 {
            let byte = try reader.bytes(1, for: "a varint")[0]
            value |= UInt64(byte & 0x7F) << (7 * UInt64(index))
            if byte & 0x80 == 0 { return value }
        }
        throw WeightsExtractorError.malformed(what: "a varint", offset: reader.offset, reason: "longer than 10 bytes")
    }

    /// The next field's key, or `nil` at `end` (the end of the message).
    func key(before end: Int64) throws -> Key? {
        guard reader.offset < end else { return nil }
        let offset = reader.offset
        let raw = try varint()
        guard raw >> 3 > 0 else { throw WeightsExtractorError.malformed(what: "a field", offset: offset, reason: "field number 0") }
        return Key(number: raw >> 3, wireType: raw & 7, offset: offset)
    }

    /// A length-delimited field's length, checked against the enclosing message's end.
    func length(before end: Int64) throws -> Int64 {
        let offset = reader.offset
        let declared = try varint()
        guard declared <= UInt64(end - reader.offset) else {
            throw WeightsExtractorError.malformed(what: "a field", offset: offset,
                                                  reason: "its length \(declared) runs past its message's end at byte \(end)")
        }
        return Int64(declared)
    }

    /// Where a length-delimited field that starts here ends (its length read first).
    func end(before end: Int64) throws -> Int64 {
        let length = try length(before: end)
        return reader.offset + length
    }

    /// Skips a field's value.
    func skip(_ key: Key, before end: Int64) throws {
        switch key.wireType {
        case 0: _ = try varint()
        case 1: try exactly(8)
        case 5: try exactly(4)
        case 2: try exactly(try length(before: end))
        default:
            throw WeightsExtractorError.malformed(what: "field \(key.number)", offset: key.offset, reason: "wire type \(key.wireType)")
        }
    }

    private func exactly(_ count: Int64) throws {
        let skipped = try reader.skip(count)
        if skipped < count { throw WeightsExtractorError.truncated(what: "a field", offset: reader.offset, needed: count - skipped) }
    }

    /// A string field, its first 64 KiB kept.
    func string(before end: Int64) throws -> String {
        let length = try length(before: end)
        let kept = Int(min(length, 65_536))
        let text = String(decoding: try reader.bytes(kept, for: "a string field"), as: UTF8.self)
        if length > Int64(kept) { try exactly(length - Int64(kept)) }
        return text
    }

    /// An integer field, as a varint or packed varints (appended to `into`).
    func integers(_ key: Key, before end: Int64, into values: inout [Int64], limit: Int = 64) throws {
        if key.wireType == 0 {
            let value = Int64(bitPattern: try varint())
            if values.count < limit { values.append(value) }
            return
        }
        let stop = try self.end(before: end)
        while reader.offset < stop {
            let value = Int64(bitPattern: try varint())
            if values.count < limit { values.append(value) }
        }
    }
}
