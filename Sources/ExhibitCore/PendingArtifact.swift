import EvidenceKit
import Foundation

/// An artifact as the walk records it, before ids, exhibit numbers and normalization.
struct PendingArtifact {
    var parentIndex: Int?
    var name: String
    var evidencePath: String
    var depth: Int
    var member: Member?
    var size: Int64 = 0
    var declaredSize: Int64?
    var sha256: String?
    var hashComplete = false
    var mediaType: String?
    var extractorID: String?
}

/// A finding as the walk records it, with the artifact it belongs to.
struct PendingFinding {
    var artifactIndex: Int
    var finding: Finding
    var extractorID: String
    var extractorVersion: String
}
