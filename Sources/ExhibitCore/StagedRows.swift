import CaseStore
import ExhibitFoundation
import Foundation

/// An original's rows from the stager's spool, given their ids as they are read: the
/// original's id from its SHA-256, each member's from its container's id and its key, each
/// finding's from its artifact, extractor, locator, kind and occurrence (DESIGN.md).
///
/// The spool may still be growing: the rows are read as the stager writes them, and end with
/// the entities and custody entries the stager was finished with, or with the walk's error.
/// Ids are computed in ordinal order (a container is opened before its members) into a table
/// of 36 bytes per artifact — the only part of an original that stays in memory.
final class StagedRows: BatchRows, @unchecked Sendable {
    /// What a spooled record holds (its first field).
    enum Tag: Int {
        /// An artifact was opened: its ordinal, its container's, and its key.
        case opened
        /// An artifact's columns except the ids.
        case artifact
        /// A finding's columns except the ids, then its mentions.
        case finding
    }

    private let originalSHA256: String
    private let spool: RowSpool
    private let ending: @Sendable () throws -> [BatchRow]
    private static let idLength = 36

    init(originalSHA256: String, spool: RowSpool, ending: @escaping @Sendable () throws -> [BatchRow]) {
        self.originalSHA256 = originalSHA256
        self.spool = spool
        self.ending = ending
    }

    /// Decodes rows on a prefetch thread (ids from the table it builds) and hands them to `body`
    /// here, in order.
    func forEach(_ body: (BatchRow) throws -> Void) throws {
        let (spool, ending, originalSHA256) = (self.spool, self.ending, self.originalSHA256)
        try Prefetcher<BatchRow>().run({ emit in
            var table: [UInt8] = []
            try spool.forEach { row in
                switch Tag(rawValue: row.requiredInteger()) {
                case .opened:
                    let ordinal = row.requiredInteger()
                    let parent = row.integer().map(Int.init)
                    let key = row.requiredText()
                    guard ordinal * Self.idLength == table.count, parent.map({ $0 < ordinal }) ?? (ordinal == 0) else {
                        throw ExhibitCoreError.spool(reason: "artifact \(ordinal) staged out of order")
                    }
                    table += (parent.map { DeterministicID.make("artifact", Self.id($0, in: table), key) }
                        ?? DeterministicID.make("artifact", "original", originalSHA256)).utf8
                case .artifact:
                    try emit(.artifact(Self.artifact(&row, ids: table)))
                case .finding:
                    let (finding, mentions) = Self.finding(&row, ids: table)
                    try emit(.finding(finding, mentions))
                case nil:
                    throw ExhibitCoreError.spool(reason: "a spooled record of unknown kind")
                }
            }
            for row in try ending() { try emit(row) }
        }, consume: body, interrupt: spool.stopReading)
    }

    private static func id(_ ordinal: Int, in table: [UInt8]) -> String {
        String(decoding: table[(ordinal * idLength)..<((ordinal + 1) * idLength)], as: UTF8.self)
    }

    private static func artifact(_ row: inout SpoolRecord.Reader, ids table: [UInt8]) -> ArtifactRecord {
        let ordinal = row.requiredInteger()
        let parent = row.integer().map(Int.init)
        return ArtifactRecord(
            id: id(ordinal, in: table), originalID: id(0, in: table), parentID: parent.map { id($0, in: table) },
            exhibit: "", exhibitSequence: 0, ordinal: ordinal, depth: row.requiredInteger(),
            name: row.requiredText(), memberPath: row.text(), evidencePath: row.requiredText(),
            sourcePath: row.text(), party: row.text(), entryType: row.requiredText(), linkTarget: row.text(),
            size: row.integer() ?? 0, declaredSize: row.integer(), sha256: row.text(),
            hashComplete: row.integer() == 1, mediaType: row.text(), extractorID: row.text(),
            mode: row.integer(), owner: row.text(), group: row.text(), modified: row.text(),
            details: row.requiredText())
    }

    private static func finding(_ row: inout SpoolRecord.Reader, ids table: [UInt8]) -> (FindingRecord, [MentionRecord]) {
        let ordinal = row.requiredInteger()
        let artifactID = id(row.requiredInteger(), in: table)
        let kind = row.requiredText(), severity = row.requiredText(), summary = row.requiredText()
        let attributes = row.requiredText(), locator = row.requiredText(), canonicalLocator = row.requiredText()
        let evidencePath = row.requiredText()
        let timeUTC = row.text(), timeOriginal = row.text(), zoneSource = row.text()
        let extractorID = row.requiredText(), extractorVersion = row.requiredText()
        let occurrence = row.requiredInteger()
        let findingID = DeterministicID.make(["finding", artifactID, extractorID, canonicalLocator, kind, String(occurrence)])
        var mentions: [MentionRecord] = []
        for _ in 0..<row.requiredInteger() {
            mentions.append(MentionRecord(findingID: findingID, entityID: row.requiredText(), role: row.requiredText()))
        }
        return (FindingRecord(
            id: findingID, artifactID: artifactID, originalID: id(0, in: table), exhibit: "", exhibitSequence: 0,
            ordinal: ordinal, kind: kind, severity: severity, summary: summary, attributes: attributes,
            locator: locator, evidencePath: evidencePath, timeUTC: timeUTC, timeOriginal: timeOriginal,
            timeZoneSource: zoneSource, extractorID: extractorID, extractorVersion: extractorVersion), mentions)
    }
}
