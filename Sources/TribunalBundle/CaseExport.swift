import CaseStore
import EvidenceKit
import Foundation

/// What a bundle or a graph is made from: the small lists of a case, read once, and a
/// ``CaseReader`` for the rest, which the exports stream row by row in the store's
/// deterministic order — the originals and the custody log too, which grow with the case (a
/// bundle of 50,000 loose files peaked at 490 MiB holding them). Every part of one export reads
/// the same consistent view of the case.
public struct CaseExport {
    public let info: CaseInfo
    /// Extractors used, `id version`, sorted.
    public let extractors: [String]
    /// How many entities of each kind, by kind.
    public let entityCounts: [(kind: String, count: Int)]
    /// The extractors' descriptors: how each finding kind is presented, what each extractor reads.
    public let descriptions: ExtractorDescriptions
    /// Each run's `extractors` custody entry (a few: one per `add`).
    public let runEntries: [CustodyRecord]
    /// The versions of the ML vocabulary the case's extractions used, from their custody entries.
    public let vocabularyVersions: [String]
    /// The custody log's last entry, the chain's head before this export.
    public let lastCustody: CustodyRecord?
    /// The case, for everything that grows with it.
    let reader: any CaseView

    /// Reads the case's small lists; `reader` must outlive the export. `descriptors` describe
    /// extractors the case did not record (the exporting program's own).
    public init(_ reader: any CaseView, descriptors: [ExtractorDescriptor] = []) throws {
        self.reader = reader
        info = try reader.info()
        extractors = try reader.extractors().map { "\($0.id) \($0.version ?? "?")" }
        entityCounts = try reader.entityCounts()
        // One pass over the custody log, which grows with the originals: the runs' entries are
        // kept, and the vocabulary's version read from each extraction's entry without parsing it.
        var runs: [CustodyRecord] = []
        var versions = Set<String>()
        var last: CustodyRecord?
        let marker = "\"ml_vocabulary\":\""
        try reader.forEachCustody { entry in
            last = entry
            if entry.action == "extractors" { runs.append(entry) }
            if entry.action == "extract", let start = entry.details.range(of: marker),
               let end = entry.details[start.upperBound...].firstIndex(of: "\"") {
                versions.insert(String(entry.details[start.upperBound..<end]))
            }
        }
        runEntries = runs
        lastCustody = last
        vocabularyVersions = versions.sorted()
        descriptions = ExtractorDescriptions(custody: runs, fallback: descriptors)
    }

    /// Runs `body` with an export of the case at `file`, all of it read in one transaction.
    public static func with<T>(_ file: any CaseStoring, descriptors: [ExtractorDescriptor] = [],
                               _ body: (CaseExport) throws -> T) throws -> T {
        try file.read { try body(try CaseExport($0, descriptors: descriptors)) }
    }

    /// The originals, in exhibit order, one at a time.
    public func forEachOriginal(_ body: (ArtifactRecord) throws -> Void) throws {
        try reader.forEachOriginal(body)
    }

    /// The custody log as a bundle carries it, one entry at a time: all of it, earlier exports
    /// included, since each entry names the one before it (``CustodyChain``) and a reader
    /// recomputes the chain.
    public func forEachCustodyForBundle(_ body: (CustodyRecord) throws -> Void) throws {
        try reader.forEachCustody(body)
    }
}
