import EvidenceFormats
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing

@Suite struct MLVocabularyTests {
    @Test func spellingsMeetOnOneName() {
        #expect(MLVocabulary.hyperparameterName(forKeyPath: ["lr"]) == "learning_rate")
        #expect(MLVocabulary.hyperparameterName(forKeyPath: ["optimizer", "params", "lr"]) == "learning_rate")
        #expect(MLVocabulary.hyperparameterName(forKeyPath: ["train_micro_batch_size_per_gpu"]) == "per_device_train_batch_size")
        #expect(MLVocabulary.hyperparameterName(forKeyPath: ["colour"]) == nil)
        #expect(MLVocabulary.canonical(.string("3e-4")) == MLVocabulary.canonical(.float(0.0003)))
        #expect(MLVocabulary.canonical(.float(32.0)) == .integer(32))
    }

    @Test func theFingerprintIgnoresPackagingAndSpelling() {
        let a = MLVocabulary.architectureFingerprint(["hidden_size": 4096, "num_hidden_layers": 32, "torch_dtype": "bfloat16"])
        let b = MLVocabulary.architectureFingerprint(["hidden_size": 4096.0, "num_hidden_layers": "32", "architectures": ["X"]])
        #expect(a.sha256 == b.sha256 && a.fields == ["hidden_size", "num_hidden_layers"])
        #expect(a.sha256.count == 64)
    }

    /// docs/config-extractor.md shows the architecture table; it is rendered from the vocabulary.
    /// With EXHIBIT_UPDATE_DOCS=1 the test writes the table into the page instead.
    @Test func theDocumentedMappingIsTheVocabulary() throws {
        let rendered = "| normalized | aliases |\n|---|---|\n" + MLVocabulary.architectureFields.map { field, keys in
            "| `\(field)` | " + keys.map { "`\($0)`" }.joined(separator: ", ") + " |\n"
        }.joined()
        #expect(try DocumentedTable.drift(rendered, page: "docs/config-extractor.md", marker: "architecture-fields") == nil)
    }
}
