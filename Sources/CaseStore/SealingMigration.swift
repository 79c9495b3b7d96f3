import ExhibitFoundation
import Foundation
import GRDB

/// Schema v5. New tables: `analysis` and `analysis_input` (conclusions, with their inputs and
/// roles) and `series` (a finding's metric, its points in one blob); an index on the time of
/// events, for the timeline; and the custody hash chain: every sealed table gains `record` (the
/// custody entry whose write added the row) and `row_digest` (the first 16 bytes of the row's own SHA-256), and the
/// custody log gains each entry's place in the chain (``CustodyChain``).
///
/// A case written before v5 is sealed as found: its custody entries are chained in their order,
/// then one `case.migrate` entry seals every row already in the case. What happened to those
/// rows before this moment is not covered by the chain, and the entry says so.
enum SealingMigration {
    static func run(_ db: Database) throws {
        for table in ["case_info", "artifact", "finding", "entity", "mention"] {
            try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN record INTEGER; ALTER TABLE \(table) ADD COLUMN row_digest BLOB")
        }
        try db.execute(sql: """
            ALTER TABLE custody ADD COLUMN previous_sha256 TEXT;
            ALTER TABLE custody ADD COLUMN rows INTEGER;
            ALTER TABLE custody ADD COLUMN rows_sha256 TEXT;
            ALTER TABLE custody ADD COLUMN entry_sha256 TEXT;
            CREATE TABLE analysis (
                id TEXT PRIMARY KEY,
                method TEXT NOT NULL,
                method_version TEXT NOT NULL,
                parameters TEXT NOT NULL,
                subject TEXT NOT NULL,
                score REAL,
                statistic TEXT,
                p_value REAL,
                controls TEXT,
                result TEXT NOT NULL,
                interpretation TEXT NOT NULL,
                limits TEXT NOT NULL,
                tool TEXT NOT NULL,
                tool_version TEXT NOT NULL,
                time TEXT NOT NULL,
                record INTEGER,
                row_digest BLOB
            );
            CREATE INDEX analysis_order ON analysis(method, subject, id);
            CREATE TABLE analysis_input (
                analysis_id TEXT NOT NULL REFERENCES analysis(id) DEFERRABLE INITIALLY DEFERRED,
                node_id TEXT NOT NULL,
                node_kind TEXT NOT NULL,
                role TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                record INTEGER,
                row_digest BLOB,
                PRIMARY KEY (analysis_id, node_id, role)
            );
            CREATE INDEX analysis_input_node ON analysis_input(node_id);
            CREATE TABLE series (
                id TEXT PRIMARY KEY,
                finding_id TEXT NOT NULL REFERENCES finding(id) DEFERRABLE INITIALLY DEFERRED,
                ordinal INTEGER NOT NULL,
                name TEXT NOT NULL,
                unit TEXT NOT NULL,
                axis TEXT NOT NULL,
                count INTEGER NOT NULL,
                points BLOB NOT NULL,
                record INTEGER,
                row_digest BLOB
            );
            CREATE INDEX series_finding ON series(finding_id);
            CREATE INDEX finding_time ON finding(time_utc, exhibit_sequence, ordinal) WHERE time_utc IS NOT NULL;
            UPDATE case_info SET value = '5' WHERE key = 'schema_version';
            """)
        try chainCustody(db)
        // A new case is empty here: its first entry (`case.create`) seals its header.
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_info") ?? 0 > 0 else { return }
        try seal(db)
    }

    /// Chains the entries already in the log, in their order, as if appended one by one.
    private static func chainCustody(_ db: Database) throws {
        var previous = CustodyChain.genesis
        let entries = try Row.fetchAll(db, sql: "SELECT \(CustodyRecord.selection) FROM custody ORDER BY sequence")
            .map { try RowReader.read(CustodyRecord.self, from: $0) }
        for var entry in entries {
            entry.previousSHA256 = previous
            entry.rows = 0
            entry.rowsSHA256 = RowSetDigest().hex
            entry.entrySHA256 = CustodyChain.digest(entry)
            try db.execute(sql: """
                UPDATE custody SET previous_sha256 = ?, rows = ?, rows_sha256 = ?, entry_sha256 = ? WHERE sequence = ?
                """, arguments: [entry.previousSHA256, entry.rows, entry.rowsSHA256, entry.entrySHA256, entry.sequence])
            previous = entry.entrySHA256!
        }
    }

    /// Seals every row in the case under one `case.migrate` entry, a few thousand rows at a time.
    private static func seal(_ db: Database) throws {
        let head = try CustodyChain.head(db)
        var rows = RowSetDigest()
        for table in SealedTable.all {
            let update = try db.makeStatement(sql: "UPDATE \(table.name) SET record = ?, row_digest = ? WHERE rowid = ?")
            var after = Int64.min
            while true {
                var batch: [(Int64, [UInt8])] = []
                try table.scan(db, after: after, limit: 4096, sealing: head.next) { batch.append(($0.rowid, $0.recomputed)) }
                guard let last = batch.last else { break }
                for (rowid, digest) in batch {
                    try update.execute(arguments: [head.next, Data(digest.prefix(Seal.storedDigestLength)), rowid])
                    rows.add(digest)
                }
                after = last.0
            }
        }
        let examiner = try String.fetchOne(db, sql: "SELECT value FROM case_info WHERE key = 'examiner'") ?? ""
        let entry = CustodyRecord(
            time: UTCTime.iso8601(Int64(Date().timeIntervalSince1970)), action: "case.migrate", examiner: examiner,
            host: ProcessInfo.processInfo.hostName, tool: ToolInfo.name, toolVersion: ToolInfo.version,
            command: ToolInfo.currentCommandLine(), exhibit: nil,
            details: CanonicalJSON.encode([
                "from_schema": "4", "to_schema": "5",
                "note": "the rows in the case when it was opened by this version, sealed as found; "
                    + "what happened to them before this entry is not covered by the chain",
            ]))
        try CustodyChain.append([entry], sealing: rows, after: head, db)
    }
}
