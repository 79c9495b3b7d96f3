import Foundation

/// Everything one original yields, written in one transaction: its artifacts (the original
/// first), findings with their mentions, entities, and custody entries.
public struct OriginalBatch: Sendable {
    /// The rows, streamed to the case file.
    public var rows: any BatchRows

    public init(rows: any BatchRows) {
        self.rows = rows
    }

    /// A batch of rows in memory.
    public init(artifacts: [ArtifactRecord], findings: [FindingRecord], entities: [EntityRecord],
                mentions: [MentionRecord], custody: [CustodyRecord]) {
        let byFinding = Dictionary(grouping: mentions, by: \.findingID)
        self.init(rows: ArrayBatchRows(
            entities.map(BatchRow.entity) + artifacts.map(BatchRow.artifact)
                + findings.map { BatchRow.finding($0, byFinding[$0.id] ?? []) } + custody.map(BatchRow.custody)))
    }

    /// Every artifact, read into memory, in order (`ordinal`); for small batches and tests.
    public var artifacts: [ArtifactRecord] {
        get throws {
            var all: [ArtifactRecord] = []
            try rows.forEach { if case .artifact(let artifact) = $0 { all.append(artifact) } }
            return all.sorted { $0.ordinal < $1.ordinal }
        }
    }

    /// Every finding, read into memory, in order (`ordinal`).
    public var findings: [FindingRecord] {
        get throws {
            var all: [FindingRecord] = []
            try rows.forEach { if case .finding(let finding, _) = $0 { all.append(finding) } }
            return all.sorted { $0.ordinal < $1.ordinal }
        }
    }

    /// Every mention, read into memory.
    public var mentions: [MentionRecord] {
        get throws {
            var all: [MentionRecord] = []
            try rows.forEach { if case .finding(_, let mentions) = $0 { all += mentions } }
            return all
        }
    }

    /// Every entity mentioned.
    public var entities: [EntityRecord] {
        get throws {
            var all: [EntityRecord] = []
            try rows.forEach { if case .entity(let entity) = $0 { all.append(entity) } }
            return all
        }
    }

    /// The custody entries.
    public var custody: [CustodyRecord] {
        get throws {
            var all: [CustodyRecord] = []
            try rows.forEach { if case .custody(let entry) = $0 { all.append(entry) } }
            return all
        }
    }

    /// The original's own record.
    public var original: ArtifactRecord {
        get throws { try artifacts[0] }
    }
}
