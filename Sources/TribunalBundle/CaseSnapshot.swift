import CaseStore
import Foundation

/// Everything a bundle is made from, read from the case once, in the store's deterministic order.
public struct CaseSnapshot: Sendable {
    public let info: CaseInfo
    public let artifacts: [ArtifactRecord]
    public let findings: [FindingRecord]
    public let entities: [EntityRecord]
    public let mentions: [MentionRecord]
    public let custody: [CustodyRecord]

    public init(_ file: CaseFile) throws {
        info = try file.info()
        artifacts = try file.artifacts()
        findings = try file.findings()
        let pairs = try file.entities()
        entities = pairs.map(\.entity)
        mentions = pairs.flatMap(\.mentions)
        custody = try file.custody()
    }

    /// The custody log as a bundle carries it: earlier exports stay in the case, not in later
    /// bundles, so that exporting twice gives the same bundle.
    public var custodyForBundle: [CustodyRecord] { custody.filter { $0.action != "export" } }

    /// The originals, in exhibit order.
    public var originals: [ArtifactRecord] { artifacts.filter { $0.parentID == nil } }

    /// Extractors used, `id version`, sorted.
    public var extractors: [String] {
        Set(artifacts.compactMap(\.extractorID)).sorted().map { id in
            let version = findings.first { $0.extractorID == id }?.extractorVersion ?? "?"
            return "\(id) \(version)"
        }
    }
}
