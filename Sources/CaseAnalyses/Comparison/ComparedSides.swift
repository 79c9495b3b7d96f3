import CaseStore
import EvidenceKit
import Foundation

/// The two sides of a comparison and the case view they are read from, with what every method
/// needs: the findings of a kind on each side, and the SHA-256 of the artifact a finding is in.
public struct ComparedSides {
    public let left: ComparisonSide
    public let right: ComparisonSide
    public let view: any CaseView
    /// SHA-256 by artifact id, for every artifact of the case: the sides' inputs, and the
    /// references some methods read on neither side (strings only).
    private var digests: [String: String] = [:]

    /// Files of members, for the methods that read bytes back; nil: only originals on disk are
    /// read back.
    public let members: (any ArtifactFiles)?

    public init(left: ComparisonSide, right: ComparisonSide, view: any CaseView, members: (any ArtifactFiles)? = nil) throws {
        self.left = left
        self.right = right
        self.view = view
        self.members = members
        var digests: [String: String] = [:]
        try view.forEachArtifact { digests[$0.id] = $0.sha256 }
        self.digests = digests
    }

    /// The file holding `artifact`'s bytes: its own path for a file added as itself, else a copy
    /// when the run can make one; throws why neither.
    func file(of artifact: ArtifactRecord) throws -> String {
        if artifact.parentID == nil, let source = artifact.sourcePath { return source }
        guard let members else {
            throw CaseAnalysesError.unreadable("\(artifact.evidencePath) is inside an archive, and this run reads no member again")
        }
        return try members.path(of: artifact, in: view)
    }

    /// Makes the files of `artifacts` that are members ahead, each container read once.
    func prepareFiles(_ artifacts: [ArtifactRecord]) {
        members?.prepare(artifacts.filter { $0.parentID != nil }, in: view)
    }

    /// Whether the comparison is of a side with itself: a positive control, said in every outcome.
    public var isSelfComparison: Bool { left == right }

    /// The findings of `kinds` on each side, in read order.
    func findings(_ kinds: [String]) throws -> (left: [FindingRecord], right: [FindingRecord]) {
        var found: (left: [FindingRecord], right: [FindingRecord]) = ([], [])
        try view.forEachFinding(FindingQuery(kinds: kinds)) { finding in
            if left.holds(exhibit: finding.exhibit, evidencePath: finding.evidencePath) { found.left.append(finding) }
            if right.holds(exhibit: finding.exhibit, evidencePath: finding.evidencePath) { found.right.append(finding) }
        }
        return found
    }

    /// The complete, non-empty files of each side, in read order.
    func files() throws -> (left: [ArtifactRecord], right: [ArtifactRecord]) {
        var found: (left: [ArtifactRecord], right: [ArtifactRecord]) = ([], [])
        for exhibit in left.exhibits.union(right.exhibits).sorted() {
            try view.forEachArtifact(exhibit: exhibit) { artifact in
                guard artifact.hashComplete, artifact.size > 0, artifact.entryType == "file", artifact.sha256 != nil else { return }
                if left.holds(exhibit: artifact.exhibit, evidencePath: artifact.evidencePath) { found.left.append(artifact) }
                if right.holds(exhibit: artifact.exhibit, evidencePath: artifact.evidencePath) { found.right.append(artifact) }
            }
        }
        return found
    }

    /// A finding as an input: its id, evidence path and the SHA-256 of the artifact it is in.
    func node(_ finding: FindingRecord) -> ComparedNode {
        ComparedNode(id: finding.id, kind: .finding, evidencePath: finding.evidencePath, sha256: digests[finding.artifactID])
    }

    /// An artifact as an input.
    func node(_ artifact: ArtifactRecord) -> ComparedNode {
        ComparedNode(id: artifact.id, kind: .artifact, evidencePath: artifact.evidencePath, sha256: artifact.sha256)
    }

    /// A finding's attributes.
    static func attributes(_ finding: FindingRecord) -> [String: Value] {
        (try? JSONDecoder().decode([String: Value].self, from: Data(finding.attributes.utf8))) ?? [:]
    }
}

/// One input of a comparison, with where it is and what its bytes were.
public struct ComparedNode: Sendable, Hashable {
    public var id: String
    public var kind: AnalysisInputRecord.NodeKind
    public var evidencePath: String
    /// The SHA-256 of the artifact (or of the artifact the finding is in).
    public var sha256: String?
}
