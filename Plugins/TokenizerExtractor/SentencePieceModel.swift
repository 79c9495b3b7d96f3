import EvidenceFormats
import EvidenceKit

/// A SentencePiece model (`tokenizer.model`, `spiece.model`), read whole within the budget and
/// walked by ``SentencePieceProto``: its pieces in id order become the vocabulary; control,
/// user-defined and unknown pieces are its special tokens; byte pieces (`<0x0A>`) are counted.
struct SentencePieceModel {
    let limits: ExtractionLimits
    let maxTokens: Int

    /// Reads the model in `artifact` and reports its vocabulary; a model cut short or broken
    /// reports the pieces read before the break, with a warning at its byte.
    func read(_ artifact: Artifact, into sink: any FindingSink) throws {
        let bytes: [UInt8]
        do {
            bytes = Array(try artifact.content.readAll(limit: limits.maxInMemoryBytes))
        } catch EvidenceError.limitReached {
            sink.limitation(TokenizerExtractorError.tooLarge(limit: limits.maxInMemoryBytes).errorDescription!, limit: "max_in_memory_bytes")
            return
        }
        var facts = VocabularyFacts(spelling: .sentencePiece)
        var byteTokens = 0, unused = 0, badUTF8 = 0, firstBad: String?
        var specs: SentencePieceProto.Specs?
        var broken: TokenizerExtractorError?
        do {
            specs = try SentencePieceProto.read(bytes) { piece in
                guard facts.tokens < maxTokens else { throw TokenizerExtractorError.tooManyTokens(limit: maxTokens) }
                if facts.tokens % 65_536 == 0 { try limits.checkDeadline() }
                if !piece.isValidUTF8 {
                    badUTF8 += 1
                    firstBad = firstBad ?? "id \(piece.id), at byte \(piece.offset)"
                }
                switch piece.type {
                case .control?, .userDefined?, .unknown?: facts.addSpecial(piece.text)
                case .byte?: byteTokens += 1
                case .unused?: unused += 1
                case .normal?, nil: break
                }
                facts.add(token: piece.text, id: Int64(piece.id))
            }
        } catch let problem as ProtobufFields.Malformed {
            broken = .malformed(offset: problem.offset, reason: problem.reason)
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
        // The specs follow the pieces: a model broken among its pieces has none.
        let type = specs?.modelType ?? "Unigram"
        var attributes = facts.attributes()
        attributes["model_type"] = .string(type)
        attributes["source"] = "sentencepiece_model"
        attributes["byte_tokens"] = .integer(Int64(byteTokens))
        if unused > 0 { attributes["unused_tokens"] = .integer(Int64(unused)) }
        if let size = specs?.vocabularySize { attributes["trainer_vocab_size"] = .integer(size) }
        if let normalizer = specs?.normalizer { attributes["normalizer"] = .string(normalizer) }
        sink.emit(Finding("ml.tokenizer_vocabulary",
                          summary: "SentencePiece \(type) vocabulary of \(facts.tokens) pieces (\(byteTokens) byte pieces)",
                          attributes: attributes, at: Locator(byteOffset: 0, byteLength: Int64(bytes.count))))
    }
}
