import ExhibitTestSupport
import Foundation
import Testing

/// `exhibit compare` on the sample case through the binary: every method's analysis with its
/// null and inputs, reruns that replace rather than add, refused sides, and a bundle that carries
/// the comparisons and still validates.
@Suite(.serialized) struct CompareCommandTests {
    private func sampleCase(_ folder: TemporaryFolder) throws -> String {
        let dispute = folder.path("dispute.exhibit")
        let cases = Repository.samples.appendingPathComponent("case")
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        #expect(try Command.exhibit(["add", dispute, cases.appendingPathComponent("claimant").path, "--party", "claimant"]).status == 0)
        #expect(try Command.exhibit(["add", dispute, cases.appendingPathComponent("respondent").path, "--party", "respondent"]).status == 0)
        return dispute
    }

    /// A case of `folder`'s `claimant` and `respondent` folders, each added as its party.
    private func partiesAdded(_ folder: TemporaryFolder) throws -> String {
        let dispute = folder.path("d.exhibit")
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        for party in ["claimant", "respondent"] {
            let added = try Command.exhibit(["add", dispute, folder.path(party), "--party", party])
            #expect(added.status == 0, "\(added.stderr)")
        }
        return dispute
    }

    private func compared(_ arguments: [String]) throws -> [String: [String: Any]] {
        let result = try Command.exhibit(["compare"] + arguments + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let analyses = try #require((try decodeJSON(result.stdout) as? [String: Any])?["analyses"] as? [[String: Any]])
        return Dictionary(analyses.map { ($0["method"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func thePartiesAreComparedByEveryMethod() throws {
        let folder = try TemporaryFolder()
        let dispute = try sampleCase(folder)
        let analyses = try compared([dispute, "--left", "claimant", "--right", "respondent"])
        #expect(analyses.keys.sorted() == ["compare.architecture", "compare.code", "compare.content", "compare.recipe", "compare.text",
                                           "compare.tokenizer", "compare.training_runs", "compare.weights.embedding_alignment",
                                           "compare.weights.identical_tensors", "compare.weights.independence",
                                           "compare.weights.independence_permutation_robust", "compare.weights.layer_statistics"])
        for (method, analysis) in analyses {
            #expect(analysis["subject"] as? String == "claimant ⇄ respondent")
            #expect(analysis["null"] as? [String: Any] != nil && !(analysis["limits"] as? String ?? "").isEmpty, "\(method)")
            let inputs = try #require(analysis["inputs"] as? [[String: Any]])
            #expect(inputs.contains { $0["role"] as? String == "left" } && inputs.contains { $0["role"] as? String == "right" })
            #expect(inputs.allSatisfy { ($0["sha256"] as? String)?.count == 64 && $0["evidence_path"] is String }, "\(method)")
            #expect(!(analysis["interpretation"] as? String ?? "").lowercased().contains("copied"), "\(method)")
        }
        // Both labs' configurations state the same architecture, a combination no public model in the table has.
        let architecture = try #require(analyses["compare.architecture"])
        #expect(architecture["score"] as? Double == 1)
        #expect((architecture["null"] as? [String: Any])?["combination_found_in"] as? Int == 0)
        // The respondent's RL utilities hold the claimant's advantage estimation renamed and
        // reformatted, lines 5–20 of one at lines 19–33 of the other; the notebooks' shared cell,
        // reformatted, matches too.
        let code = try #require(analyses["compare.code"]?["result"] as? [String: Any])
        let pairs = try #require(code["pairs"] as? [[String: Any]])
        let advantages = try #require(pairs.first)
        #expect(advantages["left"] as? String == "claimant/aurora-rl/advantages.py"
                && advantages["right"] as? String == "respondent/borealis-rl/rl_utils.py")
        #expect((advantages["spans"] as? [[String: Any]])?.first?["left_lines"] as? String == "5-20"
                && (advantages["spans"] as? [[String: Any]])?.first?["right_lines"] as? String == "19-33")
        #expect(pairs.contains { $0["left"] as? String == "claimant/research-notebook.ipynb cell 2"
                                 && $0["right"] as? String == "respondent/research-notebook.ipynb cell 2" })
        #expect(analyses["compare.code"]?["p_value"] is NSNull)
        // The respondent's release config is the claimant's internal model config, nearly line for
        // line, both inside archives: read back from copies of the members.
        let text = try #require(analyses["compare.text"]?["result"] as? [String: Any])
        let closest = try #require((text["listed"] as? [[String: Any]])?.first)
        #expect(closest["left"] as? String == "claimant/internal-drop.tar.xz ▸ aurora-internal/configs/model.json"
                && closest["right"] as? String == "respondent/release-v2.tar.gz ▸ release/config.json")
        #expect((closest["shared_lines"] as? Int ?? 0) >= 10 && analyses["compare.text"]?["p_value"] is NSNull)
        // The respondent's tokenizer is the claimant's vocabulary spelled as SentencePiece spells
        // it, its tokens re-ordered: the same tokens once normalized, few at the same ids.
        let tokenizer = try #require(analyses["compare.tokenizer"])
        let vocabularies = try #require(tokenizer["result"] as? [String: Any])
        #expect((tokenizer["score"] as? Double ?? 0) > 0.95 && vocabularies["identical_vocabulary"] as? Bool == false)
        #expect((vocabularies["left"] as? [String: Any])?["spelling"] as? String == "byte_level"
                && (vocabularies["right"] as? [String: Any])?["spelling"] as? String == "sentencepiece")
        #expect((vocabularies["id_agreement"] as? Double ?? 1) < 0.1 && vocabularies["merge_jaccard"] as? Double == 1)
        #expect((tokenizer["interpretation"] as? String ?? "").contains("re-ordered"))
        // The PPO recipe matches on a chosen KL coefficient; its clip range is the library default and counts for nothing.
        let recipe = try #require(analyses["compare.recipe"]?["result"] as? [String: Any])
        #expect((recipe["chosen_matches"] as? [String])?.contains("PPO.init_kl_coef") == true)
        #expect((recipe["default_matches"] as? [String])?.contains("PPO.cliprange") == true)
        // The respondent's fine-tune froze the first two of its four layers: those 18 learned
        // tensors, and no others, are byte for byte the claimant's.
        let tensors = try #require(analyses["compare.weights.identical_tensors"])
        let identical = try #require((tensors["result"] as? [String: Any])?["identical"] as? [[String: Any]])
        let names = identical.compactMap { $0["left"] as? String }
        #expect(names.count == 18 && names.allSatisfy { $0.hasPrefix("model.layers.0.") || $0.hasPrefix("model.layers.1.") })
        // It froze the embedding too, but re-numbered its vocabulary and moved the rows with their
        // tokens: no longer the same bytes, yet paired by token the rows are the claimant's.
        let embedding = try #require(analyses["compare.weights.embedding_alignment"])
        let aligned = try #require(embedding["result"] as? [String: Any])
        #expect(embedding["score"] as? Double == 1 && embedding["p_value"] as? Double == 0.005)
        #expect(aligned["paired_rows"] as? Int == 295 && (aligned["by_id_centred_pearson"] as? Double ?? 1) < 0.2)
        #expect((embedding["interpretation"] as? String ?? "").contains("the embedding rows follow the tokens, not the ids"))
        #expect((tensors["score"] as? Double ?? 0) > 0 && (tensors["score"] as? Double ?? 1) < 1)

        // The respondent's model was fine-tuned from the claimant's with its hidden units in place:
        // the independence test rejects, every layer's units matched where they were.
        let independence = try #require(analyses["compare.weights.independence"])
        #expect(independence["p_value"] as? Double == 0)
        let layers = try #require((independence["result"] as? [String: Any])?["layers"] as? [[String: Any]])
        #expect(layers.count == 4 && layers.allSatisfy { ($0["rho"] as? Double ?? 0) > 0.99 })
        #expect((independence["interpretation"] as? String ?? "").contains("Independence is rejected"))
        let shuffled = try #require((independence["controls"] as? [String: Any])?["shuffled_self"] as? [String: Any])
        #expect((shuffled["p_value"] as? Double ?? 0) > 0.01)
        // Two p-values in one run: each carries Holm's correction.
        #expect(((independence["result"] as? [String: Any])?["holm"] as? [String: Any])?["tests"] as? [String] != nil)
        // The permutation-robust variant agrees, and its positive control (a permuted copy) is found.
        let robust = try #require(analyses["compare.weights.independence_permutation_robust"])
        #expect(robust["p_value"] as? Double == 0 && (robust["interpretation"] as? String ?? "").contains("whatever the order"))
        let permuted = try #require((robust["controls"] as? [String: Any])?["permuted_self"] as? [String: Any])
        #expect((permuted["p_value"] as? Double ?? 1) < 1e-10)
        let statistics = try #require(analyses["compare.weights.layer_statistics"]?["result"] as? [String: Any])
        #expect(statistics["layers"] as? Int == 4)
        let norms = try #require((statistics["norms"] as? [String: Any])?["compared"] as? [[String: Any]])
        #expect(norms.count == 8)

        // A rerun replaces its own analyses: the same ids, no more of them.
        let again = try compared([dispute, "--left", "claimant", "--right", "respondent"])
        #expect(again.mapValues { $0["id"] as? String } == analyses.mapValues { $0["id"] as? String })
        let listed = try #require(try decodeJSON(try Command.exhibit(["analyses", dispute, "--json"]).stdout) as? [[String: Any]])
        #expect(listed.filter { ($0["method"] as? String ?? "").hasPrefix("compare.") }.count == 12)

        // A side with itself is the positive control: complete agreement.
        let control = try compared([dispute, "--left", "respondent", "--right", "respondent", "--methods", "compare.architecture"])
        #expect(control["compare.architecture"]?["score"] as? Double == 1)
        #expect((control["compare.architecture"]?["interpretation"] as? String ?? "").contains("positive control"))

        let unknown = try Command.exhibit(["compare", dispute, "--left", "claimant", "--right", "nobody"])
        #expect(unknown.status != 0 && unknown.stderr.contains("'nobody' is no party") && unknown.stderr.contains("respondent"))
        #expect(try Command.exhibit(["check", dispute]).status == 0)

        // The bundle carries the comparisons, and the field's tools still accept it.
        let bundle = folder.path("bundle")
        #expect(try Command.exhibit(["bundle", dispute, "--out", bundle]).status == 0)
        let csv = try String(contentsOfFile: bundle + "/data/graph/analyses.csv", encoding: .utf8)
        #expect(csv.contains("compare.weights.identical_tensors"))
        // The report reads each comparison side by side, its score drawn beside its null.
        let report = try String(contentsOfFile: bundle + "/data/report/index.html", encoding: .utf8)
        let section = try #require(report.range(of: "Comparisons of the parties&#39; evidence").map { report[$0.upperBound...] })
        let comparisons = section[..<(section.range(of: "<h2>")?.lowerBound ?? section.endIndex)]
        // Twelve methods on the parties, and the positive control of the respondent with itself.
        #expect(comparisons.components(separatedBy: "<h3>").count - 1 == 13)
        #expect(comparisons.contains("<td>different: compared normalized</td>"))
        #expect(comparisons.contains("<td>5-20 ⇄ 19-33</td>"))
        #expect(comparisons.contains("<th>Spearman ρ</th>") && comparisons.contains("<td>init_kl_coef</td>"))
        // Per-layer p-values of both independence tests, the shuffle null, the shuffled alignments of
        // the embedding rows, and the three metrics both training logs record.
        #expect(comparisons.components(separatedBy: "<svg ").count - 1 == 7 && comparisons.contains("α = 0.01"))
        #expect(comparisons.contains("p = 10^-5"))
        // A browser reads it as written: headless Chromium (installed by CI) parses the page into a
        // DOM holding the comparisons and their figures, and draws it.
        if let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile(atPath:)) {
            let browser = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + folder.path("chromium")]
            let page = "file://" + bundle + "/data/report/index.html"
            let dom = try Command.run(chromium, browser + ["--dump-dom", page])
            #expect(dom.status == 0 && dom.stdout.contains("<h2>Comparisons of the parties' evidence</h2>"), "\(dom.stderr)")
            // The comparisons' seven figures, the case's timeline, and the loss curves of the two
            // losses both parties' runs log.
            #expect(dom.stdout.components(separatedBy: "<svg ").count - 1 == 10)
            #expect(dom.stdout.contains("<h2>Loss curves of the training runs</h2>")
                    && dom.stdout.contains("actor/pg_loss by logged step"))
            let picture = folder.path("report.png")
            #expect(try Command.run(chromium, browser + ["--window-size=1200,2000", "--screenshot=" + picture, page]).status == 0)
            #expect(((try? FileManager.default.attributesOfItem(atPath: picture)[.size] as? Int) ?? 0) > 10_000)
        }
        if Oracles.available {
            let caseValidate = try Command.run(Oracles.path("case_validate"),
                                               ["--built-version", "case-1.5.0", bundle + "/data/graph/case.jsonld"])
            #expect(caseValidate.status == 0 && caseValidate.stdout.contains("Conforms: True"), "\(caseValidate.stdout)")
        }
    }

    /// A model file with only a token embedding, and the tokenizer.json of its vocabulary.
    private func writeModel(_ folder: String, rows: [[Float]], tokens: [String]) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let width = rows.first?.count ?? 0
        let header = #"{"model.embed_tokens.weight":{"dtype":"F32","shape":[\#(rows.count),\#(width)],"data_offsets":[0,\#(rows.count * width * 4)]}}"#
        var bytes = [UInt8](repeating: 0, count: 8)
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes = Array($0) }
        bytes += header.utf8
        for value in rows.joined() { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/model.safetensors"))
        let vocabulary = tokens.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ", ")
        try #"{"model": {"type": "WordLevel", "vocab": {\#(vocabulary)}}}"#.write(toFile: folder + "/tokenizer.json", atomically: true, encoding: .utf8)
    }

    /// Two parties' model folders, the respondent's embedding the claimant's with noise added, its
    /// vocabulary re-ordered and its rows moved with their tokens.
    private func writeRelatedModels(_ folder: TemporaryFolder) throws {
        var state: UInt64 = 42
        func normal() -> Float {
            // A fixed sequence (SplitMix64, Box–Muller): the same files every run.
            func next() -> Double {
                state &+= 0x9e37_79b9_7f4a_7c15
                var z = state
                z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
                z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
                return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
            }
            return Float((-2 * log(max(next(), 1e-12))).squareRoot() * cos(2 * Double.pi * next()))
        }
        let base = (0..<200).map { _ in (0..<16).map { _ in normal() } }
        let tokens = (0..<200).map { "w\($0)" }
        try writeModel(folder.path("claimant"), rows: base, tokens: tokens)
        let order = Array((0..<200).reversed())   // the respondent's id i holds the claimant's token 199 - i
        try writeModel(folder.path("respondent"), rows: order.map { row in base[row].map { $0 + 0.3 * normal() } },
                       tokens: order.map { tokens[$0] })
    }

    /// Through the binary: paired by token the rows correlate, paired by id they do not.
    @Test func embeddingRowsArePairedByToken() throws {
        let folder = try TemporaryFolder()
        try writeRelatedModels(folder)
        let dispute = try partiesAdded(folder)
        let analyses = try compared([dispute, "--left", "claimant", "--right", "respondent", "--methods", "compare.weights.embedding_alignment"])
        let alignment = try #require(analyses["compare.weights.embedding_alignment"])
        let result = try #require(alignment["result"] as? [String: Any])
        #expect((alignment["score"] as? Double ?? 0) > 0.9 && result["paired_rows"] as? Int == 200)
        #expect(abs(result["by_id_centred_pearson"] as? Double ?? 1) < 0.2)
        #expect(alignment["p_value"] as? Double == 0.005)
        #expect((alignment["interpretation"] as? String ?? "").contains("the embedding rows follow the tokens, not the ids"))
        let inputs = try #require(alignment["inputs"] as? [[String: Any]])
        #expect(inputs.compactMap { $0["evidence_path"] as? String }.sorted()
                == ["claimant/model.safetensors", "claimant/tokenizer.json", "respondent/model.safetensors", "respondent/tokenizer.json"])
    }

    /// The same models delivered as tars: their tensors and vocabularies are read back from
    /// members copied again for the comparison (checked against their intake digests), and the
    /// copies are gone afterwards.
    @Test func modelsInsideArchivesAreReadBack() throws {
        let folder = try TemporaryFolder()
        try writeRelatedModels(folder)
        let dispute = folder.path("cases/d.exhibit")
        try FileManager.default.createDirectory(atPath: folder.path("cases"), withIntermediateDirectories: true)
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        for party in ["claimant", "respondent"] {
            #expect(try Command.run("/usr/bin/tar", ["-cf", folder.path("\(party).tar"), "-C", folder.path(""), party]).status == 0)
            let added = try Command.exhibit(["add", dispute, folder.path("\(party).tar"), "--party", party])
            #expect(added.status == 0, "\(added.stderr)")
        }
        let analyses = try compared([dispute, "--left", "claimant", "--right", "respondent",
                                     "--methods", "compare.weights.embedding_alignment,compare.weights.identical_tensors"])
        let alignment = try #require(analyses["compare.weights.embedding_alignment"])
        #expect((alignment["score"] as? Double ?? 0) > 0.9, "\(alignment)")
        let inputs = try #require(alignment["inputs"] as? [[String: Any]])
        #expect(inputs.compactMap { $0["evidence_path"] as? String }.contains("claimant.tar ▸ claimant/model.safetensors"))
        // Nothing is left beside the case but the case itself.
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path("cases")).filter { !$0.hasPrefix("d.exhibit") }
        #expect(left.isEmpty, "\(left)")
    }

    /// A container is walked again as intake walked it: a tar added with `--isolate` by the
    /// isolated archive extractor, a `.pack` by the external extractor that read it, from the
    /// same folder and with the option intake gave it — and not at all once that extractor's
    /// files have changed. The custody log says how each was walked.
    @Test func containersAreWalkedAgainAsIntakeWalkedThem() throws {
        let folder = try TemporaryFolder()
        try writeRelatedModels(folder)
        let dispute = folder.path("d.exhibit")
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        #expect(try Command.run("/usr/bin/tar", ["-cf", folder.path("claimant.tar"), "-C", folder.path(""), "claimant"]).status == 0)
        #expect(try Command.exhibit(["add", dispute, folder.path("claimant.tar"), "--party", "claimant", "--isolate"]).status == 0)
        var pack = Data("PACK\n".utf8)
        for name in ["model.safetensors", "tokenizer.json"] {
            let member = try Data(contentsOf: URL(fileURLWithPath: folder.path("respondent/" + name)))
            pack += Data("release/\(name) \(member.count)\n".utf8) + member
        }
        try pack.write(to: URL(fileURLWithPath: folder.path("release.pack")))
        let plugin = folder.path("packs")
        try FileManager.default.createDirectory(atPath: plugin, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.samples.appendingPathComponent("plugins/python/python_dependencies/exhibit_plugin.py").path,
                                         toPath: plugin + "/exhibit_plugin.py")
        try FileManager.default.copyItem(atPath: Repository.root.appendingPathComponent("Tests/ExhibitEndToEndTests/Plugins/packs.py").path,
                                         toPath: plugin + "/packs.py")
        try #"{"id": "packs", "version": "1.0.0", "protocol": 1, "command": ["python3", "packs.py"]}"#
            .write(toFile: plugin + "/extractor.json", atomically: true, encoding: .utf8)
        let added = try Command.exhibit(["add", dispute, folder.path("release.pack"), "--party", "respondent", "--plugin-dir", plugin,
                                         "--extractor-option", "packs.label=intake"])
        #expect(added.status == 0, "\(added.stderr)")

        let method = ["--methods", "compare.weights.embedding_alignment"]
        let analyses = try compared([dispute, "--left", "claimant", "--right", "respondent"] + method)
        let alignment = try #require(analyses["compare.weights.embedding_alignment"])
        #expect((alignment["score"] as? Double ?? 0) > 0.9, "\(alignment)")
        #expect((alignment["inputs"] as? [[String: Any]] ?? []).contains { $0["evidence_path"] as? String == "release.pack ▸ release/model.safetensors" })
        let custody = try #require(try decodeJSON(try Command.exhibit(["custody", dispute, "--json"]).stdout) as? [[String: Any]])
        let readBack = try #require(custody.last { $0["action"] as? String == "compare.read_back" }?["details"] as? [String: Any])
        let walks = try #require(readBack["walks"] as? [[String: Any]])
        #expect(Set(walks.compactMap { $0["container"] as? String }) == ["claimant.tar", "release.pack"])
        #expect(walks.first { $0["container"] as? String == "claimant.tar" }?["process"] as? String == "isolated")
        let packWalk = walks.first { $0["container"] as? String == "release.pack" }
        #expect(packWalk?["process"] as? String == "external: " + plugin)
        // The option intake set is set again.
        #expect((packWalk?["options"] as? [String: Any])?["label"] as? String == "intake")
        #expect(walks.allSatisfy { $0["members_copied"] as? Int == 2 }, "\(walks)")
        #expect((readBack["out_of_process"] as? [[String: Any]])?.compactMap { $0["id"] as? String }.sorted() == ["archive", "packs"])

        // The plugin's code changed after intake: its members are not read by other code.
        try "\n# changed\n".data(using: .utf8).map { data in
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: plugin + "/packs.py"))
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
            try handle.close()
        }
        let again = try compared([dispute, "--left", "claimant", "--right", "respondent"] + method)
        let refused = (again["compare.weights.embedding_alignment"]?["result"] as? [String: Any])?["refused"] as? String ?? ""
        #expect(refused.contains("whose files have changed since"), "\(refused)")
        // It was refused before it ran: only the isolated archive extractor started this time.
        let later = try #require(try decodeJSON(try Command.exhibit(["custody", dispute, "--json"]).stdout) as? [[String: Any]])
        let lastReadBack = try #require(later.last { $0["action"] as? String == "compare.read_back" }?["details"] as? [String: Any])
        #expect((lastReadBack["out_of_process"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["archive"])
    }

    /// A GGUF file carries its own vocabulary: its embedding rows are paired by the tokens its
    /// metadata lists (here one file against a copy whose last byte — in a later tensor, not the
    /// embedding — differs, so that the case takes it as another exhibit: every row with itself).
    @Test func aGGUFsEmbeddingIsPairedByItsOwnTokens() throws {
        let folder = try TemporaryFolder()
        let dispute = folder.path("d.exhibit")
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        for party in ["claimant", "respondent"] {
            try FileManager.default.createDirectory(atPath: folder.path(party), withIntermediateDirectories: true)
            var bytes = try Data(contentsOf: URL(fileURLWithPath: Repository.format("weights/tiny-llama.gguf")))
            if party == "respondent" { bytes[bytes.count - 1] ^= 0x01 }
            try bytes.write(to: URL(fileURLWithPath: folder.path("\(party)/model.gguf")))
            #expect(try Command.exhibit(["add", dispute, folder.path(party), "--party", party]).status == 0)
        }
        let analyses = try compared([dispute, "--left", "claimant", "--right", "respondent", "--methods", "compare.weights.embedding_alignment"])
        let alignment = try #require(analyses["compare.weights.embedding_alignment"])
        let result = try #require(alignment["result"] as? [String: Any])
        #expect(result["paired_rows"] as? Int == 64 && result["paired_in_place"] as? Int == 64, "\(alignment)")
        #expect(abs((alignment["score"] as? Double ?? 0) - 1) < 1e-6)
    }

    /// Notebooks' Markdown cells are documents of their own: a method write-up copied between
    /// the parties' notebooks, re-spaced, is found at its cell and lines; code cells are left to
    /// compare.code.
    @Test func markdownCellsAreComparedLineByLine() throws {
        let folder = try TemporaryFolder()
        func notebook(_ cells: [(String, [String])]) -> String {
            let list = cells.map { type, lines in
                #"{"cell_type": "\#(type)", "metadata": {}, "source": [\#(lines.map { "\"\($0)\"" }.joined(separator: ", "))]\#(type == "code" ? #", "outputs": [], "execution_count": null"# : "")}"#
            }
            return #"{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [\#(list.joined(separator: ", "))]}"#
        }
        let method = ["## Reward shaping\\n", "We clip the advantage at five and scale by the batch std.\\n",
                      "The KL penalty starts at 0.05 and adapts every 100 steps.\\n", "Rewards below -3 are dropped."]
        try FileManager.default.createDirectory(atPath: folder.path("claimant"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.path("respondent"), withIntermediateDirectories: true)
        try notebook([("markdown", method), ("code", ["x = 1"])]).write(toFile: folder.path("claimant/a.ipynb"), atomically: true, encoding: .utf8)
        try notebook([("code", ["y = 2"]), ("markdown", ["# Notes\\n"] + method.map { $0.replacingOccurrences(of: " ", with: "  ") })])
            .write(toFile: folder.path("respondent/b.ipynb"), atomically: true, encoding: .utf8)
        let dispute = try partiesAdded(folder)
        let analyses = try compared([dispute, "--left", "claimant", "--right", "respondent", "--methods", "compare.text"])
        let listed = try #require((analyses["compare.text"]?["result"] as? [String: Any])?["listed"] as? [[String: Any]])
        let pair = try #require(listed.first)
        #expect(pair["left"] as? String == "claimant/a.ipynb cell 0" && pair["right"] as? String == "respondent/b.ipynb cell 1")
        #expect(pair["shared_lines"] as? Int == 4)
        let lines = try #require(pair["lines"] as? [[String: Any]])
        #expect(lines.first?["left_line"] as? Int == 1 && lines.first?["right_line"] as? Int == 2)

        // An nbformat 3 notebook keeps its cells in worksheets, numbered on across them (an entry
        // that is not an object is no cell, as the notebook extractor counts); its heading cells are text too.
        let sheets = #"{"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "old"}, "worksheets": ["#
            + #"{"cells": [1, {"cell_type": "code", "input": ["z = 3"], "language": "python", "outputs": []}]}, {"cells": ["#
            + #"{"cell_type": "heading", "level": 2, "source": ["Reward shaping"]}, "#
            + #"{"cell_type": "markdown", "source": [\#(method.dropFirst().map { "\"\($0)\"" }.joined(separator: ", "))]}]}]}"#
        try sheets.write(toFile: folder.path("respondent/c.ipynb"), atomically: true, encoding: .utf8)
        #expect(try Command.exhibit(["add", dispute, folder.path("respondent/c.ipynb"), "--party", "respondent"]).status == 0)
        let again = try compared([dispute, "--left", "claimant", "--right", "respondent", "--methods", "compare.text"])
        let pairs = try #require((again["compare.text"]?["result"] as? [String: Any])?["listed"] as? [[String: Any]])
        let old = try #require(pairs.first { ($0["right"] as? String ?? "").hasPrefix("c.ipynb") })
        #expect(old["left"] as? String == "claimant/a.ipynb cell 0" && old["right"] as? String == "c.ipynb cell 2")
        #expect(old["shared_lines"] as? Int == 3)
    }

    /// A vocabulary shipped as a SentencePiece model is compared as its tokenizer.json would be:
    /// the tokenizer extractor reads it, and compare.tokenizer finds the respondent's pieces to be
    /// the claimant's vocabulary re-spelled.
    @Test func aSentencePieceModelIsComparedLikeATokenizerJSON() throws {
        let folder = try TemporaryFolder()
        let dispute = folder.path("d.exhibit")
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        let samples = Repository.samples
        #expect(try Command.exhibit(["add", dispute, samples.appendingPathComponent("case/claimant/aurora-tokenizer/tokenizer.json").path,
                                     "--party", "claimant"]).status == 0)
        let added = try Command.exhibit(["add", dispute, samples.appendingPathComponent("formats/tokenizer/borealis-spiece.model").path,
                                         "--party", "respondent"])
        #expect(added.status == 0, "\(added.stderr)")
        let found = try Command.exhibit(["findings", dispute, "--kind", "ml.tokenizer_vocabulary", "--json"])
        let vocabularies = try #require(try decodeJSON(found.stdout) as? [[String: Any]])
        #expect(vocabularies.compactMap { ($0["extractor"] as? [String: Any])?["id"] as? String }.sorted() == ["config", "tokenizer"])
        let analyses = try compared([dispute, "--left", "claimant", "--right", "respondent", "--methods", "compare.tokenizer"])
        let tokenizer = try #require(analyses["compare.tokenizer"])
        #expect((tokenizer["score"] as? Double ?? 0) > 0.95)
        let inputs = try #require(tokenizer["inputs"] as? [[String: Any]])
        #expect(inputs.contains { ($0["evidence_path"] as? String ?? "").hasSuffix("borealis-spiece.model") && $0["role"] as? String == "right" })
    }

    /// The control of the sample case: a third lab's model of the same shape, from its own
    /// initialization. The independence test does not reject it, while it calibrates the
    /// fingerprint of the two parties' models as an unrelated pair.
    @Test func anUnrelatedModelIsNotMistakenForADerivedOne() throws {
        let folder = try TemporaryFolder()
        let dispute = try sampleCase(folder)
        let reference = Repository.samples.appendingPathComponent("case/reference").path
        #expect(try Command.exhibit(["add", dispute, reference, "--party", "reference"]).status == 0)
        let weights = "compare.weights.independence,compare.weights.layer_statistics"
        let control = try compared([dispute, "--left", "claimant", "--right", "reference", "--methods", weights])
        let independence = try #require(control["compare.weights.independence"])
        #expect((independence["p_value"] as? Double ?? 0) > 0.01)
        #expect((independence["interpretation"] as? String ?? "").contains("not rejected"))
        let parties = try compared([dispute, "--left", "claimant", "--right", "respondent", "--methods", weights])
        let unrelated = try #require((parties["compare.weights.layer_statistics"]?["null"] as? [String: Any])?["unrelated_models"] as? [[String: Any]])
        #expect(unrelated.map { $0["model"] as? String } == ["reference/cirrus-mini.safetensors"])
        let inputs = try #require(parties["compare.weights.layer_statistics"]?["inputs"] as? [[String: Any]])
        #expect(inputs.contains { $0["role"] as? String == "reference" && $0["evidence_path"] as? String == "reference/cirrus-mini.safetensors"
                                  && ($0["sha256"] as? String)?.count == 64 })
    }
}
