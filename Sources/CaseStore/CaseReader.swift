import EvidenceKit
import Foundation
import GRDB

/// One consistent view of a SQLite case (``CaseReading``): every query made through it sees the
/// case as it was when ``CaseFile/read(_:)`` began, even while `exhibit add` writes.
///
/// Text is ordered with SQLite's `BINARY` collation, named in every `ORDER BY`: it compares the
/// UTF-8 bytes, the order the protocols promise.
struct CaseReader: CaseView {
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

    /// Calls `body` with each record a query selects (its columns: `R.selection`), one at a time.
    private func forEach<R: StoredRecord>(_ type: R.Type, _ sql: String, _ arguments: StatementArguments = [],
                                          _ body: (R) throws -> Void) throws {
        let cursor = try guarded { try Row.fetchCursor(db, sql: sql, arguments: arguments) }
        while let row = try guarded({ try cursor.next() }) { try body(try guarded { try RowReader.read(R.self, from: row) }) }
    }

    private func all<R: StoredRecord>(_ type: R.Type, _ sql: String, _ arguments: StatementArguments = []) throws -> [R] {
        var records: [R] = []
        try forEach(type, sql, arguments) { records.append($0) }
        return records
    }

    func info() throws -> CaseInfo {
        var values: [String: String] = [:]
        try forEach(CaseInfoEntry.self, "SELECT \(CaseInfoEntry.selection) FROM case_info") { values[$0.key] = $0.value }
        guard let caseID = values["case_id"] else { throw CaseStoreError.notACase(path: path, reason: "no case header") }
        return CaseInfo(caseID: caseID, title: values["title"] ?? "", examiner: values["examiner"] ?? "",
                        organization: values["organization"] ?? "", created: values["created"] ?? "",
                        schemaVersion: Int(values["schema_version"] ?? "") ?? 0)
    }

    func originals() throws -> [ArtifactRecord] {
        try all(ArtifactRecord.self, "SELECT \(ArtifactRecord.selection) FROM artifact WHERE parent_id IS NULL ORDER BY exhibit_sequence")
    }

    func forEachOriginal(_ body: (ArtifactRecord) throws -> Void) throws {
        try forEach(ArtifactRecord.self, "SELECT \(ArtifactRecord.selection) FROM artifact WHERE parent_id IS NULL ORDER BY exhibit_sequence",
                    [], body)
    }

    func forEachArtifact(exhibit: String?, _ body: (ArtifactRecord) throws -> Void) throws {
        let filter = exhibit == nil ? "" : " WHERE exhibit = ?"
        try forEach(ArtifactRecord.self, "SELECT \(ArtifactRecord.selection) FROM artifact\(filter) ORDER BY exhibit_sequence, ordinal",
                    StatementArguments(exhibit.map { [$0] } ?? []), body)
    }

    func forEachFinding(_ query: FindingQuery, _ body: (FindingRecord) throws -> Void) throws {
        let filter = query.filter
        try forEach(FindingRecord.self, "SELECT \(FindingRecord.selection) FROM finding" + filter.sql + query.orderBy,
                    StatementArguments(filter.arguments), body)
    }

    func countFindings(_ query: FindingQuery) throws -> Int {
        let filter = query.filter
        return try guarded {
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finding" + filter.sql, arguments: StatementArguments(filter.arguments)) ?? 0
        }
    }

    func forEachEntity(_ body: (EntityRecord) throws -> Void) throws {
        try forEach(EntityRecord.self, """
            SELECT \(EntityRecord.selection) FROM entity ORDER BY kind COLLATE BINARY, value COLLATE BINARY, id COLLATE BINARY
            """, [], body)
    }

    func forEachMention(_ body: (MentionRecord) throws -> Void) throws {
        try forEach(MentionRecord.self, """
            SELECT mention.finding_id, mention.entity_id, mention.role FROM mention JOIN entity ON entity.id = mention.entity_id
            ORDER BY entity.kind COLLATE BINARY, entity.value COLLATE BINARY, entity.id COLLATE BINARY,
                     mention.finding_id COLLATE BINARY, mention.role COLLATE BINARY
            """, [], body)
    }

    func entityCounts() throws -> [(kind: String, count: Int)] {
        try guarded {
            try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM entity GROUP BY kind ORDER BY kind COLLATE BINARY")
                .map { (kind: $0["kind"], count: $0["n"]) }
        }
    }

    func custody() throws -> [CustodyRecord] {
        try all(CustodyRecord.self, "SELECT \(CustodyRecord.selection) FROM custody ORDER BY sequence")
    }

    func forEachCustody(_ body: (CustodyRecord) throws -> Void) throws {
        try forEach(CustodyRecord.self, "SELECT \(CustodyRecord.selection) FROM custody ORDER BY sequence", [], body)
    }

    func latestCustody(actions: [String]) throws -> CustodyRecord? {
        guard !actions.isEmpty else { return nil }
        let marks = Array(repeating: "?", count: actions.count).joined(separator: ", ")
        return try all(CustodyRecord.self, """
            SELECT \(CustodyRecord.selection) FROM custody WHERE action IN (\(marks)) ORDER BY sequence DESC LIMIT 1
            """, StatementArguments(actions)).first
    }

    func extractors() throws -> [(id: String, version: String?)] {
        try guarded {
            try String.fetchAll(db, sql: """
                SELECT DISTINCT extractor_id FROM artifact WHERE extractor_id IS NOT NULL ORDER BY extractor_id COLLATE BINARY
                """).map { id in
                (id, try String.fetchOne(db, sql: """
                    SELECT extractor_version FROM finding WHERE extractor_id = ? ORDER BY exhibit_sequence, ordinal LIMIT 1
                    """, arguments: [id]))
            }
        }
    }

    func forEachSharedContent(_ body: (_ sha256: String, _ artifacts: [ArtifactRecord]) throws -> Void) throws {
        var group: [ArtifactRecord] = []
        try forEach(ArtifactRecord.self, """
            SELECT \(ArtifactRecord.selection) FROM artifact WHERE hash_complete AND sha256 IN (
                SELECT sha256 FROM artifact WHERE hash_complete AND sha256 IS NOT NULL AND sha256 <> ?
                GROUP BY sha256 HAVING COUNT(DISTINCT exhibit) > 1)
            ORDER BY sha256 COLLATE BINARY, exhibit_sequence, ordinal
            """, [Self.emptySHA256]) { artifact in
            if let first = group.first, first.sha256 != artifact.sha256 {
                try body(first.sha256 ?? "", group)
                group.removeAll(keepingCapacity: true)
            }
            group.append(artifact)
        }
        if let first = group.first { try body(first.sha256 ?? "", group) }
    }

    func forEachSharedEntity(_ body: (_ entity: EntityRecord, _ findings: [FindingPlace]) throws -> Void) throws {
        let cursor = try guarded {
            try Row.fetchCursor(db, sql: """
                SELECT DISTINCT entity.id, entity.kind, entity.value, finding.id, finding.exhibit, finding.evidence_path,
                       finding.exhibit_sequence, finding.ordinal
                FROM entity JOIN mention ON mention.entity_id = entity.id JOIN finding ON finding.id = mention.finding_id
                WHERE entity.id IN (
                    SELECT mention.entity_id FROM mention JOIN finding ON finding.id = mention.finding_id
                    GROUP BY mention.entity_id HAVING COUNT(DISTINCT finding.exhibit) > 1)
                ORDER BY entity.kind COLLATE BINARY, entity.value COLLATE BINARY, entity.id COLLATE BINARY,
                         finding.exhibit_sequence, finding.ordinal
                """)
        }
        var entity: EntityRecord?
        var group: [FindingPlace] = []
        while let row = try guarded({ try cursor.next() }) {
            let next = EntityRecord(id: row[0], kind: row[1], value: row[2])
            if let current = entity, current.id != next.id {
                try body(current, group)
                group.removeAll(keepingCapacity: true)
            }
            entity = next
            group.append(FindingPlace(id: row[3], exhibit: row[4], evidencePath: row[5]))
        }
        if let entity { try body(entity, group) }
    }

    func summary() throws -> CaseSummary {
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
        var analyses: [String: Int] = [:]
        for (method, count) in try analysisCounts() { analyses[method] = count }
        return CaseSummary(
            info: info,
            exhibits: originals.map {
                CaseSummary.Exhibit(exhibit: $0.exhibit, name: $0.name, party: $0.party, size: $0.size,
                                    sha256: $0.sha256, members: members[$0.exhibit] ?? 0)
            },
            parties: parties, artifactCount: try count("artifact"), findingCount: try count("finding"),
            findingsByKind: byKind, entityCount: try count("entity"),
            limitations: try all(.limitation), errors: try all(.extractionError),
            analysesByMethod: analyses, seriesCount: try countSeries())
    }

    private func count(_ table: String) throws -> Int {
        try guarded { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    // MARK: Analyses

    func forEachAnalysis(method: String?, _ body: (AnalysisRecord, [AnalysisInputRecord]) throws -> Void) throws {
        let filter = method == nil ? "" : " WHERE method = ?"
        let inputs = try guarded {
            try db.cachedStatement(sql: """
                SELECT \(AnalysisInputRecord.selection) FROM analysis_input WHERE analysis_id = ? ORDER BY ordinal
                """)
        }
        try forEach(AnalysisRecord.self, """
            SELECT \(AnalysisRecord.selection) FROM analysis\(filter)
            ORDER BY method COLLATE BINARY, subject COLLATE BINARY, id COLLATE BINARY
            """, StatementArguments(method.map { [$0] } ?? [])) { analysis in
            let rows = try guarded { try Row.fetchAll(inputs, arguments: [analysis.id]) }
            try body(analysis, try guarded { try rows.map { try RowReader.read(AnalysisInputRecord.self, from: $0) } })
        }
    }

    func analysisCounts() throws -> [(method: String, count: Int)] {
        try guarded {
            try Row.fetchAll(db, sql: "SELECT method, COUNT(*) AS n FROM analysis GROUP BY method ORDER BY method COLLATE BINARY")
                .map { (method: $0["method"], count: $0["n"]) }
        }
    }

    // MARK: Series

    func series(ofFinding findingID: String) throws -> [SeriesRecord] {
        try all(SeriesRecord.self, "SELECT \(SeriesRecord.selection) FROM series WHERE finding_id = ? ORDER BY ordinal", [findingID])
    }

    func forEachSeries(_ body: (SeriesRecord) throws -> Void) throws {
        let columns = SeriesRecord.columnNames.map { "series.\"\($0)\"" }.joined(separator: ", ")
        try forEach(SeriesRecord.self, """
            SELECT \(columns) FROM series JOIN finding ON finding.id = series.finding_id
            ORDER BY finding.exhibit_sequence, finding.ordinal, series.ordinal
            """, [], body)
    }

    func countSeries() throws -> Int {
        try count("series")
    }

    private static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
