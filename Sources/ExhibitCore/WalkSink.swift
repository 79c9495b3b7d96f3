import Crypto
import EvidenceKit
import Foundation

/// The sink the host hands an extractor for one artifact: findings go to the walk's records;
/// members are walked at once, recursively, within the budget.
final class WalkSink: ContainerSink {
    private unowned let walk: OriginalWalk
    private let artifactIndex: Int
    private let descriptor: ExtractorDescriptor
    private var memberCount = 0
    /// Keys given so far, as SHA-256 digests (a member's memory here does not grow with its
    /// name), and the next occurrence number to try for a path that repeats.
    private var keys: Set<SHA256Digest> = []
    private var nextOccurrence: [SHA256Digest: Int] = [:]
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
        walk.walkMember(member, key: key(for: member.path), content: content, parent: artifactIndex)
    }

    /// Identity inside the container: the path; when a path repeats, `path#2`, `path#3`, … —
    /// skipping any key a member already has, since a name may itself end in `#2`. Unique within
    /// the container whatever the names, so that no crafted archive can give two members one id.
    private func key(for path: String) -> String {
        var key = path
        var digest = Self.digest(path)
        if keys.contains(digest) {
            let pathDigest = digest
            var occurrence = nextOccurrence[pathDigest] ?? 2
            while true {
                key = "\(path)#\(occurrence)"
                digest = Self.digest(key)
                if !keys.contains(digest) { break }
                occurrence += 1
            }
            nextOccurrence[pathDigest] = occurrence + 1
        }
        keys.insert(digest)
        return key
    }

    private static func digest(_ key: String) -> SHA256Digest {
        var key = key
        return key.withUTF8 { SHA256.hash(data: $0) }
    }
}
