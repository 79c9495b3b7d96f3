import EvidenceKit
import Foundation

/// An artifact as the walk records it, before ids, exhibit numbers and normalization.
struct PendingArtifact {
    let parentIndex: Int?
    let name: String
    let evidencePath: EvidencePath
    /// The path as stored and shown, rendered once: every finding on the artifact carries it.
    let evidencePathText: String
    let depth: Int
    let member: Member?
    var size: Int64 = 0
    var declaredSize: Int64?
    /// The SHA-256 in hex, or (for small content) the content for the stager to hash.
    var digest: MeteredStream.Digest?
    var hashComplete = false
    /// The SHA-256 in hex, once known here.
    var sha256: String? {
        if case .hex(let hex) = digest { return hex }
        return nil
    }
    var mediaType: String?
    var extractorID: String?

    init(parentIndex: Int?, name: String, evidencePath: EvidencePath, depth: Int, member: Member?) {
        self.parentIndex = parentIndex
        self.name = name
        self.evidencePath = evidencePath
        evidencePathText = evidencePath.description
        self.depth = depth
        self.member = member
    }
}

/// A finding as the walk records it, with the artifact it belongs to.
struct PendingFinding {
    var artifactIndex: Int
    var finding: Finding
    var extractorID: String
    var extractorVersion: String
}
