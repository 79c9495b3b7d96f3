import ExhibitFoundation
import Foundation
import GRDB

/// Originals written into the caller's transaction: each one's rows with the next exhibit number,
/// each row sealed with the custody record its write appends (``CustodyChain``). A write session
/// keeps one for all its originals (its statements are prepared once; making them for each of
/// 10,000 small files cost 2% of adding them).
///
/// Rows arrive in any order (a member before its container, a mention before its entity): the
/// schema's foreign keys are checked when the transaction commits (DEFERRABLE INITIALLY
/// DEFERRED, schema v4). The batch's own custody entries come last; they are appended after the
/// rows, the first carrying the rows' count and digest.
struct OriginalWrite {
    private let db: Database
    private let artifacts: SealedInsert<ArtifactRecord>
    private let findings: SealedInsert<FindingRecord>
    private let mentions: SealedInsert<MentionRecord>
    private let entities: SealedInsert<EntityRecord>
    private let series: SealedInsert<SeriesRecord>
    private let custody: BulkInsert

    init(_ db: Database) throws {
        self.db = db
        artifacts = try SealedInsert(db)
        findings = try SealedInsert(db)
        mentions = try SealedInsert(db, orIgnore: true)
        entities = try SealedInsert(db, orIgnore: true)
        series = try SealedInsert(db)
        custody = try CustodyChain.inserter(db)
    }

    /// Inserts one original's rows with the next exhibit number, on a new writer.
    static func insert(_ batch: OriginalBatch, _ db: Database) throws -> String {
        try OriginalWrite(db).insert(batch)
    }

    /// Inserts one original's rows with the next exhibit number; returns that number.
    func insert(_ batch: OriginalBatch) throws -> String {
        let last = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(exhibit_sequence) FROM artifact")) ?? 0
        let sequence = last + 1
        let exhibit = CaseFile.exhibitNumber(sequence)
        let head = try CustodyChain.head(db)
        let seal = head.next
        let write = self
        var rows = RowSetDigest()
        var entries: [CustodyRecord] = []
        do {
            try batch.rows.forEach { row in
                switch row {
                case .artifact(var artifact):
                    artifact.exhibit = exhibit
                    artifact.exhibitSequence = sequence
                    try write.artifacts.insert(&artifact, seal: seal, into: &rows)
                case .finding(var finding, let made):
                    finding.exhibit = exhibit
                    finding.exhibitSequence = sequence
                    try write.findings.insert(&finding, seal: seal, into: &rows)
                    for mention in made { try write.mentions.insert(mention, seal: seal, into: &rows) }
                case .series(let series):
                    try write.series.insert(series, seal: seal, into: &rows)
                case .entity(let entity):
                    try write.entities.insert(entity, seal: seal, into: &rows)
                case .custody(var entry):
                    entry.exhibit = exhibit
                    entries.append(entry)
                }
            }
        } catch let error as DatabaseError {
            throw error
        } catch {
            throw CaseFile.RowsFailed(error: error)
        }
        if entries.isEmpty { entries = [Self.entry(exhibit: exhibit)] }
        try CustodyChain.append(entries, sealing: rows, after: head, into: custody)
        return exhibit
    }

    /// The record of a batch that brought no custody entries of its own (written outside the
    /// ingest pipeline, as tests do): every write is recorded.
    private static func entry(exhibit: String) -> CustodyRecord {
        CustodyRecord(time: UTCTime.iso8601(Int64(Date().timeIntervalSince1970)), action: "write", examiner: "",
                      host: ProcessInfo.processInfo.hostName, tool: ToolInfo.name, toolVersion: ToolInfo.version,
                      command: ToolInfo.currentCommandLine(), exhibit: exhibit, details: "{}")
    }
}
