import CaseStore
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
    /// The case, for everything that grows with it.
    let reader: any CaseView

    /// Reads the case's small lists; `reader` must outlive the export.
    public init(_ reader: any CaseView) throws {
        self.reader = reader
        info = try reader.info()
        originals = try reader.originals()
        custody = try reader.custody()
        extractors = try reader.extractors().map { "\($0.id) \($0.version ?? "?")" }
        entityCounts = try reader.entityCounts()
    }

    /// Runs `body` with an export of the case at `file`, all of it read in one transaction.
    public static func with<T>(_ file: any CaseStoring, _ body: (CaseExport) throws -> T) throws -> T {
        try file.read { try body(try CaseExport($0)) }
    }

    /// The custody log as a bundle carries it: all of it, earlier exports included, since each
    /// entry names the one before it (``CustodyChain``) and a reader recomputes the chain.
    public var custodyForBundle: [CustodyRecord] { custody }
}
