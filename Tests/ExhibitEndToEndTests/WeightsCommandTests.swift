import ExhibitTestSupport
import Foundation
import Testing

/// Weight files through the binary: a malicious checkpoint reported and never run, the sample
/// case's two models in a case, a legacy tar checkpoint, and a large file in flat memory.
@Suite(.serialized) struct WeightsCommandTests {
    private func findings(_ result: CommandResult) throws -> [[String: Any]] {
        #expect(result.status == 0, "\(result.stderr)")
        let printed = try decodeJSON(result.stdout)
        return (printed as? [[String: Any]]) ?? ((printed as? [String: Any])?["findings"] as? [[String: Any]]) ?? []
    }

    @Test func aMaliciousCheckpointIsReportedAndNeverRun() throws {
        let marker = "/tmp/exhibit-weights-pickle-ran"
        try? FileManager.default.removeItem(atPath: marker)
        let extracted = try findings(try Command.exhibit(["extract", Repository.format("weights/malicious-checkpoint.pt"), "--json"]))
        #expect(!FileManager.default.fileExists(atPath: marker), "the pickle's command ran")
        let unsafe = extracted.filter { $0["kind"] as? String == "weights.unsafe_pickle" }
        #expect(unsafe.count == 1)
        #expect((unsafe.first?["attributes"] as? [String: Any])?["global"] as? String == "posix.system")
        #expect(extracted.filter { $0["kind"] as? String == "weights.tensor" }.count == 7)
    }

    @Test func thePartiesModelsInACase() throws {
        let folder = try TemporaryFolder()
        let dispute = folder.path("models.exhibit")
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        let claimant = Repository.samples.appendingPathComponent("case/claimant/aurora-mini-v1.safetensors").path
        let respondent = Repository.samples.appendingPathComponent("case/respondent/borealis-mini.safetensors").path
        #expect(try Command.exhibit(["add", dispute, claimant, "--party", "claimant"]).status == 0)
        #expect(try Command.exhibit(["add", dispute, respondent, "--party", "respondent"]).status == 0)
        let summaries = try findings(try Command.exhibit(["findings", dispute, "--kind", "weights.summary", "--json"]))
        #expect(summaries.count == 2)
        // Each summary carries the per-layer statistics as series, stored in the case.
        for summary in summaries {
            let id = try #require(summary["id"] as? String)
            let result = try Command.exhibit(["series", dispute, id, "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let series = try #require(try decodeJSON(result.stdout) as? [[String: Any]])
            #expect(series.count == 45)
            let std = try #require(series.first { $0["name"] as? String == "ffn_up.weight.std" })
            #expect(std["count"] as? Int == 4 && std["axis"] as? String == "step")
        }
        let tensors = try findings(try Command.exhibit(["findings", dispute, "--kind", "weights.tensor", "--json"]))
        #expect(tensors.count == 86)
        // A frozen layer is byte for byte the same in both parties' models; the embedding, its
        // rows moved with the respondent's re-numbered vocabulary, is not.
        func digests(_ name: String) -> Set<String> {
            Set(tensors.filter { ($0["attributes"] as? [String: Any])?["name"] as? String == name }
                .compactMap { ($0["attributes"] as? [String: Any])?["sha256"] as? String })
        }
        #expect(digests("model.layers.0.mlp.up_proj.weight").count == 1)
        #expect(digests("model.embed_tokens.weight").count == 2)
    }

    /// A folder acquired whole: the weights and the `config.json` beside them are separate
    /// exhibits of one party, and the host's analysis says where the configuration is wrong.
    @Test func weightsAreCheckedAgainstTheConfigurationBesideThem() throws {
        let folder = try TemporaryFolder()
        let release = folder.path("release")
        try FileManager.default.createDirectory(atPath: release, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.format("weights/tiny-llama.safetensors"),
                                         toPath: release + "/model.safetensors")
        let config = #"{"model_type": "llama", "num_hidden_layers": 4, "hidden_size": 32, "vocab_size": 256, "intermediate_size": 96}"#
        try Data(config.utf8).write(to: URL(fileURLWithPath: release + "/config.json"))
        let dispute = folder.path("w.exhibit")
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        #expect(try Command.exhibit(["add", dispute, release, "--party", "respondent"]).status == 0)
        let result = try Command.exhibit(["analyses", dispute, "--method", "weights.config_agreement", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let analyses = try #require(try decodeJSON(result.stdout) as? [[String: Any]])
        #expect(analyses.count == 1)
        let analysis = try #require(analyses.first)
        #expect(analysis["score"] as? Double == 1 && analysis["statistic"] as? String == "fields_disagreeing")
        let outcome = try #require(analysis["result"] as? [String: Any])
        #expect(outcome["relation"] as? String == "same_folder")
        #expect((outcome["agree"] as? [String: Any])?.keys.sorted() == ["hidden_size", "intermediate_size", "vocab_size"])
        let disagreement = try #require((outcome["disagree"] as? [[String: Any]])?.first)
        #expect(disagreement["field"] as? String == "num_hidden_layers")
        #expect(disagreement["configuration"] as? Int == 4 && disagreement["tensors"] as? Int == 2)
    }

    /// A legacy tar checkpoint (PyTorch before 0.4): the archive extractor opens the tar, its
    /// `pickle` member is emulated and reported as the unsupported format it is.
    @Test func aLegacyTarCheckpointIsReportedAsUnsupported() throws {
        let folder = try TemporaryFolder()
        let checkpoint = folder.path("old-model.pt")
        let script = """
            import io, pickle, sys, tarfile
            members = [("sys_info", pickle.dumps({"protocol_version": 1001, "little_endian": True}, protocol=2)),
                       ("pickle", open(sys.argv[2], "rb").read()), ("tensors", bytes(8)), ("storages", bytes(8))]
            with tarfile.open(sys.argv[1], "w", format=tarfile.PAX_FORMAT) as tar:
                for name, data in members:
                    info = tarfile.TarInfo(name)
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
            """
        #expect(try Command.run("python3", ["-c", script, checkpoint, Repository.format("weights/legacy-tar/pickle")]).status == 0)
        let dispute = folder.path("old.exhibit")
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        #expect(try Command.exhibit(["add", dispute, checkpoint]).status == 0)
        let summaries = try findings(try Command.exhibit(["findings", dispute, "--kind", "weights.summary", "--json"]))
        #expect(summaries.count == 1)
        #expect((summaries.first?["attributes"] as? [String: Any])?["format"] as? String == "pytorch_legacy_tar")
        let limitations = try findings(try Command.exhibit(["findings", dispute, "--kind", "limitation", "--json"]))
        #expect(limitations.contains { ($0["attributes"] as? [String: Any])?["limit"] as? String == "unsupported_format" })
    }

    /// A 384 MiB safetensors file: read whole, every tensor hashed, in flat memory.
    @Test func aLargeFileInFlatMemory() throws {
        let folder = try TemporaryFolder("weights-large")
        let path = folder.path("large.safetensors")
        let script = """
            import json, struct, sys
            big = 96 << 20   # F32 elements
            header = {"big": {"dtype": "F32", "shape": [big], "data_offsets": [0, big * 4]},
                      "small": {"dtype": "F32", "shape": [4], "data_offsets": [big * 4, big * 4 + 16]}}
            text = json.dumps(header).encode(); text += b" " * (-len(text) % 8)
            with open(sys.argv[1], "wb") as f:
                f.write(struct.pack("<Q", len(text)) + text)
                block = struct.pack("<4096f", *[(i % 97) / 97.0 for i in range(4096)])
                for _ in range(big // 4096):
                    f.write(block)
                f.write(struct.pack("<4f", 1, 2, 3, 4))
            """
        #expect(try Command.run("python3", ["-c", script, path]).status == 0)
        let result = try Command.exhibitMeasuringMemory(["extract", path, "--json"])
        let extracted = try findings(result)
        let summary = try #require(extracted.first { $0["kind"] as? String == "weights.summary" }?["attributes"] as? [String: Any])
        #expect(summary["tensors_hashed"] as? Int == 2)
        #expect(result.maxResidentBytes < 100 << 20, "peak RSS \(result.maxResidentBytes) bytes")
    }
}
