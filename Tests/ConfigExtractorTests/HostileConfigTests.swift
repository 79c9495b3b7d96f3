import EvidenceKit
import Foundation
import Testing
@testable import ConfigExtractor

/// Issue 21's hostile configuration files: each stops at its budget with a limitation, keeps
/// what it read before, and never recurses deeper than the nesting budget.
@Suite struct HostileConfigTests {
    private func extract(_ name: String, _ text: String, limits: ExtractionLimits = .init()) throws -> CollectingSink {
        try extract(name, Data(text.utf8), limits: limits)
    }

    private func extract(_ name: String, _ data: Data, limits: ExtractionLimits = .init()) throws -> CollectingSink {
        let sink = CollectingSink()
        try ConfigExtractor().extract(Artifact(name: name, head: data.prefix(65_536), content: DataByteSource(data),
                                               limits: limits), into: sink)
        return sink
    }

    private func limits(_ sink: CollectingSink) -> [String] {
        sink.findings.filter { $0.kind == "limitation" }.compactMap { $0.attributes["limit"]?.description }
    }

    private func entries(_ sink: CollectingSink) -> [String: Value] {
        Dictionary(sink.findings.filter { $0.kind == "config.entry" }.compactMap { finding in
            finding.attributes["key"].flatMap { key in finding.attributes["value"].map { ("\(key)", $0) } }
        }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Item 1: nesting, checked before the recursion

    /// `- - - … x` and `? ? ? … x` (10,000 levels, 20 KB) crashed `exhibit add`; the entries
    /// before them are kept.
    @Test(arguments: ["- ", "? ", "- ? "])
    func deepBlockYAMLStopsAtTheDepth(_ indicator: String) throws {
        let sink = try extract("deep.yaml", "first: kept\nsecond:\n  " + String(repeating: indicator, count: 10_000) + "x\n")
        #expect(limits(sink) == ["nesting_depth"])
        #expect(entries(sink)["/first"] == "kept")
    }

    /// Aliases can nest a tree deeper than its text: each one that would pass the depth is left out.
    @Test func yamlAliasesCannotNestPastTheDepth() throws {
        var text = "a0: &a0 [x]\n"
        for level in 1..<1000 { text += "a\(level): &a\(level) [*a\(level - 1)]\n" }
        let sink = try extract("chain.yaml", text)
        #expect(limits(sink).contains("nesting_depth"))
        #expect(entries(sink)["/a3/0/0/0/0"] == "x")
    }

    /// TOML arrays and inline tables 20,000–100,000 deep, a dotted key of 10,000 parts, a table
    /// header as deep: skipped, counted in one limitation, and the lines around them read.
    @Test func deepTOMLIsSkippedWithoutRecursion() throws {
        let keyParts = Array(repeating: "a", count: 10_000).joined(separator: ".")
        let text = "before = 1\n"
            + "arrays = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
            + "tables = " + String(repeating: "{b = ", count: 20_000) + "1" + String(repeating: "}", count: 20_000) + "\n"
            + "\(keyParts) = 1\n"
            + "multi = [\n" + String(repeating: "[\n", count: 20_000) + String(repeating: "]\n", count: 20_000) + "]\n"
            + "after = 2\n"
            + "[\(keyParts)]\nunder_the_deep_table = 3\n"
            + "[shallow]\nlast = 4\n"
        let sink = try extract("deep.toml", text)
        #expect(limits(sink) == ["nesting_depth"])
        #expect(sink.findings.contains { $0.kind == "limitation" && $0.summary.hasPrefix("5 key(s) or value(s)") })
        let read = entries(sink)
        #expect(read["/before"] == 1 && read["/after"] == 2 && read["/shallow/last"] == 4)
        #expect(read.keys.allSatisfy { !$0.contains("under_the_deep_table") })
        #expect(!sink.findings.contains { $0.kind == "extraction.warning" })
    }

    @Test func deepJSONAndFlowYAMLStillStop() throws {
        let deep = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        #expect(limits(try extract("deep.json", deep)) == ["nesting_depth"])
        #expect(limits(try extract("deep.yaml", "a: " + deep)) == ["nesting_depth"])
    }

    // MARK: Item 2: memory, bounded by nodes and bytes

    /// A flow map, an inline table and a line format past the node budget: each parser stops
    /// there with a limitation and keeps what it built.
    @Test(arguments: [
        ("flow.yaml", "{" + (0..<5000).map { "k\($0): \($0)" }.joined(separator: ", ") + "}\n"),
        ("inline.toml", "a = {" + (0..<5000).map { "k\($0) = \($0)" }.joined(separator: ", ") + "}\n"),
        ("lines.env", (0..<5000).map { "K\($0)=\($0)" }.joined(separator: "\n")),
        ("nested.toml", "a = " + String(repeating: "[1, ", count: 400) + "2" + String(repeating: "]", count: 400) + "\n"
            + (0..<5000).map { "k\($0) = \($0)" }.joined(separator: "\n")),
    ])
    func parsersStopAtTheNodeBudget(_ name: String, _ text: String) throws {
        let sink = try extract(name, text, limits: ExtractionLimits(maxParsedNodes: 1000))
        #expect(limits(sink).contains("parsed_nodes"), "\(limits(sink))")
        let read = entries(sink).count
        #expect(read > 400 && read <= 1000, "\(read)")
    }

    /// 300 levels of 20 KB keys make every pointer 6 MB: such paths are not followed, in JSON
    /// (where the scanner held one per level: 6.4 GB) as in a parsed tree.
    @Test func longKeyPathsAreNotFollowed() throws {
        let key = String(repeating: "k", count: 20_000)
        let json = (0..<300).map { "{\"\(key)\($0)\": " }.joined() + "1" + String(repeating: "}", count: 300)
        let sink = try extract("long.json", json, limits: ExtractionLimits(maxNestingDepth: 512))
        #expect(limits(sink) == ["config_entries"])
        #expect(entries(sink).isEmpty)
        // Explicit keys (`? key`) may be longer than a simple key's 1,024 characters.
        let yaml = "? \(key)0\n" + (0..<300).map { String(repeating: "  ", count: $0) + ": ? \(key)\($0 + 1)\n" }.joined()
            + String(repeating: "  ", count: 300) + ": 1\n"
        let yamlSink = try extract("long.yaml", yaml, limits: ExtractionLimits(maxNestingDepth: 512))
        #expect(limits(yamlSink).contains("config_entries"), "\(limits(yamlSink))")
    }

    /// An alias repeating one 1 MB value: the entries stop at the bytes an extractor may hold.
    @Test func entriesStopAtTheMemoryBudget() throws {
        let text = "big: &big " + String(repeating: "v", count: 1 << 20) + "\ncopies: [" + Array(repeating: "*big", count: 100).joined(separator: ", ") + "]\n"
        let sink = try extract("aliases.yaml", text, limits: ExtractionLimits(maxInMemoryBytes: 8 << 20))
        #expect(limits(sink) == ["config_entries"])
        #expect(sink.findings.filter { $0.kind == "config.entry" }.count < 10)
    }

    /// An alias bomb of collections summarized whole (maps of 64 words each, four levels: 16
    /// million values) stops at the values its summaries may take, with a limitation.
    @Test func summarizedAliasBombsStopToo() throws {
        func level(_ name: String, _ value: String) -> String {
            "\(name): &\(name) {" + (0..<64).map { "\"<\($0)>\": \(value)" }.joined(separator: ", ") + "}\n"
        }
        let text = level("a", "x") + level("b", "*a") + level("c", "*b") + level("d", "*c")
        let sink = try extract("bomb.yaml", text)
        #expect(limits(sink).contains("parsed_nodes"), "\(limits(sink))")
        #expect(sink.findings.contains { $0.kind == "config.map" })
    }

    // MARK: Item 3: time

    /// 300,000 `[tN]` tables, each found by a dictionary (a scan of every earlier one took 179 s).
    @Test func manyTOMLTablesAreAllRead() throws {
        let text = (0..<300_000).map { "[t\($0)]\nx = \($0)\n" }.joined()
        let sink = try extract("tables.toml", text, limits: ExtractionLimits(maxParsedNodes: 1_000_000))
        #expect(limits(sink) == ["config_entries"])   // 300,000 entries: the first 50,000 recorded
        #expect(entries(sink)["/t49999/x"] == 49_999)
    }

    /// With the deadline already past, each parser stops at its first clock check, keeps what it
    /// read, and says so; the recognizers are not run.
    @Test(arguments: ["s.yaml", "s.toml", "s.ini", "s.jsonl"])
    func parsersStopAtTheDeadline(_ name: String) throws {
        let lines: [String]
        switch name {
        case "s.yaml": lines = (0..<20_000).map { "k\($0): \($0)" }
        case "s.toml", "s.ini": lines = (0..<20_000).map { "k\($0) = \($0)" }
        default: lines = (0..<20_000).map { "{\"k\": \($0)}" }
        }
        let past = DispatchTime.now().uptimeNanoseconds - 1
        let sink = try extract(name, lines.joined(separator: "\n"), limits: ExtractionLimits(deadline: past))
        #expect(limits(sink).contains("seconds_per_artifact"), "\(limits(sink))")
        let read = sink.findings.filter { $0.kind == "config.entry" }.count
        #expect(read > 0 && read < 20_000, "\(read)")
    }

    @Test func jsonStopsAtTheDeadlineBeforeTheRecognizers() throws {
        let tensors = (0..<10_000).map { "\"model.layers.\($0).w\": \"model-1.safetensors\"" }.joined(separator: ", ")
        let past = DispatchTime.now().uptimeNanoseconds - 1
        // The JSON reader checks the clock first: what it read is kept, and no recognizer runs.
        let late = try extract("model.safetensors.index.json", "{\"weight_map\": {\(tensors)}}", limits: ExtractionLimits(deadline: past))
        #expect(limits(late) == ["seconds_per_artifact"])
        #expect(!late.findings.contains { $0.kind == "ml.weights_index" || $0.kind == "extraction.warning" })
        let sink = try extract("model.safetensors.index.json", "{\"weight_map\": {\(tensors)}}")
        let index = try #require(sink.findings.first { $0.kind == "ml.weights_index" })
        #expect(index.attributes["tensors"] == 10_000 && index.attributes["layers"] == 10_000)
    }

    // MARK: Smaller ones

    /// 200,000 documents: 50,000 entries in all (not per document), and the limitation names the
    /// node budget, not aliases.
    @Test func manyYAMLDocumentsShareTheEntryLimit() throws {
        let text = (0..<200_000).map { "---\nv: \($0)\n" }.joined()
        let sink = try extract("docs.yaml", text)
        #expect(sink.findings.filter { $0.kind == "config.entry" }.count == 50_000)
        #expect(Set(limits(sink)) == ["config_entries", "parsed_nodes"])
        #expect(!sink.findings.contains { $0.summary.contains("alias") })
        #expect(sink.findings.first { $0.kind == "config.entry" && $0.attributes["key"] == "/v" && $0.attributes["value"] == 7 }?
            .attributes["document"] == 7)
    }

    @Test(arguments: [(String.Encoding.utf32LittleEndian, "UTF-32"), (.utf32BigEndian, "UTF-32"), (.utf16LittleEndian, "UTF-16")])
    func textWithABOMIsNamedByItsEncoding(_ encoding: String.Encoding, _ name: String) throws {
        let data = try #require("\u{FEFF}{\"a\": 1}".data(using: encoding))
        let sink = try extract("wide.json", data)
        #expect(sink.findings.contains { $0.kind == "extraction.warning" && $0.summary.hasPrefix("\(name) text") })
        #expect(!sink.findings.contains { $0.summary.hasPrefix(name == "UTF-32" ? "UTF-16" : "UTF-32") })
        #expect(entries(sink)["/a"] == 1)
    }

    /// Warnings are bounded too: a file of 5,000 duplicate keys gives 1,000 and one that counts
    /// the rest; CRLF lines are lines.
    @Test func warningsPerFileAreBounded() throws {
        let sink = try extract("dup.ini", "[s]\r\n" + Array(repeating: "k = 1", count: 5001).joined(separator: "\r\n"))
        let warnings = sink.findings.filter { $0.kind == "extraction.warning" }
        #expect(warnings.count == ConfigExtractor.maxWarnings + 1)
        #expect(warnings.last?.summary.hasPrefix("4000 more warnings") == true)
    }
}
