import CaseStore
import EvidenceKit
import ExhibitFoundation
import Foundation

/// An original's rows from the stager's spool, given their ids as they are read: the
/// original's id from its SHA-256, each member's from its container's id and its key, each
/// finding's from its artifact, extractor, locator, kind and occurrence (DESIGN.md), each
/// series' from its finding and place.
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
        /// An artifact: its ordinal and its container's, then its record packed.
        case artifact
        /// A finding: what its id is made of, its record packed, its mentions and its series.
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
        try Prefetcher<BatchRow>(weight: Self.weight).run({ emit in
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
                    try emit(.artifact(try Self.artifact(&row, ids: table)))
                case .finding:
                    try Self.finding(&row, ids: table, emit)
                case nil:
                    throw ExhibitCoreError.spool(reason: "a spooled record of unknown kind")
                }
            }
            for row in try ending() { try emit(row) }
        }, consume: body, interrupt: spool.stopReading)
    }

    /// What a row weighs in memory while it waits to be written: a series' points.
    private static func weight(_ row: BatchRow) -> Int {
        if case .series(let series) = row { return series.points.count }
        return 0
    }

    private static func id(_ ordinal: Int, in table: [UInt8]) -> String {
        String(decoding: table[(ordinal * idLength)..<((ordinal + 1) * idLength)], as: UTF8.self)
    }

    private static func artifact(_ row: inout SpoolRecord.Reader, ids table: [UInt8]) throws -> ArtifactRecord {
        let ordinal = row.requiredInteger()
        let parent = row.integer().map(Int.init)
        var artifact = try ArtifactRecord(packed: row.blob())
        artifact.id = id(ordinal, in: table)
        artifact.originalID = id(0, in: table)
        artifact.parentID = parent.map { id($0, in: table) }
        return artifact
    }

    private static func finding(_ row: inout SpoolRecord.Reader, ids table: [UInt8], _ emit: (BatchRow) throws -> Void) throws {
        let artifactID = id(row.requiredInteger(), in: table)
        let canonicalLocator = row.requiredText()
        let occurrence = row.requiredInteger()
        var finding = try FindingRecord(packed: row.blob())
        finding.id = DeterministicID.make(["finding", artifactID, finding.extractorID, canonicalLocator, finding.kind,
                                           String(occurrence)])
        finding.artifactID = artifactID
        finding.originalID = id(0, in: table)
        var mentions: [MentionRecord] = []
        for _ in 0..<row.requiredInteger() {
            mentions.append(MentionRecord(findingID: finding.id, entityID: row.requiredText(), role: row.requiredText()))
        }
        try emit(.finding(finding, mentions))
        for ordinal in 0..<row.requiredInteger() {
            let name = row.requiredText(), unit = row.requiredText()
            let points = Array(row.blob())
            guard let series = Series(name: name, unit: unit, packed: points) else {
                throw ExhibitCoreError.spool(reason: "a series staged malformed")
            }
            try emit(.series(SeriesRecord(
                id: SeriesRecord.makeID(findingID: finding.id, ordinal: ordinal), findingID: finding.id, ordinal: ordinal,
                name: name, unit: unit, axis: series.axis.rawValue, count: Int64(series.count), points: points)))
        }
    }
}
