import Foundation
import GRDB

/// The case file's schema and its migrations. A newer Exhibit opens an older case by running
/// the migrations it lacks; an older Exhibit refuses a newer case.
public enum CaseSchema {
    /// The schema this build writes.
    public static let currentVersion = 5

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE case_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE artifact (
                    id TEXT PRIMARY KEY,
                    original_id TEXT NOT NULL,
                    parent_id TEXT REFERENCES artifact(id),
                    exhibit TEXT NOT NULL,
                    exhibit_sequence INTEGER NOT NULL,
                    ordinal INTEGER NOT NULL,
                    depth INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    member_path TEXT,
                    evidence_path TEXT NOT NULL,
                    source_path TEXT,
                    party TEXT,
                    entry_type TEXT NOT NULL,
                    link_target TEXT,
                    size INTEGER NOT NULL,
                    declared_size INTEGER,
                    sha256 TEXT,
                    hash_complete INTEGER NOT NULL,
                    media_type TEXT,
                    extractor_id TEXT,
                    mode INTEGER,
                    owner TEXT,
                    "group" TEXT,
                    modified TEXT,
                    details TEXT NOT NULL
                );
                CREATE INDEX artifact_order ON artifact(exhibit_sequence, ordinal);
                CREATE INDEX artifact_sha256 ON artifact(sha256);
                CREATE UNIQUE INDEX original_exhibit ON artifact(exhibit) WHERE parent_id IS NULL;
                CREATE TABLE finding (
                    id TEXT PRIMARY KEY,
                    artifact_id TEXT NOT NULL REFERENCES artifact(id),
                    original_id TEXT NOT NULL,
                    exhibit TEXT NOT NULL,
                    exhibit_sequence INTEGER NOT NULL,
                    ordinal INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    attributes TEXT NOT NULL,
                    locator TEXT NOT NULL,
                    evidence_path TEXT NOT NULL,
                    time_utc TEXT,
                    time_original TEXT,
                    time_zone_source TEXT,
                    extractor_id TEXT NOT NULL,
                    extractor_version TEXT NOT NULL
                );
                CREATE INDEX finding_order ON finding(exhibit_sequence, ordinal);
                CREATE INDEX finding_kind ON finding(kind);
                CREATE TABLE entity (id TEXT PRIMARY KEY, kind TEXT NOT NULL, value TEXT NOT NULL);
                CREATE TABLE mention (
                    finding_id TEXT NOT NULL REFERENCES finding(id),
                    entity_id TEXT NOT NULL REFERENCES entity(id),
                    role TEXT NOT NULL,
                    PRIMARY KEY (finding_id, entity_id, role)
                );
                CREATE TABLE custody (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    time TEXT NOT NULL,
                    action TEXT NOT NULL,
                    examiner TEXT NOT NULL,
                    host TEXT NOT NULL,
                    tool TEXT NOT NULL,
                    tool_version TEXT NOT NULL,
                    command TEXT NOT NULL,
                    exhibit TEXT,
                    details TEXT NOT NULL
                );
                """)
        }
        // v2: an original's rows are written in any order (members may precede their container)
        // with foreign keys checked at commit; SQLite resolves each pending reference through an
        // index on the referring column, which also serves "members of" and "findings on" queries.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE INDEX artifact_parent ON artifact(parent_id);
                CREATE INDEX finding_artifact ON finding(artifact_id);
                UPDATE case_info SET value = '2' WHERE key = 'schema_version';
                """)
        }
        // v3: the only lookup by hash is "is this original already in the case?"; an index on
        // every member's SHA-256 cost a random-key insert per member (5% of adding a
        // 50,000-member archive). A later analysis that looks members up by hash builds its index
        // when it first needs it: sorting once is cheaper than a random insert per member.
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                DROP INDEX artifact_sha256;
                CREATE INDEX original_sha256 ON artifact(sha256) WHERE parent_id IS NULL;
                UPDATE case_info SET value = '3' WHERE key = 'schema_version';
                """)
        }
        // v4: foreign keys are declared DEFERRABLE INITIALLY DEFERRED, so a write no longer runs
        // `PRAGMA defer_foreign_keys` — a flag pragma, which expires every prepared statement:
        // each transaction re-prepared all its inserts, the larger part of adding one small file
        // (a folder of 10,000 files: 11.1 s, 8.8 s without). SQLite cannot alter a constraint, so
        // each table is rebuilt from its own stored definition (foreign keys are off during
        // migrations) and its indexes made again. It also indexes `mention.entity_id`, the one
        // referring column without an index: while a write has references still pending (a
        // mention written before its entity), inserting an entity makes SQLite look for the
        // mentions that name it — without the index, a scan of every mention in the case, per
        // entity (10,000 config files: 45 s, 31 s with it).
        migrator.registerMigration("v4") { db in
            for table in ["artifact", "finding", "mention"] {
                guard let definition = try String.fetchOne(
                    db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table])
                else { throw DatabaseError(message: "the case has no \(table) table") }
                let indexes = try String.fetchAll(
                    db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                    arguments: [table])
                let rebuilt = definition
                    .replacingOccurrences(of: "CREATE TABLE \(table) (", with: "CREATE TABLE \(table)_v4 (")
                    .replacingOccurrences(of: #"REFERENCES (\w+)\((\w+)\)"#, with: "REFERENCES $1($2) DEFERRABLE INITIALLY DEFERRED",
                                          options: .regularExpression)
                try db.execute(sql: rebuilt)
                try db.execute(sql: "INSERT INTO \(table)_v4 SELECT * FROM \(table)")
                try db.execute(sql: "DROP TABLE \(table)")
                try db.execute(sql: "ALTER TABLE \(table)_v4 RENAME TO \(table)")
                for index in indexes { try db.execute(sql: index) }
            }
            try db.execute(sql: "CREATE INDEX mention_entity ON mention(entity_id)")
            try db.execute(sql: "UPDATE case_info SET value = '4' WHERE key = 'schema_version'")
        }
        // v5: analyses and series, an index for the timeline, and the custody hash chain with
        // every row sealed (``SealingMigration``).
        migrator.registerMigration("v5") { db in try SealingMigration.run(db) }
        return migrator
    }
}
