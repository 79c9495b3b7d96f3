import Foundation

/// Everything one original yielded: written in one transaction, or not at all.
///
/// Exhibit fields of the records are filled in by ``CaseFile/write(_:)``.
public struct OriginalBatch: Sendable {
    /// The original first, then its members in the order they were read.
    public var artifacts: [ArtifactRecord]
    public var findings: [FindingRecord]
    public var entities: [EntityRecord]
    public var mentions: [MentionRecord]
    /// Custody entries for the acquisition and extraction of this original.
    public var custody: [CustodyRecord]

    public init(artifacts: [ArtifactRecord], findings: [FindingRecord], entities: [EntityRecord],
                mentions: [MentionRecord], custody: [CustodyRecord]) {
        self.artifacts = artifacts
        self.findings = findings
        self.entities = entities
        self.mentions = mentions
        self.custody = custody
    }

    /// The original's record.
    public var original: ArtifactRecord { artifacts[0] }
}
