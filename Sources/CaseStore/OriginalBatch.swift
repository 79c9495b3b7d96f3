import Foundation

/// Everything one original yields, ready to be written in one transaction: its artifacts
/// (the original first), findings, entities and mentions, and its custody entries.
public struct OriginalBatch: Sendable {
    /// The rows, streamed to the case file.
    public var rows: any BatchRows
    public var entities: [EntityRecord]
    public var custody: [CustodyRecord]

    public init(rows: any BatchRows, entities: [EntityRecord], custody: [CustodyRecord]) {
        self.rows = rows
        self.entities = entities
        self.custody = custody
    }

    /// A batch of rows in memory.
    public init(artifacts: [ArtifactRecord], findings: [FindingRecord], entities: [EntityRecord],
                mentions: [MentionRecord], custody: [CustodyRecord]) {
        self.init(rows: ArrayBatchRows(artifacts: artifacts, findings: findings, mentions: mentions),
                  entities: entities, custody: custody)
    }

    /// Every artifact, read into memory, in order (`ordinal`); for small batches and tests.
    public var artifacts: [ArtifactRecord] {
        get throws {
            var all: [ArtifactRecord] = []
            try rows.forEachArtifact { all.append($0) }
            return all.sorted { $0.ordinal < $1.ordinal }
        }
    }

    /// Every finding, read into memory, in order (`ordinal`).
    public var findings: [FindingRecord] {
        get throws {
            var all: [FindingRecord] = []
            try rows.forEachFinding { finding, _ in all.append(finding) }
            return all.sorted { $0.ordinal < $1.ordinal }
        }
    }

    /// Every mention, read into memory.
    public var mentions: [MentionRecord] {
        get throws {
            var all: [MentionRecord] = []
            try rows.forEachFinding { _, mentions in all += mentions }
            return all
        }
    }

    /// The original's own record.
    public var original: ArtifactRecord {
        get throws { try artifacts[0] }
    }
}
