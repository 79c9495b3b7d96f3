import EvidenceFormats
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import CodeExtractor

/// The code extractor's findings on `data` in a file called `name`, handed over as the host does.
private func extractCode(_ name: String, _ data: Data, limits: ExtractionLimits = .init()) throws -> [Finding] {
    let sink = CollectingSink()
    try CodeExtractor().extract(Artifact(name: name, head: data.prefix(65_536), content: DataByteSource(data), limits: limits),
                                into: sink)
    return sink.findings
}

private func fingerprints(_ finding: Finding?) -> [CodeFingerprint] {
    guard case .list(let items)? = finding?.attributes["fingerprints"] else { return [] }
    return items.compactMap { if case .string(let text) = $0 { return CodeFingerprint(text: text) } else { return nil } }
}

private func sample(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: Repository.format("code/" + path)))
}

@Suite struct CodeExtractorTests {
    @Test func examplesHold() {
        for failure in ExampleVerifier.verify(CodeExtractor.self, samples: Repository.formats) {
            Issue.record(Comment(rawValue: failure.description))
        }
    }

    /// Renaming every variable, reformatting as black does and rewriting the comments changes no
    /// token: the two files share every fingerprint but those covering the rewritten docstring.
    @Test func aRenamedReformattedCopyKeepsItsFingerprints() throws {
        let original = fingerprints(try extractCode("ppo_loss.py", try sample("ppo_loss.py")).first)
        let renamed = fingerprints(try extractCode("ppo_loss_renamed.py", try sample("ppo_loss_renamed.py")).first)
        #expect(original.count > 20)
        let shared = Set(original.map(\.hash)).intersection(renamed.map(\.hash))
        #expect(Double(shared.count) / Double(original.count) > 0.9)
        // The lines differ: each side's fingerprints point into its own file.
        #expect(original.contains { mine in renamed.contains { $0.hash == mine.hash && $0.firstLine != mine.firstLine } })
    }

    /// Tokens as the rationale states them: comments and layout dropped, names one placeholder,
    /// strings by content whatever their quotes and prefixes, a formatter's trailing comma dropped.
    @Test func normalizationIsWhatTheRationaleSays() {
        func tokens(_ text: String, _ language: SourceLanguage = .python) -> [SourceToken] {
            var tokenizer = SourceTokenizer(language: language)
            var found: [SourceToken] = []
            tokenizer.feed(Array(text.utf8)) { found.append($0) }
            tokenizer.finish { found.append($0) }
            return found
        }
        let plain = tokens("f(alpha, 'x', 3E-4)\n")
        #expect(plain.count == 8)
        #expect(plain.map(\.hash) == tokens("# note\nbeta  (  gamma,\n  r\"x\",  3e-4,  )  # trailing\n").map(\.hash))
        #expect(plain.map(\.hash) == tokens("g(h, \"\"\"x\"\"\", 3e-4)").map(\.hash))
        #expect(plain[0].hash == SourceToken(.name, "", line: 1).hash && plain[4].hash == SourceToken(.string, "x", line: 1).hash)
        #expect(plain.map(\.hash) != tokens("f(alpha, 'y', 3e-4)").map(\.hash))
        // Keywords stay themselves; C comments of both kinds go.
        #expect(tokens("for x in y: pass")[0].hash == SourceToken(.keyword, "for", line: 1).hash)
        #expect(tokens("int a = 1; /* gone\n */ // gone\nreturn a;", .cFamily).count == 8)
        // A string spanning lines starts on its first and ends on its last.
        let docstring = tokens("x = '''a\nb\nc'''\n")
        #expect(docstring.last.map { ($0.line, $0.endLine) }! == (1, 3))
    }

    /// Chunk boundaries change nothing: a file read a byte at a time gives the same tokens.
    @Test func chunkBoundariesDoNotMatter() throws {
        let text = try sample("ppo_loss.py") + (try sample("fused_softmax.cu"))
        var whole = SourceTokenizer(language: .python), bytewise = SourceTokenizer(language: .python)
        var a: [SourceToken] = [], b: [SourceToken] = []
        whole.feed(Array(text)) { a.append($0) }
        whole.finish { a.append($0) }
        for byte in text { bytewise.feed([byte]) { b.append($0) } }
        bytewise.finish { b.append($0) }
        #expect(a.count > 300 && a == b)
    }

    /// Winnowing's guarantee: a run of `guarantee` tokens shared by two documents shares a
    /// fingerprint, wherever it sits; runs under `k` never do.
    @Test func winnowingKeepsItsGuarantee() {
        var generator = SystemRandomNumberGenerator()
        func token(_ value: UInt64) -> SourceToken { SourceToken(hash: value, line: 1, endLine: 1) }
        for _ in 0..<50 {
            let shared = (0..<23).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) }
            var left = Winnowing(), right = Winnowing()
            for _ in 0..<Int.random(in: 0...40, using: &generator) { left.add(token(.random(in: 0...UInt64.max, using: &generator))) }
            for _ in 0..<Int.random(in: 0...40, using: &generator) { right.add(token(.random(in: 0...UInt64.max, using: &generator))) }
            for value in shared { left.add(token(value)); right.add(token(value)) }
            for _ in 0..<Int.random(in: 0...40, using: &generator) { left.add(token(.random(in: 0...UInt64.max, using: &generator))) }
            left.finish()
            right.finish()
            #expect(!Set(left.fingerprints.map(\.hash)).isDisjoint(with: right.fingerprints.map(\.hash)))
        }
        var short = Winnowing()
        for value in 0..<11 { short.add(token(UInt64(value))) }
        short.finish()
        #expect(short.fingerprints.isEmpty && short.tokens == 11)
    }

    /// A fingerprint's text reads back to itself, and nothing else reads as one.
    @Test func fingerprintTextRoundTrips() {
        let print = CodeFingerprint(hash: 0xfedc_ba98_7654_3210, firstLine: 7, lastLine: 9)
        #expect(print.text == "fedcba9876543210:7-9" && CodeFingerprint(text: print.text) == print)
        for bad in ["", "fedcba9876543210", "fedcba987654321:7-9", "fedcba9876543210:9-7", "fedcba9876543210:0-1", "zz:1-1"] {
            #expect(CodeFingerprint(text: bad) == nil, "\(bad)")
        }
    }

    /// Hostile sources: a million open brackets, a block comment never closed, a string never
    /// closed over megabytes, invalid UTF-8, a file past the fingerprint limit. Each is read to its
    /// end without recursion or growth, and what could be fingerprinted is.
    @Test func hostileSourcesAreReadToTheirEnd() throws {
        let brackets = try extractCode("deep.js", Data(String(repeating: "(", count: 200_000).utf8))
        #expect(brackets.first?.attributes["tokens"] == 200_000)
        let comment = try extractCode("open.c", Data(("int a = 1;\n/*" + String(repeating: "x\n", count: 100_000)).utf8))
        #expect(comment.first?.attributes["tokens"] == 5 && comment.first?.attributes["lines"] == 100_001)
        let string = try extractCode("open.py", Data(("s = '''" + String(repeating: "y", count: 2_000_000)).utf8))
        #expect(string.first?.attributes["tokens"] == 3)
        let mangled = try extractCode("latin1.py", Data([0x63, 0x61, 0x66, 0xE9, 0x20, 0x3D, 0x20, 0x31, 0xFF, 0x0A]))
        #expect(mangled.first?.attributes["tokens"] == 3)
    }

    /// Past its limit a document keeps counting: the fingerprints it drops are said.
    @Test func fingerprintsPastTheLimitAreCounted() {
        var winnowing = Winnowing(limit: 10)
        for index in 0..<2_000 { winnowing.add(SourceToken(hash: UInt64(index) &* 0x9e37_79b9_7f4a_7c15, line: index + 1, endLine: index + 1)) }
        winnowing.finish()
        #expect(winnowing.fingerprints.count == 10 && winnowing.dropped > 100)
        let sink = CollectingSink()
        winnowing.report(language: .python, lines: 2_000, into: sink)
        #expect(sink.findings.first?.attributes["fingerprints_dropped"] == .integer(Int64(winnowing.dropped)))
        #expect(sink.findings.contains { $0.kind == .limitation })
    }

    /// An independent count: Python's own tokenize module, normalized by the same rules (comments
    /// and layout dropped, multi-character operators counted per character, a trailing comma
    /// before a closing bracket dropped), finds as many tokens in every Python sample.
    @Test func pythonTokenizeCountsTheSameTokens() throws {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else { return }
        for name in ["ppo_loss.py", "ppo_loss_renamed.py", "evaluate", "tiny.py"] {
            let path = Repository.format("code/" + name)
            let result = try Command.run(python, [Repository.root.appendingPathComponent("Tests/CodeExtractorTests/python_tokens.py").path, path])
            let expected = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            let found = try extractCode(name, try Data(contentsOf: URL(fileURLWithPath: path))).first?.attributes["tokens"]
            #expect(expected != nil && found == .integer(Int64(expected!)), "\(name): \(result.stderr)")
        }
    }

    @Test func scriptsAreClaimedByTheirInterpreterLine() {
        #expect(CodeExtractor.claims(head: Data("#!/usr/bin/env python3\nprint(1)\n".utf8), name: "evaluate"))
        #expect(CodeExtractor.claims(head: Data("#!/bin/bash\necho\n".utf8), name: "run"))
        #expect(!CodeExtractor.claims(head: Data("#!/usr/bin/perl\n".utf8), name: "run"))
        #expect(!CodeExtractor.claims(head: Data("#!/bin/sh\n".utf8), name: "notes.txt"))
    }
}
