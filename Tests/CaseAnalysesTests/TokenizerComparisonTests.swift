import CaseStore
import EvidenceFormats
import EvidenceKit
import ExhibitFoundation
import ExhibitTestSupport
import Foundation
import Testing
@testable import CaseAnalyses

/// `compare.tokenizer` on generated vocabularies with known answers: the same vocabulary in
/// another spelling, the same tokens re-ordered, unrelated vocabularies, special tokens and chat
/// templates compared as written.
@Suite struct TokenizerComparisonTests {
    private let info = CaseInfo(caseID: "c0ffee00-0000-4000-8000-000000000020", title: "t", examiner: "e",
                                organization: "", created: "2026-01-01T00:00:00Z")

    private func entry(_ method: String) -> CustodyRecord {
        CustodyRecord(time: "2026-01-02T00:00:00Z", action: Comparison.action, examiner: "e", host: "h", tool: "exhibit",
                      toolVersion: "0.1.0", command: "exhibit compare", exhibit: nil, details: "{}")
    }

    /// A vocabulary finding: `words` spelled by `prefix` (`Ġ` or `▁`), ids in `order`, with `special` tokens.
    private func vocabulary(_ name: String, party: String, words: [String], prefix: String, order: [Int]? = nil,
                            special: [String] = [], template: String? = nil) -> SyntheticOriginal {
        var sketch = VocabularySketch(spelling: nil)
        let ids = order ?? Array(words.indices)
        for (index, word) in words.enumerated() { sketch.add(token: prefix + word, id: Int64(ids[index])) }
        sketch.finish()
        var attributes = sketch.attributes
        attributes["model_type"] = "BPE"
        attributes["vocab_size"] = .integer(Int64(words.count))
        attributes["vocab_sha256"] = .string("\(prefix)\(words.count)\(ids.first ?? 0)")
        attributes["special_tokens"] = .list(special.map(Value.string))
        var findings: [SyntheticOriginal.Finding] = [(EvidencePath(original: name), "ml.tokenizer_vocabulary", "config", attributes)]
        if let template { findings.append((EvidencePath(original: name), "ml.tokenizer", "config", ["chat_template_sha256": .string(template)])) }
        return SyntheticOriginal(name: name, party: party, findings: findings)
    }

    private func outcome(_ originals: [SyntheticOriginal]) throws -> (AnalysisRecord, [String: Value]) {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("c.exhibit"), info: info)
        for original in originals { try file.write(original.batch) }
        let written = try Comparison.run(file, left: "claimant", right: "respondent",
                                         methods: try Comparison.methods(named: ["compare.tokenizer"]), entry: entry)
        let analysis = try #require(written.first?.0)
        return (analysis, try JSONDecoder().decode([String: Value].self, from: Data(analysis.result.utf8)))
    }

    private let words = (0..<3000).map { "word\($0)" }

    /// A number from a result read back from JSON (a whole double is written as an integer).
    private func number(_ value: Value?) -> Double? {
        switch value {
        case .integer(let number)?: return Double(number)
        case .float(let number)?: return number
        default: return nil
        }
    }

    @Test func theSameVocabularyInAnotherSpellingIsTheSame() throws {
        let (analysis, result) = try outcome([
            vocabulary("a.json", party: "claimant", words: words, prefix: "\u{120}", special: ["<|endoftext|>", "<|user|>"], template: "abc"),
            vocabulary("b.json", party: "respondent", words: words, prefix: "\u{2581}", special: ["<s>", "<|user|>"], template: "abc"),
        ])
        #expect(analysis.score == 1 && analysis.pValue == nil)
        #expect(number(result["id_agreement"]) == 1 && result["identical_vocabulary"] == .bool(false))
        guard case .object(let special)? = result["special_tokens"], case .object(let templates)? = result["chat_templates"] else {
            Issue.record("\(result)")
            return
        }
        #expect(special["shared"] == .list(["<|user|>"]) && special["left_only"] == .list(["<|endoftext|>"]))
        #expect(templates["identical"] == .bool(true) && analysis.interpretation.contains("same chat template"))
    }

    @Test func reorderedIdsAreExposed() throws {
        let (analysis, result) = try outcome([
            vocabulary("a.json", party: "claimant", words: words, prefix: "\u{120}"),
            vocabulary("b.json", party: "respondent", words: words, prefix: "\u{120}", order: Array(words.indices.reversed())),
        ])
        #expect(analysis.score == 1)
        guard let ids = number(result["id_agreement"]) else { Issue.record("\(result)"); return }
        #expect(ids < 0.05 && analysis.interpretation.contains("re-ordered"))
    }

    /// Two vocabularies sharing a third of their tokens: the estimate within four standard errors.
    @Test func overlapIsEstimatedWithinItsError() throws {
        let other = Array(words[2000...]) + (0..<2000).map { "other\($0)" }
        let (analysis, result) = try outcome([
            vocabulary("a.json", party: "claimant", words: words, prefix: "\u{120}"),
            vocabulary("b.json", party: "respondent", words: other, prefix: "\u{120}"),
        ])
        // 1,000 shared of 5,000 distinct: J = 0.2.
        #expect(abs((analysis.score ?? 0) - 0.2) < 4 * 0.025, "\(analysis.score ?? -1)")
        guard case .integer(let shared)? = result["estimated_shared_tokens"] else { return }
        #expect(abs(shared - 1000) < 500)
    }

    /// The panel as shipped: every sketch whole, and the relations public tokenizers are known to
    /// have — RoBERTa holds GPT-2's tokens, Phi-3 Llama 2's, and Llama 3 cl100k_base's 100,256 of
    /// its own 128,000 (J = 0.783).
    @Test func thePanelHoldsWhatIsKnownOfPublicTokenizers() throws {
        #expect(PublicTokenizers.tokenizers.count >= 20)
        func sketch(_ name: String) throws -> BottomKSketch {
            let entry = try #require(PublicTokenizers.tokenizers.first { $0.name.contains(name) }, "\(name)")
            return try #require(BottomKSketch(k: VocabularySketch.k, text: entry.tokenSketch))
        }
        for entry in PublicTokenizers.tokenizers {
            #expect(BottomKSketch(k: VocabularySketch.k, text: entry.tokenSketch)?.hashes.count == VocabularySketch.k, "\(entry.name)")
        }
        #expect(try sketch("GPT-2").jaccard(try sketch("RoBERTa")) == 1)
        #expect(try sketch("Llama-2").jaccard(try sketch("Phi-3")) == 1)
        #expect(abs(try sketch("cl100k").jaccard(try sketch("Llama 3 ")) - 100_256.0 / 128_000) < 4 * 0.026)
        #expect(try sketch("GPT-2").jaccard(try sketch("BERT base uncased")) < 0.5)
    }

    /// Two sides with GPT-2's vocabulary: identical, and public — the interpretation says so.
    @Test func aSharedPublicVocabularyIsNamedAsPublic() throws {
        let gpt2 = try #require(PublicTokenizers.tokenizers.first { $0.name.contains("GPT-2") })
        func side(_ name: String, _ party: String) -> SyntheticOriginal {
            SyntheticOriginal(name: name, party: party, findings: [(EvidencePath(original: name), "ml.tokenizer_vocabulary", "config", [
                "model_type": "BPE", "vocab_size": 50257, "vocab_sha256": "same", "sketch_recipe": .string(VocabularySketch.recipe),
                "token_sketch": .list(gpt2.tokenSketch.map(Value.string)),
            ])])
        }
        let (analysis, result) = try outcome([side("a.json", "claimant"), side("b.json", "respondent")])
        #expect(analysis.score == 1 && result["identical_vocabulary"] == .bool(true))
        #expect(analysis.interpretation.contains("public tokenizer") && analysis.interpretation.contains("GPT-2"))
        guard case .object(let null)? = result["null"], case .list(let matching)? = null["public_tokenizers_matching_both"] else {
            Issue.record("\(result)")
            return
        }
        // GPT-2, RoBERTa and r50k/p50k share these tokens.
        #expect(matching.count >= 3)
    }
}
