import CaseStore
import EvidenceFormats
import EvidenceKit
import ExhibitFoundation
import ExhibitTestSupport
import Foundation
import Testing
@testable import CaseAnalyses

/// `compare.code` on generated code with known answers: a renamed copy moved down a file is
/// found at its lines on both sides, independent code is not, and code the case holds as a third
/// party's (or repeated across a side) is set apart rather than scored.
@Suite struct CodeComparisonTests {
    private let info = CaseInfo(caseID: "c0ffee00-0000-4000-8000-000000000019", title: "t", examiner: "e",
                                organization: "", created: "2026-01-01T00:00:00Z")

    private func entry(_ method: String) -> CustodyRecord {
        CustodyRecord(time: "2026-01-02T00:00:00Z", action: Comparison.action, examiner: "e", host: "h", tool: "exhibit",
                      toolVersion: "0.1.0", command: "exhibit compare", exhibit: nil, details: "{}")
    }

    /// `count` statements of seeded random arithmetic, one per line, each with its own constants:
    /// two seeds share no run of tokens.
    private func code(seed: UInt64, count: Int, name: String = "x") -> String {
        var generator = SeededGenerator(seed: seed)
        let operators = ["+", "-", "*", "/", "%"]
        return (0..<count).map { line in
            let a = Int.random(in: 0...9_999, using: &generator), b = Int.random(in: 0...9_999, using: &generator)
            let op = operators[Int.random(in: 0..<operators.count, using: &generator)]
            return "\(name)\(line) = (\(name) \(op) \(a)) * \(b)"
        }.joined(separator: "\n") + "\n"
    }

    private func fingerprinted(_ name: String, party: String, _ source: String) -> SyntheticOriginal {
        let finding = Winnowing.of(source, language: .python).finding(language: .python, lines: source.split(separator: "\n").count)
        return SyntheticOriginal(name: name, party: party,
                                 findings: [(EvidencePath(original: name), "code.fingerprints", "code", finding.attributes)])
    }

    private func outcome(_ originals: [SyntheticOriginal], left: String = "claimant",
                         right: String = "respondent") throws -> (AnalysisRecord, [String: Value])? {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("c.exhibit"), info: info)
        for original in originals { try file.write(original.batch) }
        let written = try Comparison.run(file, left: left, right: right,
                                         methods: try Comparison.methods(named: ["compare.code"]), entry: entry)
        guard let analysis = written.first?.0 else { return nil }
        return (analysis, try JSONDecoder().decode([String: Value].self, from: Data(analysis.result.utf8)))
    }

    @Test func aRenamedCopyIsFoundAtItsLinesOnBothSides() throws {
        let theirs = code(seed: 1, count: 40)
        // The respondent's file: 15 lines of its own, then the claimant's 40 renamed, then 10 more of its own.
        let copy = code(seed: 2, count: 15, name: "own") + theirs.replacingOccurrences(of: "x", with: "renamed")
            + code(seed: 3, count: 10, name: "tail")
        let (analysis, result) = try #require(try outcome([fingerprinted("a.py", party: "claimant", theirs),
                                                           fingerprinted("b.py", party: "respondent", copy)]))
        #expect(analysis.pValue == nil && (analysis.score ?? 0) > 0.95)
        guard case .list(let pairs)? = result["pairs"], case .object(let pair)? = pairs.first,
              case .list(let spans)? = pair["spans"], case .object(let span)? = spans.first else {
            Issue.record("no pair: \(result)")
            return
        }
        #expect(pairs.count == 1 && spans.count == 1)
        // Lines 1–40 on the left are lines 16–55 on the right, give or take the edges winnowing leaves.
        guard case .string(let left)? = span["left_lines"], case .string(let right)? = span["right_lines"] else { return }
        let l = left.split(separator: "-").compactMap { Int($0) }, r = right.split(separator: "-").compactMap { Int($0) }
        #expect(l.count == 2 && r.count == 2 && r[0] - l[0] == 15 && r[1] - l[1] == 15, "\(left) ⇄ \(right)")
        #expect(l[0] <= 3 && l[1] >= 38)
        #expect(!analysis.interpretation.lowercased().contains("copied"))
    }

    @Test func independentCodeSharesNothing() throws {
        let (analysis, result) = try #require(try outcome([fingerprinted("a.py", party: "claimant", code(seed: 4, count: 60)),
                                                           fingerprinted("b.py", party: "respondent", code(seed: 5, count: 60))]))
        #expect(analysis.score == 0 && result["document_pairs"] == 0)
        #expect(analysis.interpretation.contains("No run of"))
    }

    /// Code a third party holds too (a public library both vendor) is set apart; so is code
    /// repeated in more than ten documents of one side.
    @Test func commonCodeIsSetApartNotScored() throws {
        let library = code(seed: 6, count: 30, name: "lib")
        let boilerplate = code(seed: 7, count: 10, name: "header")
        var originals = [
            fingerprinted("a.py", party: "claimant", library + code(seed: 8, count: 20)),
            fingerprinted("b.py", party: "respondent", library + code(seed: 9, count: 20)),
            fingerprinted("public.py", party: "public", library),
        ]
        for index in 0..<11 {
            originals.append(fingerprinted("h\(index).py", party: "claimant", boilerplate + code(seed: 100 + UInt64(index), count: 5)))
        }
        originals.append(fingerprinted("h.py", party: "respondent", boilerplate))
        let (analysis, result) = try #require(try outcome(originals))
        #expect(analysis.score == 0 && result["document_pairs"] == 0, "\(result)")
        guard case .integer(let reference)? = result["ignored_as_reference_code"],
              case .integer(let common)? = result["ignored_as_boilerplate"] else { return }
        #expect(reference > 3 && common > 0)
        guard case .object(let null)? = result["null"] else { return }
        #expect(null["reference_documents"] == 1)
        // The reference is an input like the sides', with the digest of the file it is in.
        guard case .list(let inputs)? = result["inputs"] else { return }
        #expect(inputs.contains { input in
            guard case .object(let fields) = input, fields["role"] == "reference", case .string(let digest)? = fields["sha256"] else { return false }
            return digest == "public.py"
        })
    }

    /// Exhibits compared: a third copy in another exhibit of the same party is not "reference
    /// code" — only another party's is — so the match between the two exhibits stands.
    @Test func anotherExhibitOfTheSamePartyIsNotReferenceCode() throws {
        let shared = code(seed: 11, count: 40)
        var a = fingerprinted("a.py", party: "claimant", shared), c = fingerprinted("c.py", party: "claimant", shared)
        var b = fingerprinted("b.py", party: "respondent", shared)
        a.exhibit = "EX-0001"; c.exhibit = "EX-0002"; b.exhibit = "EX-0003"
        let (analysis, result) = try #require(try outcome([a, c, b], left: "EX-0001", right: "EX-0003"))
        #expect((analysis.score ?? 0) > 0.95 && result["ignored_as_reference_code"] == 0)
    }

    /// Repetitive code — a long table of zeros on both sides — keeps one fingerprint per window
    /// (robust winnowing), not one per repetition, and matches each hash once per pair of files.
    @Test func repetitiveCodeDoesNotMultiplyMatches() throws {
        let table = "table = [" + String(repeating: "0, ", count: 50_000) + "]\n"
        let winnowing = Winnowing.of(table, language: .python)
        #expect(winnowing.tokens > 100_000 && winnowing.fingerprints.count <= winnowing.tokens / (Winnowing.standardWindow - 1))
        #expect(Set(winnowing.fingerprints.map(\.hash)).count < 20)
        let (_, result) = try #require(try outcome([fingerprinted("a.py", party: "claimant", table),
                                                    fingerprinted("b.py", party: "respondent", table)]))
        guard case .list(let pairs)? = result["pairs"], case .object(let pair)? = pairs.first else { Issue.record("\(result)"); return }
        guard case .integer(let shared)? = pair["shared_fingerprints"] else { return }
        #expect(pairs.count == 1 && shared < 20)
    }
}
