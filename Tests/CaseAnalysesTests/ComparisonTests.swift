import CaseStore
import EvidenceKit
import ExhibitFoundation
import ExhibitTestSupport
import Foundation
import Testing
@testable import CaseAnalyses

/// `exhibit compare`'s methods on cases with known answers: sides resolved and refused, each
/// method's score, null and controls, and the writes that keep one set per method and sides.
@Suite struct ComparisonTests {
    private let info = CaseInfo(caseID: "c0ffee00-0000-4000-8000-000000000005", title: "t", examiner: "e",
                                organization: "", created: "2026-01-01T00:00:00Z")

    private func entry(_ method: String) -> CustodyRecord {
        CustodyRecord(time: "2026-01-02T00:00:00Z", action: Comparison.action, examiner: "e", host: "h", tool: "exhibit",
                      toolVersion: "0.1.0", command: "exhibit compare", exhibit: nil, details: "{}")
    }

    private func caseFile(_ originals: [SyntheticOriginal], in folder: TemporaryFolder, name: String = "c.exhibit") throws -> CaseFile {
        let file = try CaseFile.create(at: folder.path(name), info: info)
        for original in originals { try file.write(original.batch) }
        return file
    }

    private func compare(_ file: CaseFile, _ methods: [String], left: String = "claimant",
                         right: String = "respondent") throws -> [(AnalysisRecord, [AnalysisInputRecord])] {
        try Comparison.run(file, left: left, right: right, methods: try Comparison.methods(named: methods), entry: entry)
    }

    private func result(_ analysis: AnalysisRecord) throws -> [String: Value] {
        try JSONDecoder().decode([String: Value].self, from: Data(analysis.result.utf8))
    }

    private func architecture(_ fields: [String: Value]) -> SyntheticOriginal.Finding {
        (EvidencePath(original: "x"), "ml.architecture", "config", fields)
    }

    @Test func sidesArePartiesExhibitsOrArtifactsAndOverlapsAreRefused() throws {
        let folder = try TemporaryFolder()
        let file = try caseFile([
            SyntheticOriginal(name: "a.zip", members: [("m.txt", "11")]),
            SyntheticOriginal(name: "b.zip", party: "respondent"),
        ], in: folder)
        try file.read { view in
            let party = try ComparisonSide.resolve("claimant", in: view)
            #expect(party.kind == .party && party.exhibits == ["EX-0001"])
            #expect(try ComparisonSide.resolve("EX-0002", in: view).kind == .exhibit)
            let member = try ComparisonSide.resolve("a.zip/m.txt", in: view)
            #expect(member.kind == .artifact && member.holds(exhibit: "EX-0001", evidencePath: "a.zip ▸ m.txt"))
            #expect(!member.holds(exhibit: "EX-0001", evidencePath: "a.zip"))
            #expect(throws: CaseAnalysesError.unknownSide(name: "nobody", parties: ["claimant", "respondent"])) {
                try ComparisonSide.resolve("nobody", in: view)
            }
            #expect(throws: CaseAnalysesError.overlappingSides(left: "claimant", right: "a.zip/m.txt")) {
                try Comparison.sides("claimant", "a.zip/m.txt", in: view)
            }
            #expect(try Comparison.sides("claimant", "claimant", in: view).0.kind == .party, "a side with itself is a control")
        }
        #expect(throws: CaseAnalysesError.self) { try Comparison.methods(named: ["compare.nothing"]) }
    }

    @Test func identicalFilesAreFoundWithContainmentAndRenamedCopies() throws {
        let folder = try TemporaryFolder()
        let file = try caseFile([
            SyntheticOriginal(name: "drop.tar", members: [("src/train.py", "aa"), ("LICENSE", "bb"), ("own.py", "cc")]),
            SyntheticOriginal(name: "release.zip", party: "respondent", members: [("trainer.py", "aa"), ("LICENSE", "bb")]),
        ], in: folder)
        let (analysis, inputs) = try #require(try compare(file, ["compare.content"]).first)
        #expect(analysis.score == 2 && analysis.statistic == "shared_contents" && analysis.subject == "claimant ⇄ respondent")
        let found = try result(analysis)
        #expect(found["renamed_copies"] == 1 && found["left_contents"] == 4 && found["right_contents"] == 3)
        #expect(found["left_contained_in_right"] == .float(0.5))
        #expect(inputs.map(\.role) == ["left", "left", "right", "right"])
        guard case .list(let places)? = found["inputs"], case .object(let first)? = places.first else {
            Issue.record("inputs with their places")
            return
        }
        #expect(first["evidence_path"] == "drop.tar ▸ src/train.py" && first["sha256"] == "aa")
        #expect(analysis.interpretation.contains("1 under other names"))
    }

    @Test func architectureMatchesAreReadAgainstPublicModels() throws {
        let llama: [String: Value] = ["model_type": "llama", "num_hidden_layers": 32, "hidden_size": 4096,
                                      "intermediate_size": 11008, "vocab_size": 32000, "num_attention_heads": 32]
        let folder = try TemporaryFolder()
        let file = try caseFile([
            SyntheticOriginal(name: "a.json", findings: [architecture(llama)]),
            SyntheticOriginal(name: "b.json", party: "respondent", findings: [architecture(llama.merging(["hidden_size": "4096"]) { $1 })]),
            SyntheticOriginal(name: "c.json", party: "lab-c", findings: [architecture(["num_hidden_layers": 7, "hidden_size": 4096, "rope_theta": 123457])]),
            SyntheticOriginal(name: "d.json", party: "lab-d", findings: [architecture(["num_hidden_layers": 7, "hidden_size": 640, "rope_theta": 123457])]),
        ], in: folder)
        let public_ = try #require(try compare(file, ["compare.architecture"]).first?.0)
        #expect(public_.score == 1, "\"4096\" and 4096 are one value")
        guard case .object(let null)? = try result(public_)["null"], case .integer(let found)? = null["combination_found_in"] else {
            Issue.record("a reference-table null")
            return
        }
        #expect(found >= 1, "Llama 2 7B's configuration is public")
        #expect(public_.interpretation.contains("every matching value is also used by public models"))
        let rare = try #require(try compare(file, ["compare.architecture"], left: "lab-c", right: "lab-d").first?.0)
        #expect(abs((rare.score ?? 0) - 2.0 / 3.0) < 1e-12)
        #expect(rare.interpretation.contains("No model in the reference table") && rare.interpretation.contains("num_hidden_layers, rope_theta"))
    }

    @Test func recipeMatchesOnDefaultsCountForNothing() throws {
        func recipe(_ settings: [(String, Value)], technique: [String: Value]) -> [SyntheticOriginal.Finding] {
            settings.map { (EvidencePath(original: "r"), "training.hyperparameter", "config", ["name": .string($0.0), "value": $0.1]) }
                + [(EvidencePath(original: "r"), "rl.technique", "config", ["technique": "PPO", "keys": .object(technique)])]
        }
        let folder = try TemporaryFolder()
        let file = try caseFile([
            SyntheticOriginal(name: "a.yaml", findings: recipe([("learning_rate", 5e-5), ("seed", 1234), ("weight_decay", 0.1)],
                                                               technique: ["cliprange": 0.2, "init_kl_coef": 0.037])),
            SyntheticOriginal(name: "b.yaml", party: "respondent",
                              findings: recipe([("learning_rate", "5e-5"), ("seed", 1234), ("weight_decay", 0.01)],
                                               technique: ["cliprange": 0.2, "init_kl_coef": 0.037])),
        ], in: folder)
        let analysis = try #require(try compare(file, ["compare.recipe"]).first?.0)
        let found = try result(analysis)
        #expect(found["chosen_matches"] == .list(["seed", "rl.technique", "PPO.init_kl_coef"]))
        #expect(found["default_matches"] == .list(["learning_rate", "PPO.cliprange"]))
        #expect(found["differing"] == .list(["weight_decay"]))
        #expect(analysis.score == 3 && analysis.statistic == "non_default_matches")
    }

    @Test func identicalTensorsCountLearnedParametersOnly() throws {
        func tensor(_ name: String, _ sha: String, _ elements: Int64, std: Double = 0.02, learned: Bool = true) -> SyntheticOriginal.Finding {
            (EvidencePath(original: "m"), "weights.tensor", "weights",
             ["name": .string(name), "sha256": .string(sha), "elements": .integer(elements), "std": .float(std),
              "min": -0.1, "max": 0.1, "learned": .bool(learned)])
        }
        let summary: SyntheticOriginal.Finding = (EvidencePath(original: "m"), "weights.summary", "weights", ["format": "safetensors"])
        let folder = try TemporaryFolder()
        let file = try caseFile([
            SyntheticOriginal(name: "a.safetensors", findings: [
                summary, tensor("embed", "e1", 300), tensor("layer.0.w", "w0", 100), tensor("layer.1.w", "w1", 100),
                tensor("inv_freq", "f", 4, learned: false), tensor("norm", "ones", 10, std: 0),
            ]),
            SyntheticOriginal(name: "b.safetensors", party: "respondent", findings: [
                summary, tensor("tok_embeddings", "e1", 300), tensor("layer.0.w", "x0", 100), tensor("layer.1.w", "x1", 100),
                tensor("extra", "x2", 500), tensor("inv_freq", "f", 4, learned: false), tensor("norm", "ones", 10, std: 0),
            ]),
        ], in: folder)
        let analysis = try #require(try compare(file, ["compare.weights.identical_tensors"]).first?.0)
        #expect(analysis.score == 0.6, "300 of the left's 500 learned parameters")
        let found = try result(analysis)
        #expect(found["right_fraction_identical"] == .float(0.3))
        #expect(found["identical"] == .list([.object(["left": "embed", "right": "tok_embeddings", "sha256": "e1", "elements": 300])]))
        let controls = try JSONDecoder().decode([String: Value].self, from: Data(try #require(analysis.controls).utf8))
        #expect(controls["fixed_buffers_identical"] == .list(["inv_freq"]) && controls["constant_tensors_identical"] == .list(["norm"]))
    }

    @Test func eachMethodWritesAloneAndRerunsReplaceOnlyTheirOwnSides() throws {
        let folder = try TemporaryFolder()
        let originals = [
            SyntheticOriginal(name: "a.tar", members: [("x", "aa")]),
            SyntheticOriginal(name: "b.tar", party: "respondent", members: [("x", "aa")]),
            SyntheticOriginal(name: "c.tar", party: "control", members: [("y", "aa")]),
        ]
        let file = try caseFile(originals, in: folder)
        _ = try compare(file, ["compare.content"])
        _ = try compare(file, ["compare.content"], right: "control")
        let first = try file.read { view in
            var ids: [String] = []
            try view.forEachAnalysis(method: "compare.content") { analysis, _ in ids.append(analysis.id) }
            return ids
        }
        #expect(first.count == 2)
        _ = try compare(file, ["compare.content"])
        let again = try file.read { view in
            var ids: [String] = []
            try view.forEachAnalysis(method: "compare.content") { analysis, _ in ids.append(analysis.id) }
            return ids
        }
        #expect(again == first, "the rerun replaced its own analysis with the same one, and left the other")
        #expect(try file.check().ok)
        let other = try caseFile(originals, in: folder, name: "d.exhibit")
        let same = try compare(file, ["compare.content"]).map(\.0.id)
        #expect(try compare(other, ["compare.content"]).map(\.0.id) == same, "the same case gives the same analyses")
    }

    /// A metric logged by both parties: a loss copied step for step is found value for value,
    /// a learning-rate schedule is shown but not scored, and a run with another trend is not.
    @Test func trainingCurvesAreAlignedOnTheirSteps() throws {
        func run(_ name: String, party: String, loss: [Double], rate: [Double], steps: [Int]) -> SyntheticOriginal {
            var original = SyntheticOriginal(name: name, party: party, findings: [
                (EvidencePath(original: name), "training.metric", "log", ["metric": "loss", "normalized": "loss"]),
                (EvidencePath(original: name), "training.metric", "log", ["metric": "lr", "normalized": "learning_rate"]),
            ])
            var lossSeries = Series(name: "loss", axis: .step), rateSeries = Series(name: "learning_rate", axis: .step)
            for (index, step) in steps.enumerated() {
                lossSeries.append(step: step, value: loss[index])
                rateSeries.append(step: step, value: rate[index])
            }
            original.series = [(0, lossSeries), (1, rateSeries)]
            return original
        }
        let loss = [2.5, 2.1, 2.2, 1.7, 1.75, 1.4, .nan]
        let rate = [1e-4, 2e-4, 3e-4, 3e-4, 2e-4, 1e-4, 0]
        let folder = try TemporaryFolder()
        let file = try caseFile([
            run("a.log", party: "claimant", loss: loss, rate: rate, steps: [10, 20, 30, 40, 50, 60, 70]),
            // The respondent logged every step from 20, the same loss where both logged, a NaN at 70 too.
            run("b.log", party: "respondent", loss: [2.1, 2.2, 1.7, 1.75, 1.4, .nan], rate: Array(rate.dropFirst()),
                steps: [20, 30, 40, 50, 60, 70]),
            run("c.log", party: "other", loss: [3, 2.9, 2.95, 2.7, 2.8, 2.6], rate: Array(rate.dropFirst()), steps: [20, 30, 40, 50, 60, 70]),
        ], in: folder)
        let copied = try #require(try compare(file, ["compare.training_runs"]).first?.0)
        let metrics = try result(copied)["metrics"]
        guard case .list(let rows)? = metrics, case .object(let learningRate)? = rows.first, case .object(let lossRow)? = rows.last else {
            Issue.record("no metrics in \(String(describing: metrics))")
            return
        }
        #expect(learningRate["metric"] == "learning_rate" && learningRate["schedule"] == true)
        #expect(lossRow["common_steps"] == 5 && lossRow["non_finite_steps"] == 1 && lossRow["identical_values"] == 5)
        #expect(copied.score == 1)
        #expect(try result(copied)["identical_values"] == 5)
        let other = try #require(try compare(file, ["compare.training_runs"], right: "other").first?.0)
        #expect(try result(other)["identical_values"] == 0 && (other.score ?? 1) < 1)
    }
}
