import Foundation

/// A sample file and what an extractor must make of it: the extractor's own test.
///
/// Like a lint rule's triggering and non-triggering examples, the same list documents the
/// extractor and drives ``ExampleVerifier``. Each example remembers where it was written, so a
/// failing example points at its line (an example received over the wire has no such place).
///
/// ```swift
/// .yields("archive/release.tar", findings: [.init("archive.format", ["format": "POSIX ustar format"])],
///         members: ["release/config.json"])
/// .declines("archive/not-an-archive.txt")
/// ```
public struct ExtractorExample: Sendable, Hashable, Codable {
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
    /// Where the example was written (empty for a descriptor read from JSON).
    public let sourceFile: String
    public let sourceLine: Int

    /// A file the extractor must accept, yielding at least `findings` and `members`.
    public static func yields(_ file: String, findings: [ExpectedFinding] = [], members: [String] = [],
                              failing: Bool = false,
                              sourceFile: String = #filePath, sourceLine: Int = #line) -> ExtractorExample {
        ExtractorExample(file: file, findings: findings, members: members, mustDecline: false,
                         mustFail: failing, sourceFile: sourceFile, sourceLine: sourceLine)
    }

    /// A file the extractor must decline.
    public static func declines(_ file: String, sourceFile: String = #filePath, sourceLine: Int = #line) -> ExtractorExample {
        ExtractorExample(file: file, findings: [], members: [], mustDecline: true, mustFail: false,
                         sourceFile: sourceFile, sourceLine: sourceLine)
    }

    enum CodingKeys: String, CodingKey {
        case file, findings, members
        case mustDecline = "must_decline", mustFail = "must_fail"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        file = try container.decode(String.self, forKey: .file)
        findings = try container.decodeIfPresent([ExpectedFinding].self, forKey: .findings) ?? []
        members = try container.decodeIfPresent([String].self, forKey: .members) ?? []
        mustDecline = try container.decodeIfPresent(Bool.self, forKey: .mustDecline) ?? false
        mustFail = try container.decodeIfPresent(Bool.self, forKey: .mustFail) ?? false
        sourceFile = ""
        sourceLine = 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(findings, forKey: .findings)
        try container.encode(members, forKey: .members)
        try container.encode(mustDecline, forKey: .mustDecline)
        try container.encode(mustFail, forKey: .mustFail)
    }

    private init(file: String, findings: [ExpectedFinding], members: [String], mustDecline: Bool, mustFail: Bool,
                 sourceFile: String, sourceLine: Int) {
        self.file = file
        self.findings = findings
        self.members = members
        self.mustDecline = mustDecline
        self.mustFail = mustFail
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
    }
}
