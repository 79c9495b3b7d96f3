import EvidenceFormats
import EvidenceKit

/// A SentencePiece model (`tokenizer.model`, `spiece.model`: a serialized `ModelProto`), read
/// whole within the budget and walked field by field: its pieces in id order (field 1: each a
/// `piece`, `score` and `type`), the trainer's model type and vocabulary size (field 2), and the
/// normalizer's name (field 3). Control, user-defined and unknown pieces are its special tokens;
/// byte pieces (`<0x0A>`) are counted. Nothing in the model is run.
struct SentencePieceModel {
    /// The piece types of `sentencepiece_model.proto`.
    enum PieceType: UInt64 {
        case normal = 1, unknown, control, userDefined, unused, byte
    }

    /// The trainer's model types, named as a `tokenizer.json` names its model.
    static let modelTypes: [UInt64: String] = [1: "Unigram", 2: "BPE", 3: "WordLevel", 4: "Char"]

    let limits: ExtractionLimits
    let maxTokens: Int

    /// Reads the model in `artifact` and reports its vocabulary; a model cut short or broken
    /// reports the pieces read before the break, with a warning at its byte.
    func read(_ artifact: Artifact, into sink: any FindingSink) throws {
        var bytes: [UInt8] = []
        while true {
            let chunk = try artifact.content.read(upTo: 1 << 20)
            if chunk.isEmpty { break }
            bytes += chunk
            guard bytes.count <= limits.maxInMemoryBytes else {
                let problem = TokenizerExtractorError.tooLarge(bytes: bytes.count, limit: limits.maxInMemoryBytes)
                sink.limitation(problem.errorDescription!, limit: "max_in_memory_bytes")
                return
            }
        }
        let fields = ProtobufFields(bytes: bytes)
        var facts = VocabularyFacts(spelling: .sentencePiece)
        var modelType: UInt64 = 1, declaredSize: UInt64?, normalizer: String?
        var byteTokens = 0, unused = 0, badUTF8 = 0, firstBad: String?
        var broken: TokenizerExtractorError?
        do {
            try fields.forEach(in: 0..<bytes.count) { field in
                switch (field.number, field.payload) {
                case (1, .bytes(let range)):
                    guard facts.tokens < maxTokens else { throw TokenizerExtractorError.tooManyTokens(limit: maxTokens) }
                    if facts.tokens % 65_536 == 0 { try limits.checkDeadline() }
                    let piece = try Self.piece(range, in: fields)
                    let text = String(decoding: bytes[piece.text], as: UTF8.self)
                    if String(validating: bytes[piece.text], as: UTF8.self) == nil {
                        badUTF8 += 1
                        firstBad = firstBad ?? "id \(facts.tokens), at byte \(field.offset)"
                    }
                    switch PieceType(rawValue: piece.type) {
                    case .control?, .userDefined?, .unknown?: facts.addSpecial(text)
                    case .byte?: byteTokens += 1
                    case .unused?: unused += 1
                    case .normal?, nil: break
                    }
                    facts.add(token: text, id: Int64(facts.tokens))
                case (2, .bytes(let range)):
                    try fields.forEach(in: range) { spec in
                        if spec.number == 3, case .varint(let type) = spec.payload { modelType = type }
                        if spec.number == 4, case .varint(let size) = spec.payload { declaredSize = size }
                    }
                case (3, .bytes(let range)):
                    try fields.forEach(in: range) { spec in
                        if spec.number == 1, case .bytes(let name) = spec.payload {
                            normalizer = String(decoding: bytes[name.prefix(256)], as: UTF8.self)
                        }
                    }
                default:
                    break
                }
            }
        } catch let problem as TokenizerExtractorError {
            broken = problem
        }
        if case .malformed(let offset, _)? = broken {
            sink.warn("\(broken!.errorDescription!); the \(facts.tokens) piece(s) before it are reported",
                      at: Locator(byteOffset: Int64(offset)), attributes: ["problem": .string(broken!.problem)])
        } else if let broken {
            sink.limitation(broken.errorDescription!, limit: "max_tokens")
        }
        if badUTF8 > 0 {
            let problem = TokenizerExtractorError.invalidUTF8(count: badUTF8, first: firstBad ?? "")
            sink.warn(problem.errorDescription!, attributes: ["problem": .string(problem.problem)])
        }
        guard facts.tokens > 0 else {
            if broken == nil { throw EvidenceError.notMyFormat("a protocol buffer without SentencePiece pieces") }
            return
        }
        let type = Self.modelTypes[modelType] ?? "type \(modelType)"
        var attributes = facts.attributes()
        attributes["model_type"] = .string(type)
        attributes["source"] = "sentencepiece_model"
        attributes["byte_tokens"] = .integer(Int64(byteTokens))
        if unused > 0 { attributes["unused_tokens"] = .integer(Int64(unused)) }
        if let declaredSize { attributes["trainer_vocab_size"] = .integer(Int64(declaredSize)) }
        if let normalizer { attributes["normalizer"] = .string(normalizer) }
        sink.emit(Finding("ml.tokenizer_vocabulary",
                          summary: "SentencePiece \(type) vocabulary of \(facts.tokens) pieces (\(byteTokens) byte pieces)",
                          attributes: attributes, at: Locator(byteOffset: 0, byteLength: Int64(bytes.count))))
    }

    /// A piece's text bytes and type (NORMAL when absent).
    private static func piece(_ range: Range<Int>, in fields: ProtobufFields) throws -> (text: Range<Int>, type: UInt64) {
        var text = range.lowerBound..<range.lowerBound, type: UInt64 = 1
        try fields.forEach(in: range) { field in
            if field.number == 1, case .bytes(let bytes) = field.payload { text = bytes }
            if field.number == 3, case .varint(let value) = field.payload { type = value }
        }
        return (text, type)
    }

    /// Whether `head` starts as a SentencePiece model: its first field a piece (field 1, bytes)
    /// whose own first field is the piece's text.
    static func looksLikeModel(_ head: [UInt8]) -> Bool {
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
