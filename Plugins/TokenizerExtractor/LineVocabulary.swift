import EvidenceFormats
import EvidenceKit
import Foundation

/// A vocabulary written one token a line, streamed in flat memory: a WordPiece `vocab.txt`
/// (BERT's: the token is the line, its id the line's number from 0) or a tiktoken file (each
/// line a base64 token and its rank, the id; the token's raw bytes drawn as byte-level BPE draws
/// them, so they normalize to the same bytes as a GPT-2-style vocabulary's).
struct LineVocabulary {
    enum Form {
        case wordPiece, tiktoken
    }

    let form: Form
    let limits: ExtractionLimits
    let maxTokens: Int

    func read(_ artifact: Artifact, into sink: any FindingSink) throws {
        var facts = VocabularyFacts(spelling: form == .wordPiece ? .wordPiece : .byteLevel)
        var badLines = 0, firstBad = 0, badUTF8 = 0, firstBadUTF8 = 0, cutLines = 0, firstCut = 0, cut = false
        let reader = LineReader(artifact.content, maxLineLength: limits.maxLineLength)
        try reader.forEachLine { line in
            if line.number % 65_536 == 0 { try limits.checkDeadline() }
            guard facts.tokens < maxTokens else {
                cut = true
                return
            }
            if line.isCut {
                cutLines += 1
                if firstCut == 0 { firstCut = line.number }
            }
            switch form {
            case .wordPiece:
                guard let text = String(validating: line.bytes, as: UTF8.self) else {
                    badUTF8 += 1
                    if firstBadUTF8 == 0 { firstBadUTF8 = line.number }
                    facts.add(token: String(decoding: line.bytes, as: UTF8.self), id: Int64(line.number - 1))
                    return
                }
                // BERT's own special tokens are written in brackets: [PAD], [UNK], [CLS], [SEP], [MASK].
                if Self.isBracketed(text) { facts.addSpecial(text) }
                facts.add(token: text, id: Int64(line.number - 1))
            case .tiktoken:
                guard !line.bytes.isEmpty else { return }
                guard let entry = VocabularyReader.tiktokenEntry(line.bytes) else {
                    badLines += 1
                    if firstBad == 0 { firstBad = line.number }
                    return
                }
                facts.add(token: entry.token, id: entry.id)
            }
        }
        if badLines > 0 {
            let problem = TokenizerExtractorError.badRankLines(count: badLines, firstLine: firstBad)
            sink.warn(problem.errorDescription!, at: Locator(line: firstBad), attributes: ["problem": .string(problem.problem)])
        }
        if badUTF8 > 0 {
            let problem = TokenizerExtractorError.invalidUTF8(count: badUTF8, first: "line \(firstBadUTF8)")
            sink.warn(problem.errorDescription!, at: Locator(line: firstBadUTF8), attributes: ["problem": .string(problem.problem)])
        }
        if cutLines > 0 {
            sink.limitation("\(cutLines) line(s) longer than \(limits.maxLineLength) bytes (the first: line \(firstCut)) "
                            + "were read cut at that length: their tokens, and the vocabulary's digest, are of the cut lines",
                            limit: "max_line_length", at: Locator(line: firstCut))
        }
        if cut { sink.limitation(TokenizerExtractorError.tooManyTokens(limit: maxTokens).errorDescription!, limit: "max_tokens") }
        guard facts.tokens > 0 else { return }
        var attributes = facts.attributes()
        attributes["model_type"] = form == .wordPiece ? "WordPiece" : "BPE"
        attributes["source"] = form == .wordPiece ? "vocab_txt" : "tiktoken"
        sink.emit(Finding("ml.tokenizer_vocabulary",
                          summary: form == .wordPiece ? "WordPiece vocabulary of \(facts.tokens) tokens (vocab.txt)"
                              : "tiktoken BPE vocabulary of \(facts.tokens) ranked tokens",
                          attributes: attributes, at: Locator(byteOffset: 0, byteLength: reader.bytesRead)))
    }

    /// `[CLS]`, `[MASK]`: upper-case letters and underscores in brackets (not BERT's `[unused12]`).
    static func isBracketed(_ token: String) -> Bool {
        let inner = token.utf8.dropFirst().dropLast()
        return token.utf8.first == UInt8(ascii: "[") && token.utf8.last == UInt8(ascii: "]") && !inner.isEmpty
            && inner.allSatisfy { (0x41...0x5A).contains($0) || $0 == UInt8(ascii: "_") }
    }
}
