/// The protocol-buffer wire format read from bytes in memory, one message's fields at a time,
/// every length checked against the message that holds it: for small messages read whole (a
/// SentencePiece model is a few MB). The weights extractor streams ONNX models of gigabytes
/// through its own forward reader instead.
///
/// ```swift
/// try ProtobufFields(bytes: model).forEach(in: 0..<model.count) { field in
///     if field.number == 1, case .bytes(let range) = field.payload { … }
/// }
/// ```
public struct ProtobufFields: Sendable {
    /// Bytes that break the wire format at `offset`.
    public struct Malformed: Error, CustomStringConvertible, Sendable {
        public let offset: Int
        public let reason: String
        public var description: String { "malformed at byte \(offset): \(reason)" }
    }

    /// One field: its number and its value.
    public struct Field: Sendable {
        public enum Payload: Sendable {
            case varint(UInt64)
            case fixed32(UInt32)
            case fixed64(UInt64)
            /// A length-delimited value: where its bytes are.
            case bytes(Range<Int>)
        }

        public let number: UInt64
        public let payload: Payload
        /// Where the field's key starts.
        public let offset: Int
    }

    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Calls `body` with each field of the message in `range`, in order.
    public func forEach(in range: Range<Int>, _ body: (Field) throws -> Void) throws {
        var position = range.lowerBound
        while position < range.upperBound {
            let start = position
            let key = try varint(&position, end: range.upperBound)
            guard key >> 3 > 0 else { throw Malformed(offset: start, reason: "field number 0") }
            let payload: Field.Payload
            switch key & 7 {
            case 0:
                payload = .varint(try varint(&position, end: range.upperBound))
            case 1:
                let field = try take(8, at: &position, end: range.upperBound, start: start)
                payload = .fixed64(field.reversed().reduce(0) { $0 << 8 | UInt64(bytes[$1]) })
            case 5:
                let field = try take(4, at: &position, end: range.upperBound, start: start)
                payload = .fixed32(field.reversed().reduce(0) { $0 << 8 | UInt32(bytes[$1]) })
            case 2:
                let length = try varint(&position, end: range.upperBound)
                guard length <= UInt64(range.upperBound - position) else {
                    throw Malformed(
                        offset: start, reason: "a field of \(length) bytes runs past its message's end at byte \(range.upperBound)")
                }
                payload = .bytes(try take(Int(length), at: &position, end: range.upperBound, start: start))
            default:
                throw Malformed(offset: start, reason: "wire type \(key & 7) of field \(key >> 3)")
            }
            try body(Field(number: key >> 3, payload: payload, offset: start))
        }
    }

    private func varint(_ position: inout Int, end: Int) throws -> UInt64 {
        var value: UInt64 = 0
        let start = position
        for shift in stride(from: 0, to: 70, by: 7) {
            guard position < end else { throw Malformed(offset: start, reason: "a varint cut short") }
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return value }
        }
        throw Malformed(offset: start, reason: "a varint longer than 10 bytes")
    }

    private func take(_ count: Int, at position: inout Int, end: Int, start: Int) throws -> Range<Int> {
        guard count <= end - position else { throw Malformed(offset: start, reason: "a field cut short") }
        defer { position += count }
        return position..<(position + count)
    }
}
