import CaseStore
import EvidenceKit
import Foundation

/// What a bundle or a graph is made from: the small lists of a case, read once, and a
/// ``CaseReader`` for the rest, which the exports stream row by row in the store's
/// deterministic order. Every part of one export reads the same consistent view of the case.
public struct CaseExport {
    public let info: CaseInfo
    /// The originals, in exhibit order.
    public let originals: [ArtifactRecord]
    public let custody: [CustodyRecord]
    /// Extractors used, `id version`, sorted.
    public let extractors: [String]
    /// How many entities of each kind, by kind.
    public let entityCounts: [(kind: String, count: Int)]
    /// The extractors' descriptors: how each finding kind is presented, what each extractor reads.
    public let descriptions: ExtractorDescriptions
    /// The case, for everything that grows with it.
    let reader: CaseReader

    /// Reads the case's small lists; `reader` must outlive the export. `descriptors` describe
    /// extractors the case did not record (the exporting program's own).
    public init(_ reader: CaseReader, descriptors: [ExtractorDescriptor] = []) throws {
        self.reader = reader
        info = try reader.info()
        originals = try reader.originals()
        custody = try reader.custody()
        extractors = try reader.extractors().map { "\($0.id) \($0.version ?? "?")" }
        entityCounts = try reader.entityCounts()
        descriptions = ExtractorDescriptions(custody: custody, fallback: descriptors)
    }

    /// Runs `body` with an export of the case at `file`, all of it read in one transaction.
    public static func with<T>(_ file: CaseFile, descriptors: [ExtractorDescriptor] = [],
                               _ body: (CaseExport) throws -> T) throws -> T {
        try file.read { try body(try CaseExport($0, descriptors: descriptors)) }
    }

    /// The versions of the ML vocabulary the case's extractions used, from their custody entries.
    public var vocabularyVersions: [String] {
        Set(custody.filter { $0.action == "extract" }.compactMap { entry in
            (BundleJSON.object(entry.details) as? [String: Any])?["ml_vocabulary"] as? String
        }).sorted()
    }

    /// The custody log as a bundle carries it: earlier exports stay in the case, not in later
    /// bundles, so that exporting twice gives the same bundle.
    public var custodyForBundle: [CustodyRecord] { custody.filter { $0.action != "export" } }
}
