import CaseStore
import Foundation

/// An original's rows from the stager's spools, given their ids as they are read: the
/// original's id from its SHA-256, each member's from its container's id and its key, each
/// finding's from its artifact, extractor, locator, kind and occurrence (DESIGN.md).
///
/// The ids are computed once, in ordinal order (a container comes before its members), into a
/// table of 36 bytes per artifact — the only part of an original that stays in memory.
final class StagedRows: BatchRows, @unchecked Sendable {
    private let originalSHA256: String
    private let identities: RowSpool
    private let artifacts: RowSpool
    private let findings: RowSpool
    private var idTable: [UInt8]?
    private static let idLength = 36

    init(originalSHA256: String, identities: RowSpool, artifacts: RowSpool, findings: RowSpool) {
        self.originalSHA256 = originalSHA256
        self.identities = identities
        self.artifacts = artifacts
        self.findings = findings
    }

    private func ids() throws -> [UInt8] {
        if let idTable { return idTable }
        var table: [UInt8] = []
        table.reserveCapacity(identities.count * Self.idLength)
        try identities.forEach { record in
            let ordinal = record.requiredInteger()
            let parent = record.integer().map(Int.init)
            let key = record.requiredText()
            guard ordinal * Self.idLength == table.count else {
                throw ExhibitCoreError.spool(reason: "artifact \(ordinal) staged out of order")
            }
            let id: String
            if let parent {
                id = DeterministicID.make("artifact", Self.id(parent, in: table), key)
            } else {
                id = DeterministicID.make("artifact", "original", originalSHA256)
            }
            table += id.utf8
        }
        idTable = table
        return table
    }

    private static func id(_ ordinal: Int, in table: [UInt8]) -> String {
        String(decoding: table[(ordinal * idLength)..<((ordinal + 1) * idLength)], as: UTF8.self)
    }

    /// Decodes `spool`'s rows on a prefetch thread (ids from the table) and hands them to `body`
    /// here, in order.
    private func prefetched<Row: Sendable>(
        _ spool: RowSpool, into body: (Row) throws -> Void,
        decode: @escaping @Sendable (inout SpoolRecord.Reader, _ ids: [UInt8], _ originalID: String) -> Row
    ) throws {
        let table = try ids()
        try Prefetcher<Row>().run({ emit in
            let originalID = Self.id(0, in: table)
            try spool.forEach { row in try emit(decode(&row, table, originalID)) }
        }, consume: body)
    }

    func forEachArtifact(_ body: (ArtifactRecord) throws -> Void) throws {
        try prefetched(artifacts, into: body) { row, table, originalID in
            let ordinal = row.requiredInteger()
            let parent = row.integer().map(Int.init)
            return ArtifactRecord(
                id: Self.id(ordinal, in: table), originalID: originalID, parentID: parent.map { Self.id($0, in: table) },
                exhibit: "", exhibitSequence: 0, ordinal: ordinal, depth: row.requiredInteger(),
                name: row.requiredText(), memberPath: row.text(), evidencePath: row.requiredText(),
                sourcePath: row.text(), party: row.text(), entryType: row.requiredText(), linkTarget: row.text(),
                size: row.integer() ?? 0, declaredSize: row.integer(), sha256: row.text(),
                hashComplete: row.integer() == 1, mediaType: row.text(), extractorID: row.text(),
                mode: row.integer(), owner: row.text(), group: row.text(), modified: row.text(),
                details: row.requiredText())
        }
    }

    func forEachFinding(_ body: (FindingRecord, [MentionRecord]) throws -> Void) throws {
        try prefetched(findings, into: { (staged: Staged) in try body(staged.finding, staged.mentions) }) { row, table, originalID in
            let ordinal = row.requiredInteger()
            let artifactID = Self.id(row.requiredInteger(), in: table)
            let kind = row.requiredText(), severity = row.requiredText(), summary = row.requiredText()
            let attributes = row.requiredText(), locator = row.requiredText(), canonicalLocator = row.requiredText()
            let evidencePath = row.requiredText()
            let timeUTC = row.text(), timeOriginal = row.text(), zoneSource = row.text()
            let extractorID = row.requiredText(), extractorVersion = row.requiredText()
            let occurrence = row.requiredInteger()
            let id = DeterministicID.make(["finding", artifactID, extractorID, canonicalLocator, kind, String(occurrence)])
            var mentions: [MentionRecord] = []
            for _ in 0..<row.requiredInteger() {
                mentions.append(MentionRecord(findingID: id, entityID: row.requiredText(), role: row.requiredText()))
            }
            return Staged(finding: FindingRecord(
                id: id, artifactID: artifactID, originalID: originalID, exhibit: "", exhibitSequence: 0,
                ordinal: ordinal, kind: kind, severity: severity, summary: summary, attributes: attributes,
                locator: locator, evidencePath: evidencePath, timeUTC: timeUTC, timeOriginal: timeOriginal,
                timeZoneSource: zoneSource, extractorID: extractorID, extractorVersion: extractorVersion),
                mentions: mentions)
        }
    }

    /// A finding with the mentions it makes, as the prefetcher hands it over.
    private struct Staged: Sendable {
        let finding: FindingRecord
        let mentions: [MentionRecord]
    }
}
