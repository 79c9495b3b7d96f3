import Crypto
import EvidenceKit
import Foundation

/// A `tokenizer.json` vocabulary, summarized while the scanner streams its leaves, so that files
/// of tens of MB never need their millions of entries in a tree: `ml.tokenizer_vocabulary` with
/// the model type, vocabulary size, merge count, and SHA-256 of the vocabulary (`token<TAB>id`
/// lines in file order) and of the merges (one per line, pairs joined by a space).
final class VocabularyDigest {
    private var type: Value?
    private var vocabulary = SHA256()
    private var merges = SHA256()
    private var tokens = 0
    private var mergeCount = 0
    private var pendingPair: String?

    func observe(pointer: String, value: Value) {
        if pointer == "/model/type" {
            type = value
        } else if pointer.hasPrefix("/model/vocab/") {
            var token = String(pointer.dropFirst("/model/vocab/".count))
            if token.utf8.contains(UInt8(ascii: "~")) {
                token = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }
            vocabulary.update(data: Data("\(token)\t\(value)\n".utf8))
            tokens += 1
        } else if pointer.hasPrefix("/model/merges/") {
            let rest = pointer.dropFirst("/model/merges/".count)
            if rest.contains("/") {
                // Newer tokenizers store each merge as a pair.
                if let first = pendingPair {
                    merges.update(data: Data("\(first) \(value)\n".utf8))
                    mergeCount += 1
                    pendingPair = nil
                } else {
                    pendingPair = value.description
                }
            } else {
                merges.update(data: Data("\(value)\n".utf8))
                mergeCount += 1
            }
        }
    }

    func emit(into sink: any FindingSink) {
        guard let type, tokens > 0 else { return }
        var attributes: [String: Value] = ["model_type": type, "vocab_size": .integer(Int64(tokens)),
                                           "vocab_sha256": .string(Fingerprint.hex(vocabulary.finalize()))]
        if mergeCount > 0 {
            attributes["merges"] = .integer(Int64(mergeCount))
            attributes["merges_sha256"] = .string(Fingerprint.hex(merges.finalize()))
        }
        sink.emit(Finding("ml.tokenizer_vocabulary", summary: "\(type) vocabulary of \(tokens) tokens, \(mergeCount) merges",
                          attributes: attributes, at: Locator(jsonPointer: "/model")))
    }

}
