import CaseStore
import EvidenceKit
import ExhibitFoundation
import ExhibitTestSupport
import Foundation
import Testing
@testable import CaseAnalyses

/// Weights against the configuration beside them: the nearest configuration up the folders of one
/// exhibit, field by field on MLVocabulary's canonical values, one analysis per pair.
@Suite struct WeightsConfigAgreementTests {
    private let info = CaseInfo(caseID: "c0ffee00-0000-4000-8000-000000000004", title: "t", examiner: "e",
                                organization: "", created: "2026-01-01T00:00:00Z")

    private func batch(_ name: String, exhibit: String = "", party: String = "claimant",
                       findings: [SyntheticOriginal.Finding]) -> OriginalBatch {
        SyntheticOriginal(name: name, exhibit: exhibit, party: party, findings: findings).batch
    }

    private func run(_ batches: [OriginalBatch]) throws -> [(AnalysisRecord, [AnalysisInputRecord])] {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("w.exhibit"), info: info)
        for batch in batches { try file.write(batch) }
        var all: [(AnalysisRecord, [AnalysisInputRecord])] = []
        try file.read { view in try WeightsConfigAgreement().run(view, time: "2026-01-01T00:00:00Z") { all.append(($0, $1)) } }
        return all
    }

    private let release = EvidencePath(original: "release.tar.gz")

    private func weights(_ fields: [String: Value]) -> [String: Value] {
        ["format": "safetensors", "architecture": .object(fields.merging(["source": "tensor_names_and_shapes"]) { a, _ in a })]
    }

    @Test func aConfigurationInAnEnclosingFolderIsComparedFieldByField() throws {
        let all = try run([batch("release.tar.gz", findings: [
            (release.appending("release/config.json"), "ml.architecture", "config",
             ["num_hidden_layers": 32, "hidden_size": "4096", "vocab_size": 32000, "rope_theta": 10000.0]),
            (release.appending("release/weights.zip").appending("model.safetensors"), "weights.summary", "weights",
             weights(["num_hidden_layers": 24, "hidden_size": 4096, "vocab_size": 32000])),
        ])])
        let (analysis, inputs) = try #require(all.first)
        #expect(all.count == 1)
        #expect(analysis.method == "weights.config_agreement" && analysis.score == 1 && analysis.statistic == "fields_disagreeing")
        #expect(inputs.map(\.role) == ["left", "right"] && inputs.map(\.nodeID) == ["release.tar.gz-f1", "release.tar.gz-f0"])
        let result = try JSONDecoder().decode([String: Value].self, from: Data(analysis.result.utf8))
        #expect(result["relation"] == "enclosing_folder")
        #expect(result["agree"] == .object(["hidden_size": 4096, "vocab_size": 32000]), "\"4096\" and 4096 are one value")
        #expect(result["disagree"] == .list([.object(["field": "num_hidden_layers", "configuration": 32, "tensors": 24])]))
        #expect(analysis.interpretation.contains("num_hidden_layers: configuration 32, tensors 24"))
        #expect(!analysis.limits.isEmpty && analysis.pValue == nil)
    }

    @Test func agreementIsSaidAndFieldsTheTensorsCannotShowAreListed() throws {
        let all = try run([batch("model.safetensors", findings: [
            (EvidencePath(original: "model.safetensors"), "weights.summary", "weights", weights(["num_hidden_layers": 4])),
            (EvidencePath(original: "model.safetensors"), "ml.architecture", "weights", ["num_hidden_layers": 8]),
        ]), batch("drop.zip", findings: [
            (EvidencePath(original: "drop.zip").appending("config.json"), "ml.architecture", "config",
             ["num_hidden_layers": 4, "num_attention_heads": 8]),
            (EvidencePath(original: "drop.zip").appending("model.safetensors"), "weights.summary", "weights",
             weights(["num_hidden_layers": 4])),
        ])])
        #expect(all.count == 1, "a weight file's own metadata is the extractor's check; another exhibit's configuration is not beside it")
        let result = try JSONDecoder().decode([String: Value].self, from: Data(all[0].0.result.utf8))
        #expect(all[0].0.score == 0 && result["relation"] == "same_folder")
        #expect(result["not_shown_by_tensors"] == .list(["num_attention_heads"]))
    }

    @Test func onlyTheNearestConfigurationCountsAndSiblingFoldersNever() throws {
        let drop = EvidencePath(original: "drop.tar")
        let all = try run([batch("drop.tar", findings: [
            (drop.appending("config.json"), "ml.architecture", "config", ["num_hidden_layers": 2]),
            (drop.appending("a/config.json"), "ml.architecture", "config", ["num_hidden_layers": 4]),
            (drop.appending("b/config.json"), "ml.architecture", "config", ["num_hidden_layers": 6]),
            (drop.appending("a/sub/model.safetensors"), "weights.summary", "weights", weights(["num_hidden_layers": 4])),
        ])])
        #expect(all.count == 1 && all[0].1[1].nodeID == "drop.tar-f1" && all[0].0.score == 0)
    }

    @Test func filesAcquiredFromOneFolderMeetWithinTheirPartyOnly() throws {
        let config = EvidencePath(original: "release/config.json")
        let model = EvidencePath(original: "release/model.safetensors")
        let all = try run([
            batch("release/config.json", exhibit: "1", findings: [(config, "ml.architecture", "config", ["num_hidden_layers": 4])]),
            batch("release/model.safetensors", exhibit: "2",
                  findings: [(model, "weights.summary", "weights", weights(["num_hidden_layers": 4]))]),
            batch("other/config.json", exhibit: "3", party: "respondent",
                  findings: [(EvidencePath(original: "release/config.json"), "ml.architecture", "config", ["num_hidden_layers": 9])]),
        ])
        #expect(all.count == 1 && all[0].1[1].nodeID == "release/config.json-f0" && all[0].0.score == 0)
    }

    @Test func theFoldersAboveAPathCrossOutOfContainers() {
        let path = EvidencePath(original: "r.tar.gz").appending("release/w.zip").appending("x/model.safetensors")
        #expect(WeightsConfigAgreement.enclosingFolders(of: path) == [
            ["r.tar.gz", "release/w.zip", "x"], ["r.tar.gz", "release/w.zip", ""], ["r.tar.gz", "release"], ["r.tar.gz", ""], [""],
        ])
        #expect(WeightsConfigAgreement.folder(of: EvidencePath(original: "r.tar.gz").appending("release/config.json"))
                    == ["r.tar.gz", "release"])
    }
}
