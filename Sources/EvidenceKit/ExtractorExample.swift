import Foundation

/// A sample file and what an extractor must make of it: the extractor's own test.
///
/// Like a lint rule's triggering and non-triggering examples, the same list documents the
/// extractor and drives ``ExampleVerifier``. Each example remembers where it was written, so a
/// failing example points at its line.
///
/// ```swift
/// .yields("archive/release.tar", findings: [.init("archive.format", ["format": "POSIX ustar format"])],
///         members: ["release/config.json"])
/// .declines("archive/not-an-archive.txt")
/// ```
public struct ExtractorExample: Sendable {
    /// The sample's path under `samples/formats/`.
    public let file: String
    /// Findings that must be among what it yields (none for a decline).
    public let findings: [ExpectedFinding]
    /// Member paths a container must report.
    public let members: [String]
    /// Whether the extractor must decline the file.
    public let mustDecline: Bool
    /// Whether extraction must end with an ``EvidenceError`` (after emitting `findings`).
    public let mustFail: Bool
    /// Where the example was written.
    public let sourceFile: StaticString
    public let sourceLine: UInt

    /// A file the extractor must accept, yielding at least `findings` and `members`.
    public static func yields(_ file: String, findings: [ExpectedFinding] = [], members: [String] = [],
                              failing: Bool = false,
                              sourceFile: StaticString = #filePath, sourceLine: UInt = #line) -> ExtractorExample {
        ExtractorExample(file: file, findings: findings, members: members, mustDecline: false,
                         mustFail: failing, sourceFile: sourceFile, sourceLine: sourceLine)
    }

    /// A file the extractor must decline.
    public static func declines(_ file: String,
                                sourceFile: StaticString = #filePath, sourceLine: UInt = #line) -> ExtractorExample {
        ExtractorExample(file: file, findings: [], members: [], mustDecline: true, mustFail: false,
                         sourceFile: sourceFile, sourceLine: sourceLine)
    }
}
