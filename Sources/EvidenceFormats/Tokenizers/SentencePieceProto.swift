/// A SentencePiece model (`tokenizer.model`, `spiece.model`: a serialized `ModelProto`) walked
/// field by field from its bytes: its pieces in id order (field 1: each a `piece` (1), `score`
/// (2) and `type` (3)), the trainer's model type and vocabulary size (field 2: 3 and 4), and the
/// normalizer's name (field 3: 1). Every length is checked (``ProtobufFields``); nothing in the
/// model is run.
///
/// ```swift
/// let specs = try SentencePieceProto.read(bytes) { piece in print(piece.id, piece.text) }
/// specs.modelType   // "BPE"
/// ```
public enum SentencePieceProto {
    /// The piece types of `sentencepiece_model.proto`.
    public enum PieceType: UInt64, Sendable {
        case normal = 1, unknown, control, userDefined, unused, byte
    }

    /// One piece, in id order.
    public struct Piece: Sendable {
        public let id: Int
        /// Its text, with U+FFFD for bytes that are not UTF-8.
        public let text: String
        public let isValidUTF8: Bool
        /// Its type (normal when the model leaves it out); nil for a type this reader does not know.
        public let type: PieceType?
        /// Where its field starts in the model.
        public let offset: Int
    }

    /// What the model says beside its pieces.
    public struct Specs: Sendable {
        /// The trainer's model type, named as a `tokenizer.json` names its model (`Unigram`,
        /// `BPE`, `WordLevel`, `Char`, or `type N`).
        public var modelType = "Unigram"
        /// The trainer's vocabulary size (an int32 on the wire).
        public var vocabularySize: Int64?
        public var normalizer: String?
    }

    private static let modelTypes: [UInt64: String] = [1: "Unigram", 2: "BPE", 3: "WordLevel", 4: "Char"]

    /// Calls `body` with each piece, in id order; returns the specs. Throws
    /// ``ProtobufFields/Malformed`` where the model breaks (the pieces before it were handed over),
    /// or what `body` throws.
    @discardableResult
    public static func read(_ bytes: [UInt8], _ body: (Piece) throws -> Void) throws -> Specs {
        let fields = ProtobufFields(bytes: bytes)
        var specs = Specs()
        var id = 0
        try fields.forEach(in: 0..<bytes.count) { field in
            switch (field.number, field.payload) {
            case (1, .bytes(let range)):
                var text = range.lowerBound..<range.lowerBound, type: UInt64 = 1
                try fields.forEach(in: range) { part in
                    if part.number == 1, case .bytes(let piece) = part.payload { text = piece }
                    if part.number == 3, case .varint(let value) = part.payload { type = value }
                }
                let valid = String(validating: bytes[text], as: UTF8.self)
                try body(Piece(id: id, text: valid ?? String(decoding: bytes[text], as: UTF8.self), isValidUTF8: valid != nil,
                               type: PieceType(rawValue: type), offset: field.offset))
                id += 1
            case (2, .bytes(let range)):
                try fields.forEach(in: range) { spec in
                    if spec.number == 3, case .varint(let type) = spec.payload { specs.modelType = modelTypes[type] ?? "type \(type)" }
                    if spec.number == 4, case .varint(let size) = spec.payload {
                        specs.vocabularySize = Int64(Int32(truncatingIfNeeded: size))
                    }
                }
            case (3, .bytes(let range)):
                try fields.forEach(in: range) { spec in
                    if spec.number == 1, case .bytes(let name) = spec.payload {
                        specs.normalizer = String(decoding: bytes[name.prefix(256)], as: UTF8.self)
                    }
                }
            default:
                break
            }
        }
        return specs
    }

    /// Whether `head` starts as a SentencePiece model: its first field a piece (field 1, bytes)
    /// whose own first field is the piece's text.
    public static func looksLikeModel(_ head: [UInt8]) -> Bool {
        guard head.count >= 4, head[0] == 0x0A else { return false }
        var position = 1, length = 0, shift = 0
        while position < head.count, position < 6 {
            length |= Int(head[position] & 0x7F) << shift
            shift += 7
            position += 1
            if head[position - 1] & 0x80 == 0 { break }
        }
        return length >= 2 && position < head.count && head[position] == 0x0A
    }
}
