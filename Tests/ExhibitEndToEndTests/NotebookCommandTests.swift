import ExhibitTestSupport
import Foundation
import Testing

/// Notebooks through the binary: what `extract` sees (images as children with their place),
/// the sample case's research notebooks in a case, and a large notebook in flat memory.
@Suite(.serialized) struct NotebookCommandTests {
    private func output(_ result: CommandResult) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try decodeJSON(result.stdout) as? [String: Any])
    }

    private func findings(_ printed: [String: Any], _ kind: String) -> [[String: Any]] {
        ((printed["findings"] as? [[String: Any]]) ?? []).filter { $0["kind"] as? String == kind }
    }

    @Test func extractShowsTheNotebookAndItsImages() throws {
        let printed = try output(try Command.exhibit(["extract", Repository.format("notebook/grpo-v4.5.ipynb"), "--json"]))
        let artifacts = try #require(printed["artifacts"] as? [[String: Any]])
        #expect(artifacts.count == 2)
        let child = try #require(artifacts.last)
        #expect((child["evidence_path"] as? String)?.hasSuffix("cell-0/attachments/reward.png") == true)
        #expect(child["media_type"] as? String == "image/png")
        #expect(findings(printed, "notebook.summary").count == 1)
        let technique = try #require(findings(printed, "rl.technique").first)
        #expect((technique["attributes"] as? [String: Any])?["technique"] as? String == "GRPO")
        #expect((technique["locator"] as? [String: Any])?["cell_index"] as? Int == 4)
        // The token in the notebook is nowhere in what Exhibit prints.
        #expect(!printed.description.contains("Q7xT2mZpL9vR4sK8wN3bY6cJ1dF5gH0aEu"))
    }

    @Test func theResearchNotebooksOfBothParties() throws {
        let folder = try TemporaryFolder()
        let dispute = folder.path("notebooks.exhibit")
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        for party in ["claimant", "respondent"] {
            let path = Repository.samples.appendingPathComponent("case/\(party)/research-notebook.ipynb").path
            #expect(try Command.exhibit(["add", dispute, path, "--party", party]).status == 0)
        }
        let result = try Command.exhibit(["findings", dispute, "--kind", "notebook.cell", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let cells = try #require(try decodeJSON(result.stdout) as? [[String: Any]])
        #expect(cells.count == 8)
        let normalized = cells.compactMap { ($0["attributes"] as? [String: Any])?["normalized_sha256"] as? String }
        // The imports (identical) and the reward function (reformatted) hash alike across parties.
        #expect(Dictionary(grouping: normalized, by: { $0 }).values.filter { $0.count == 2 }.count == 2)
        let events = try Command.exhibit(["findings", dispute, "--kind", "notebook.execution", "--json"])
        #expect(try #require(try decodeJSON(events.stdout) as? [[String: Any]]).count == 6)
    }

    /// A notebook with a 48 MB image (64 MB of base64) is read in flat memory: the image streams
    /// to the host, decoded on the way, and its digest is Python's.
    @Test func aLargeNotebookInFlatMemory() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("large.ipynb")
        let script = """
            import base64, hashlib, json, random, sys
            data = random.Random(17).randbytes(48 << 20)
            cell = {"cell_type": "code", "execution_count": 1, "id": "big", "metadata": {}, "source": ["import torch"],
                    "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": base64.b64encode(data).decode()}}]}
            json.dump({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, open(sys.argv[1], "w"))
            print(hashlib.sha256(data).hexdigest())
            """
        let generated = try Command.run("python3", ["-c", script, path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let result = try Command.exhibitMeasuringMemory(["extract", path, "--json"])
        let printed = try output(result)
        let image = try #require(findings(printed, "notebook.image").first?["attributes"] as? [String: Any])
        #expect(image["sha256"] as? String == generated.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(image["bytes"] as? Int == 48 << 20)
        #expect(result.maxResidentBytes < 100 << 20, "peak RSS \(result.maxResidentBytes) bytes")
    }
}
