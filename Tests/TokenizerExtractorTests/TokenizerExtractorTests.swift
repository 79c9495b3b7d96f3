import EvidenceFormats
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ConfigExtractor
@testable import TokenizerExtractor

/// What an extractor finds in `data` named `name`, handed over as the host does.
private func findings(_ extractor: some Extractor, _ name: String, _ data: Data,
                      limits: ExtractionLimits = .init()) throws -> [Finding] {
    let sink = CollectingSink()
    try extractor.extract(Artifact(name: name, head: data.prefix(65_536), content: DataByteSource(data), limits: limits), into: sink)
    return sink.findings
}

private func sample(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: Repository.samples.appendingPathComponent(path).path))
}

private func vocabulary(_ found: [Finding]) throws -> [String: Value] {
    try #require(found.first { $0.kind.rawValue == "ml.tokenizer_vocabulary" }).attributes
}

@Suite struct TokenizerExtractorTests {
    @Test func examplesHold() {
        for failure in ExampleVerifier.verify(TokenizerExtractor.self, samples: Repository.formats) {
            Issue.record(Comment(rawValue: failure.description))
        }
    }

    /// The same vocabulary in a SentencePiece model and in a tokenizer.json: the same digest, the
    /// same special tokens and the same sketches, whichever extractor read it.
    @Test func aSentencePieceModelStatesWhatItsTokenizerJSONStates() throws {
        let model = try vocabulary(try findings(TokenizerExtractor(), "borealis-spiece.model",
                                                try sample("formats/tokenizer/borealis-spiece.model")))
        let json = try vocabulary(try findings(ConfigExtractor(), "tokenizer.json",
                                               try sample("case/respondent/borealis-tokenizer/tokenizer.json")))
        for key in ["vocab_size", "vocab_sha256", "special_tokens", "token_sketch", "id_sketch", "spelling"] {
            #expect(model[key] != nil && model[key] == json[key], "\(key)")
        }
        #expect(model["special_tokens"] == .list(["<s>", "</s>", "<|aurora_user|>", "<|aurora_assistant|>"]))
    }

    /// tiktoken's raw bytes normalize as the byte-level BPE they came from: the claimant's tokens,
    /// without its three special tokens (which a tiktoken file does not hold, shifting every id).
    @Test func tiktokenRanksMeetTheByteLevelVocabularyTheyCameFrom() throws {
        let ranks = try vocabulary(try findings(TokenizerExtractor(), "aurora.tiktoken", try sample("formats/tokenizer/aurora.tiktoken")))
        let json = try vocabulary(try findings(ConfigExtractor(), "tokenizer.json",
                                               try sample("case/claimant/aurora-tokenizer/tokenizer.json")))
        func sketch(_ attributes: [String: Value], _ key: String) throws -> BottomKSketch {
            guard case .list(let items)? = attributes[key] else { throw CocoaError(.coderValueNotFound) }
            return try #require(BottomKSketch(k: VocabularySketch.k, text: items.map { if case .string(let text) = $0 { text } else { "" } }))
        }
        let shared = try sketch(ranks, "token_sketch").jaccard(try sketch(json, "token_sketch"))
        #expect(shared > 0.95)   // 293 of 296 tokens
        #expect(try sketch(ranks, "id_sketch").jaccard(try sketch(json, "id_sketch")) < 0.05)
    }

    /// A WordPiece vocab.txt: ids are line numbers from 0, as BERT's loader numbers them.
    @Test func aVocabTxtNumbersItsTokensByLine() throws {
        let text = "[PAD]\n[UNK]\nthe\n##ing\n"
        let found = try vocabulary(try findings(TokenizerExtractor(), "vocab.txt", Data(text.utf8)))
        var expected = VocabularyFacts(spelling: .wordPiece)
        for (id, token) in ["[PAD]", "[UNK]", "the", "##ing"].enumerated() { expected.add(token: token, id: Int64(id)) }
        let attributes = expected.attributes()
        #expect(found["vocab_sha256"] == attributes["vocab_sha256"] && found["id_sketch"] == attributes["id_sketch"])
        #expect(found["special_tokens"] == .list(["[PAD]", "[UNK]"]))
    }

    /// Cut at every length, a model never crashes the reader: it reports the pieces before the
    /// cut (never more as the cut moves earlier) and warns at the byte where it broke — unless the
    /// cut falls between two fields, which leaves a shorter model that is whole.
    @Test func aModelCutAnywhereReportsWhatCameBeforeTheCut() throws {
        let model = try sample("formats/tokenizer/borealis-spiece.model")
        var last = Int.max
        for length in stride(from: model.count - 1, to: 5, by: -37) {
            let found = try findings(TokenizerExtractor(), "tokenizer.model", model.prefix(length))
            let size: Int
            if case .integer(let count)? = found.first(where: { $0.kind.rawValue == "ml.tokenizer_vocabulary" })?.attributes["vocab_size"] {
                size = Int(count)
            } else {
                size = 0
            }
            #expect(size <= last)
            last = size
            let warned = found.contains { $0.kind == .extractionWarning && $0.attributes["problem"] == "malformed" }
            #expect(warned || size > 0)
            if warned, let byte = found.first(where: { $0.kind == .extractionWarning })?.locator.byteOffset {
                #expect(byte <= Int64(length))
            }
        }
    }

    /// Hostile models: lengths that lie, a varint that never ends, nesting that is not a piece,
    /// and a file larger than the memory budget.
    @Test func hostileModelsAreWarningsAndLimitations() throws {
        let piece: [UInt8] = [0x0A, 0x05, 0x0A, 0x03, 0x61, 0x62, 0x63]
        let neverEnding = Data(piece + [0x0A] + Array(repeating: 0xFF, count: 64))
        let found = try findings(TokenizerExtractor(), "tokenizer.model", neverEnding)
        #expect(try vocabulary(found)["vocab_size"] == 1)
        #expect(found.contains { $0.kind == .extractionWarning && $0.summary.contains("varint") })
        let wrongWire = Data(piece + [0x0B, 0x00])   // field 1, wire type 3 (a group start: not read)
        #expect(try findings(TokenizerExtractor(), "tokenizer.model", wrongWire).contains { $0.summary.contains("wire type 3") })
        var limits = ExtractionLimits()
        limits.maxInMemoryBytes = 1024
        let large = try findings(TokenizerExtractor(), "tokenizer.model", Data(Array(repeating: piece, count: 400).joined()), limits: limits)
        #expect(large.contains { $0.kind == .limitation && $0.attributes["limit"] == "max_in_memory_bytes" })
        #expect(!large.contains { $0.kind.rawValue == "ml.tokenizer_vocabulary" })
    }
}
