import EvidenceKit
import Foundation
import GRDB

/// One consistent view of a case for long reads such as exports: every query made through it
/// sees the case as it was when ``CaseFile/read(_:)`` began, even while `exhibit add` writes.
///
/// Rows come one at a time from cursors, so memory stays flat however large the case; only the
/// small lists (originals, custody, extractors) are returned whole. Valid only inside the
/// closure that received it.
public struct CaseReader {
    private let db: Database
    private let path: String

    init(db: Database, path: String) {
        self.db = db
        self.path = path
    }

    private func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw CaseStoreError.database(path: path, reason: "\(error)")
        }
    }

    /// The case header.
    public func info() throws -> CaseInfo {
        var values: [String: String] = [:]
        try guarded {
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM case_info") { values[row["key"]] = row["value"] }
        }
        guard let caseID = values["case_id"] else { throw CaseStoreError.notACase(path: path, reason: "no case header") }
        return CaseInfo(caseID: caseID, title: values["title"] ?? "", examiner: values["examiner"] ?? "",
                        organization: values["organization"] ?? "", created: values["created"] ?? "",
                        schemaVersion: Int(values["schema_version"] ?? "") ?? 0)
    }

    /// The originals, in exhibit order.
    public func originals() throws -> [ArtifactRecord] {
        try guarded {
            try ArtifactRecord.fetchAll(db, sql: "SELECT \(ArtifactRecord.selection) FROM artifact WHERE parent_id IS NULL ORDER BY exhibit_sequence")
        }
    }

    /// The originals in exhibit order, one at a time (a case of 50,000 loose files: their
    /// records held whole were tens of megabytes of a bundle's memory).
    public func forEachOriginal(_ body: (ArtifactRecord) throws -> Void) throws {
        let cursor = try guarded {
            try ArtifactRecord.fetchCursor(db, sql: "SELECT \(ArtifactRecord.selection) FROM artifact WHERE parent_id IS NULL ORDER BY exhibit_sequence")
        }
        while let record = try guarded({ try cursor.next() }) { try body(record) }
    }

    /// Every artifact (or one exhibit's): originals in exhibit order, each followed by its
    /// members in read order.
    public func forEachArtifact(exhibit: String? = nil, _ body: (ArtifactRecord) throws -> Void) throws {
        let filter = exhibit == nil ? "" : " WHERE exhibit = ?"
        let cursor = try guarded {
            try ArtifactRecord.fetchCursor(db, sql: "SELECT \(ArtifactRecord.selection) FROM artifact\(filter) ORDER BY exhibit_sequence, ordinal",
                                           arguments: StatementArguments(exhibit.map { [$0] } ?? []))
        }
        while let record = try guarded({ try cursor.next() }) { try body(record) }
    }

    /// The findings a query selects, in its order.
    public func forEachFinding(_ query: FindingQuery = FindingQuery(), _ body: (FindingRecord) throws -> Void) throws {
        let filter = query.filter
        let cursor = try guarded {
            try FindingRecord.fetchCursor(db, sql: "SELECT \(FindingRecord.selection) FROM finding" + filter.sql + query.orderBy,
                                          arguments: StatementArguments(filter.arguments))
        }
        while let record = try guarded({ try cursor.next() }) { try body(record) }
    }

    /// How many findings a query selects.
    public func countFindings(_ query: FindingQuery = FindingQuery()) throws -> Int {
        let filter = query.filter
        return try guarded {
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finding" + filter.sql,
                             arguments: StatementArguments(filter.arguments)) ?? 0
        }
    }

    /// Every entity, by kind, value and id.
    public func forEachEntity(_ body: (EntityRecord) throws -> Void) throws {
        let cursor = try guarded { try EntityRecord.fetchCursor(db, sql: "SELECT * FROM entity ORDER BY kind, value, id") }
        while let record = try guarded({ try cursor.next() }) { try body(record) }
    }

    /// Every `mentions` edge, in the order of the entities it points to, then finding and role.
    public func forEachMention(_ body: (MentionRecord) throws -> Void) throws {
        let cursor = try guarded {
            try MentionRecord.fetchCursor(db, sql: """
                SELECT mention.* FROM mention JOIN entity ON entity.id = mention.entity_id
                ORDER BY entity.kind, entity.value, entity.id, mention.finding_id, mention.role
                """)
        }
        while let record = try guarded({ try cursor.next() }) { try body(record) }
    }

    /// How many entities of each kind, by kind.
    public func entityCounts() throws -> [(kind: String, count: Int)] {
        try guarded {
            try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM entity GROUP BY kind ORDER BY kind")
                .map { (kind: $0["kind"], count: $0["n"]) }
        }
    }

    /// The custody log in order.
    public func custody() throws -> [CustodyRecord] {
        try guarded { try CustodyRecord.fetchAll(db, sql: "SELECT * FROM custody ORDER BY sequence") }
    }

    /// The custody log in order, one entry at a time (it grows with the originals: two or three
    /// entries each).
    public func forEachCustody(_ body: (CustodyRecord) throws -> Void) throws {
        let cursor = try guarded { try CustodyRecord.fetchCursor(db, sql: "SELECT * FROM custody ORDER BY sequence") }
        while let record = try guarded({ try cursor.next() }) { try body(record) }
    }

    /// The extractors that examined artifacts, by id, each with the version its first finding records.
    public func extractors() throws -> [(id: String, version: String?)] {
        try guarded {
            try String.fetchAll(db, sql: """
                SELECT DISTINCT extractor_id FROM artifact WHERE extractor_id IS NOT NULL ORDER BY extractor_id
                """).map { id in
                (id, try String.fetchOne(db, sql: """
                    SELECT extractor_version FROM finding WHERE extractor_id = ? ORDER BY exhibit_sequence, ordinal LIMIT 1
                    """, arguments: [id]))
            }
        }
    }

    /// Content found complete in more than one exhibit (the empty file aside): for each SHA-256,
    /// in hash order, the artifacts that hold it, in read order.
    public func forEachSharedContent(_ body: (_ sha256: String, _ artifacts: [ArtifactRecord]) throws -> Void) throws {
        let cursor = try guarded {
            try ArtifactRecord.fetchCursor(db, sql: """
                SELECT \(ArtifactRecord.selection) FROM artifact WHERE hash_complete AND sha256 IN (
                    SELECT sha256 FROM artifact WHERE hash_complete AND sha256 IS NOT NULL AND sha256 <> ?
                    GROUP BY sha256 HAVING COUNT(DISTINCT exhibit) > 1)
                ORDER BY sha256, exhibit_sequence, ordinal
                """, arguments: [Self.emptySHA256])
        }
        try forEachGroup(cursor, key: { $0.sha256 ?? "" }) { try body($0.sha256 ?? "", $1) }
    }

    /// Entities that findings in more than one exhibit mention: each, in entity order, with the
    /// exhibits and evidence paths of those findings.
    public func forEachSharedEntity(
        _ body: (_ entity: EntityRecord, _ places: [(exhibit: String, evidencePath: String)]) throws -> Void
    ) throws {
        let cursor = try guarded {
            try Row.fetchCursor(db, sql: """
                SELECT entity.id, entity.kind, entity.value, finding.exhibit, finding.evidence_path
                FROM entity JOIN mention ON mention.entity_id = entity.id JOIN finding ON finding.id = mention.finding_id
                WHERE entity.id IN (
                    SELECT mention.entity_id FROM mention JOIN finding ON finding.id = mention.finding_id
                    GROUP BY mention.entity_id HAVING COUNT(DISTINCT finding.exhibit) > 1)
                ORDER BY entity.kind, entity.value, entity.id, finding.exhibit_sequence, finding.ordinal
                """)
        }
        let rows = cursor.map { row in
            (entity: EntityRecord(id: row[0], kind: row[1], value: row[2]),
             place: (exhibit: row[3] as String, evidencePath: row[4] as String))
        }
        try forEachGroup(rows, key: { $0.entity.id }) { first, group in try body(first.entity, group.map(\.place)) }
    }

    /// The case at a glance: exhibits with their member counts, parties, counts by kind, and the
    /// limitations and extraction errors in full.
    public func summary() throws -> CaseSummary {
        let info = try info()
        let originals = try originals()
        var members: [String: Int] = [:]
        var byKind: [String: Int] = [:]
        try guarded {
            for row in try Row.fetchAll(db, sql: "SELECT exhibit, COUNT(*) - 1 AS members FROM artifact GROUP BY exhibit") {
                members[row["exhibit"]] = row["members"]
            }
            for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM finding GROUP BY kind") {
                byKind[row["kind"]] = row["n"]
            }
        }
        var parties: [String: Int] = [:]
        for original in originals { parties[original.party ?? "unassigned", default: 0] += 1 }
        func all(_ kind: FindingKind) throws -> [FindingRecord] {
            var found: [FindingRecord] = []
            try forEachFinding(FindingQuery(kinds: [kind.rawValue])) { found.append($0) }
            return found
        }
        func count(_ table: String) throws -> Int {
            try guarded { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
        }
        return CaseSummary(
            info: info,
            exhibits: originals.map {
                CaseSummary.Exhibit(exhibit: $0.exhibit, name: $0.name, party: $0.party, size: $0.size,
                                    sha256: $0.sha256, members: members[$0.exhibit] ?? 0)
            },
            parties: parties, artifactCount: try count("artifact"), findingCount: try count("finding"),
            findingsByKind: byKind, entityCount: try count("entity"),
            limitations: try all(.limitation), errors: try all(.extractionError))
    }

    /// Runs of consecutive cursor elements with the same key.
    private func forEachGroup<C: Cursor>(_ cursor: C, key: (C.Element) -> String,
                                         _ body: (C.Element, [C.Element]) throws -> Void) throws {
        var group: [C.Element] = []
        while let element = try guarded({ try cursor.next() }) {
            if let first = group.first, key(first) != key(element) {
                try body(first, group)
                group.removeAll(keepingCapacity: true)
            }
            group.append(element)
        }
        if let first = group.first { try body(first, group) }
    }

    private static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
