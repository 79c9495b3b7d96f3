import ExhibitTestSupport
import Foundation
import Testing
@testable import EvidenceKit

/// A tiny extractor for testing the verifier itself: counts lines of `.txt` files.
private struct LineCounter: Extractor {
    static let descriptor = ExtractorDescriptor(
        id: "line_counter", version: "1.0.0", summary: "Counts lines", rationale: "Counts line feeds; sees nothing else.",
        accepts: Acceptance(namePatterns: ["*.txt"]), findingKinds: ["text.lines"],
        examples: [
            .yields("archive/not-an-archive.txt", findings: [ExpectedFinding("text.lines", ["lines": 1], count: 1)]),
            .declines("archive/release.tar"),
        ])

    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        let data = try artifact.content.readAll(limit: artifact.limits.maxInMemoryBytes)
        let lines = data.filter { $0 == 0x0A }.count
        sink.emit(Finding("text.lines", summary: "\(lines) lines", attributes: ["lines": .integer(Int64(lines))]))
    }
}

/// The same extractor with examples that are wrong: the verifier must say so.
private struct WrongLineCounter: Extractor {
    static let descriptor = ExtractorDescriptor(
        id: "wrong", version: "1.0.0", summary: "Claims too much", rationale: "Counts line feeds.",
        accepts: Acceptance(namePatterns: ["*.txt"]), findingKinds: ["text.lines"],
        examples: [
            .yields("archive/not-an-archive.txt", findings: [ExpectedFinding("text.lines", ["lines": 7])]),
            .declines("archive/not-an-archive.txt"),
            .yields("archive/release.tar"),
            .yields("archive/missing-file.txt"),
        ])

    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        try LineCounter().extract(artifact, into: sink)
    }
}

@Suite struct ExampleVerifierTests {
    @Test func examplesThatHoldPass() {
        #expect(ExampleVerifier.verify(LineCounter.self, samples: Repository.formats).isEmpty)
    }

    @Test func everyWrongExampleIsReportedAtItsLine() {
        let failures = ExampleVerifier.verify(WrongLineCounter.self, samples: Repository.formats)
        #expect(failures.count == 4)
        #expect(failures[0].message.contains("expected text.lines [lines=7], found none"))
        #expect(failures[1].message.contains("must be declined"))
        #expect(failures[2].message.contains("was declined"))
        #expect(failures[3].message.contains("cannot open the sample"))
        #expect(Set(failures.map(\.sourceLine)).count == 4)
    }
}
