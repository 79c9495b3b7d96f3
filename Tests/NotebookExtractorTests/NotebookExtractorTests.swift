import Crypto
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import NotebookExtractor

/// The notebook extractor on its samples: the descriptor's examples, exact counts, and the
/// decoded images checked against an independent decode.
@Suite struct NotebookExtractorTests {
    @Test func examplesHold() {
        for failure in ExampleVerifier.verify(NotebookExtractor.self, samples: Repository.formats) {
            Issue.record(Comment(rawValue: failure.description))
        }
    }

    @Test func theSFTNotebookExactly() throws {
        let sink = try extractNotebookSample("notebook/sft-v4.5.ipynb")
        #expect(sink.of("notebook.cell").count == 7)
        #expect(sink.strings("code.import", "module") == ["torch", "datasets", "transformers", "trl", "matplotlib.pyplot"])
        let settings = Dictionary(sink.of("training.hyperparameter").map { ($0.attributes["name"]!.description, $0.attributes["value"]!) },
                                  uniquingKeysWith: { first, _ in first })
        #expect(settings == ["learning_rate": .float(2e-05), "num_train_epochs": 3, "per_device_train_batch_size": 4,
                             "gradient_accumulation_steps": 8, "warmup_ratio": .float(0.03), "scheduler": "cosine",
                             "bf16": true, "seed": 1234])
        #expect(sink.of("rl.technique").isEmpty)
        #expect(sink.of("notebook.cell").map { $0.attributes["execution_count"] ?? .null } == [.null, 1, 2, 3, 4, 5, .null])
        let progress = try #require(sink.of("training.progress").first)
        #expect(progress.series.first?.points.map(\.value) == [2.1045, 1.5873, 1.3421])
    }

    @Test func techniquesOfEachNotebook() throws {
        let expected = ["notebook/dpo-v4.4.ipynb": ["DPO"], "notebook/grpo-v4.5.ipynb": ["GRPO"], "notebook/ppo-v4.0.ipynb": ["PPO"],
                        "notebook/reward-v4.1.ipynb": ["REWARD_MODELING"], "notebook/kto-v4.2.ipynb": ["KTO"],
                        "notebook/sft-v4.5.ipynb": [], "notebook/eval-v4.3.ipynb": []]
        for (sample, techniques) in expected {
            #expect(try extractNotebookSample(sample).strings("rl.technique", "technique") == techniques, "\(sample)")
        }
    }

    @Test func grpoEvidenceAndSettings() throws {
        let sink = try extractNotebookSample("notebook/grpo-v4.5.ipynb")
        let technique = try #require(sink.of("rl.technique").first)
        #expect(technique.attributes["evidence"] == ["import GRPOConfig", "import GRPOTrainer", "GRPOConfig(…)", "num_generations=",
                                                     "GRPOTrainer(…)", "reward_funcs="])
        #expect(technique.attributes["keys"] == ["beta": 0.04, "num_generations": 8, "max_completion_length": 256])
        #expect(technique.locator.cellIndex == 4)
        // The token is masked: its last four characters and digest, never the value.
        let secret = try #require(sink.of("secret.candidate").first)
        #expect(!secret.summary.contains("Q7xT2mZpL9vR4sK8wN3bY6cJ1dF5gH0aEu"))
        #expect(sink.of("secret.candidate").count == 1)
        #expect(!sink.findings.contains { finding in finding.attributes.values.contains { $0.description.contains("Q7xT2mZpL9vR4sK8") } })
    }

    /// Every decoded image's SHA-256 against Python's `base64` and `hashlib` over the same JSON.
    @Test(arguments: ["notebook/sft-v4.5.ipynb", "notebook/dpo-v4.4.ipynb", "notebook/grpo-v4.5.ipynb", "notebook/sft-v3.ipynb",
                      "notebook/hostile/invalid-base64.ipynb"])
    func decodedImagesMatchAnIndependentDecode(_ sample: String) throws {
        let sink = try extractNotebookSample(sample)
        let ours = sink.of("notebook.image").compactMap { finding -> String? in
            guard case .string(let member)? = finding.attributes["member"], case .string(let digest)? = finding.attributes["sha256"] else { return nil }
            return "\(member) \(digest)"
        }
        let result = try Command.run(Oracles.python, ["-c", Self.oracle, Repository.format(sample)])
        #expect(result.status == 0, "\(result.stderr)")
        let theirs = result.stdout.split(separator: "\n").map(String.init)
        #expect(!ours.isEmpty && ours == theirs)
    }

    /// Decodes what nbformat stores as base64 with the standard library, as an opposing expert would.
    private static let oracle = #"""
import base64, binascii, hashlib, json, sys
nb = json.load(open(sys.argv[1]))
cells = nb.get("cells") or [c for ws in nb.get("worksheets", []) for c in ws["cells"]]
short = {"png": "png", "jpeg": "jpg", "pdf": "pdf"}
exts = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "application/pdf": "pdf"}
def out(path, value):
    text = "".join(value) if isinstance(value, list) else value
    try:
        data = base64.b64decode(text, validate=True)
    except binascii.Error:
        return
    print(path, hashlib.sha256(data).hexdigest())
for i, cell in enumerate(cells):
    for name, bundle in (cell.get("attachments") or {}).items():
        for mime, value in bundle.items():
            if mime in exts:
                out("cell-%d/attachments/%s" % (i, name), value)
    for j, output in enumerate(cell.get("outputs", [])):
        for mime, value in output.get("data", {}).items():
            if mime in exts:
                out("cell-%d/output-%d.%s" % (i, j, exts[mime]), value)
        for key, ext in short.items():
            if key in output:
                out("cell-%d/output-%d.%s" % (i, j, ext), output[key])
"""#

    @Test func childrenAreHandedWithTheirPlace() throws {
        let sink = try extractNotebookSample("notebook/sft-v4.5.ipynb")
        let member = try #require(sink.members.first)
        #expect(member.member.path == "cell-5/output-0.png" && member.failure == nil)
        #expect(member.member.attributes["cell_index"] == 5 && member.member.attributes["output_index"] == 0)
        #expect(member.member.attributes["json_pointer"] == "/cells/5/outputs/0/data/image~1png")
        #expect(sink.of("notebook.image").first?.locator.cellIndex == 5)
    }

    /// The two parties' research notebooks share one cell, reformatted: its source hashes differ,
    /// its normalized hashes match, and no other cell's do.
    @Test func theSharedCellMatchesAcrossParties() throws {
        func cells(_ party: String) throws -> [Finding] {
            let path = Repository.samples.appendingPathComponent("case/\(party)/research-notebook.ipynb")
            return try extractNotebook("research-notebook.ipynb", try Data(contentsOf: path)).of("notebook.cell")
        }
        let claimant = try cells("claimant"), respondent = try cells("respondent")
        let shared = Set(claimant.compactMap { $0.attributes["normalized_sha256"] })
            .intersection(respondent.compactMap { $0.attributes["normalized_sha256"] })
        #expect(shared.count == 2)   // the imports, identical, and the reward function, reformatted
        #expect(claimant[2].attributes["normalized_sha256"] == respondent[2].attributes["normalized_sha256"])
        #expect(claimant[2].attributes["source_sha256"] != respondent[2].attributes["source_sha256"])
    }
}
