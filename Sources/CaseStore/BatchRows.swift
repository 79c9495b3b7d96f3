/// The rows of one original, handed to ``CaseFile/write(_:)`` one at a time, so that an
/// archive of a million members is written without holding a million records in memory.
///
/// The ingest pipeline's rows come from a spool and get their ids as they are read;
/// ``ArrayBatchRows`` serves rows already in memory.
public protocol BatchRows: Sendable {
    /// Every artifact, in no particular order (a member may come before its container).
    func forEachArtifact(_ body: (ArtifactRecord) throws -> Void) throws
    /// Every finding with the entity mentions it makes.
    func forEachFinding(_ body: (FindingRecord, [MentionRecord]) throws -> Void) throws
}

/// Rows already in memory.
public struct ArrayBatchRows: BatchRows {
    public var artifacts: [ArtifactRecord]
    public var findings: [FindingRecord]
    public var mentions: [MentionRecord]

    public init(artifacts: [ArtifactRecord], findings: [FindingRecord], mentions: [MentionRecord]) {
        self.artifacts = artifacts
        self.findings = findings
        self.mentions = mentions
    }

    public func forEachArtifact(_ body: (ArtifactRecord) throws -> Void) throws {
        for artifact in artifacts { try body(artifact) }
    }

    public func forEachFinding(_ body: (FindingRecord, [MentionRecord]) throws -> Void) throws {
        let byFinding = Dictionary(grouping: mentions, by: \.findingID)
        for finding in findings { try body(finding, byFinding[finding.id] ?? []) }
    }
}
