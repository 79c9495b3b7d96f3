import ExhibitTestSupport
import Foundation
import Testing

/// Issue 20 through the binary: a sentence-transformer's `tokenizer.json` (30,522 tokens, the
/// words `beta`, `gamma`, `lam`, `seed`, `precision` among them) is a vocabulary — one summary,
/// no recipe — in a few findings and little memory (it was 30,603 entries, a PPO recipe, and
/// 137 MB on one model wheel).
@Suite struct VocabularyFileTests {
    @Test func aTokenizerIsSummarizedInLittleMemory() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("tokenizer.json")
        try Data(TokenizerJSON.make(size: 30_522, merges: 10_000).utf8).write(to: URL(fileURLWithPath: path))
        let result = try Command.exhibitMeasuringMemory(["extract", path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let output = try #require(try decodeJSON(result.stdout) as? [String: Any])
        let findings = try #require(output["findings"] as? [[String: Any]])
        let kinds = findings.compactMap { $0["kind"] as? String }
        #expect(!kinds.contains("rl.technique") && !kinds.contains("training.hyperparameter"), "\(kinds)")
        #expect(kinds.filter { $0 == "config.map" }.count == 2 && kinds.contains("ml.tokenizer_vocabulary"))
        #expect(findings.count < 100, "\(findings.count) findings")
        #expect(result.maxResidentBytes < 100 << 20, "peak RSS \(result.maxResidentBytes) bytes")
    }
}
