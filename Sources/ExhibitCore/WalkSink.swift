import EvidenceKit
import Foundation

/// The sink the host hands an extractor for one artifact: findings go to the walk's records;
/// members are walked at once, recursively, within the budget.
final class WalkSink: ContainerSink {
    private unowned let walk: OriginalWalk
    private let artifactIndex: Int
    private let descriptor: ExtractorDescriptor
    private var memberCount = 0
    private var occurrences: [String: Int] = [:]
    /// How many findings and members this sink has taken.
    private(set) var emitted = 0

    init(walk: OriginalWalk, artifactIndex: Int, descriptor: ExtractorDescriptor) {
        self.walk = walk
        self.artifactIndex = artifactIndex
        self.descriptor = descriptor
    }

    func emit(_ finding: Finding) {
        emitted += 1
        walk.append(finding, on: artifactIndex, extractor: descriptor)
    }

    func member(_ member: Member, content: (any ByteSource)?) throws {
        emitted += 1
        if let stop = walk.expansionStopped { throw stop }
        memberCount += 1
        let limit = walk.budget.membersPerArchive
        if memberCount > limit {
            // The extractor rethrows this; the host records it once, as a limitation.
            throw EvidenceError.limitReached(
                limit: "members_per_archive", detail: "only the first \(limit) members were read")
        }
        // Identity inside the container: the path, and its occurrence when names repeat.
        let occurrence = (occurrences[member.path] ?? 0) + 1
        occurrences[member.path] = occurrence
        let key = occurrence == 1 ? member.path : "\(member.path)#\(occurrence)"
        walk.walkMember(member, key: key, content: content, parent: artifactIndex)
    }
}
