import CaseStore
import EvidenceKit

/// `compare.content`: the same files on both sides — complete, non-empty files whose SHA-256 is
/// found on each — with containment both ways and the copies found under another name.
public struct ContentComparison: ComparisonMethod {
    public let id = "compare.content"
    public let version = "1"
    public let summary = "identical files and members on both sides (SHA-256), containment both ways, renamed copies"
    /// How many shared contents are listed and taken as inputs (when nothing is shared, how many
    /// files of each side are taken as inputs instead); the counts cover them all.
    static let listed = 500
    public var parameters: [String: Value] { ["digest": "sha256", "leaves_out": "empty files, incomplete hashes", "listed": .integer(Int64(Self.listed))] }

    public init() {}

    public func compare(_ sides: ComparedSides) throws -> [ComparisonOutcome] {
        let files = try sides.files()
        guard !files.left.isEmpty, !files.right.isEmpty else { return [] }
        let left = Self.byDigest(files.left)
        let right = Self.byDigest(files.right)
        let shared = left.order.filter { right.artifacts[$0] != nil }
        var listed: [Value] = []
        var renamed = 0
        var sharedBytes: Int64 = 0
        var outcome = ComparisonOutcome(left: [], right: [], statistic: "shared_contents", null: [:], result: [:],
                                        interpretation: "", limits: "")
        for digest in shared {
            let mine = left.artifacts[digest]!, theirs = right.artifacts[digest]!
            let names = Set(mine.map { Self.baseName($0.evidencePath) })
            let isRenamed = names.isDisjoint(with: theirs.map { Self.baseName($0.evidencePath) })
            if isRenamed { renamed += 1 }
            sharedBytes += mine[0].size
            guard listed.count < Self.listed else { continue }
            outcome.left.append(sides.node(mine[0]))
            outcome.right.append(sides.node(theirs[0]))
            listed.append(.object([
                "sha256": .string(digest), "size": .integer(mine[0].size), "renamed": .bool(isRenamed),
                "left": .list(mine.map { .string($0.evidencePath) }), "right": .list(theirs.map { .string($0.evidencePath) }),
            ]))
        }
        if shared.isEmpty {
            outcome.left = left.order.prefix(Self.listed).map { sides.node(left.artifacts[$0]![0]) }
            outcome.right = right.order.prefix(Self.listed).map { sides.node(right.artifacts[$0]![0]) }
        }
        let leftShare = Double(shared.count) / Double(left.order.count)
        let rightShare = Double(shared.count) / Double(right.order.count)
        outcome.score = Double(shared.count)
        outcome.null = ["kind": "exact", "reason": "SHA-256 identity is exact: two different contents share a digest with a probability near 2^-256 per pair; the question is never chance but where the shared file came from"]
        outcome.result = [
            "left_contents": .integer(Int64(left.order.count)), "right_contents": .integer(Int64(right.order.count)),
            "shared_contents": .integer(Int64(shared.count)), "shared_bytes": .integer(sharedBytes),
            "left_contained_in_right": .float(leftShare), "right_contained_in_left": .float(rightShare),
            "renamed_copies": .integer(Int64(renamed)), "shared": .list(listed),
            "listed_all": .bool(shared.count <= Self.listed),
        ]
        outcome.interpretation = shared.isEmpty
            ? "No file of \(sides.left.name) (\(left.order.count) distinct contents) is byte for byte in \(sides.right.name) (\(right.order.count))."
            : "\(shared.count) distinct file content(s), \(sharedBytes) bytes, are byte for byte on both sides: "
                + "\(Self.percent(leftShare)) of \(sides.left.name)'s distinct contents are in \(sides.right.name), "
                + "\(Self.percent(rightShare)) of \(sides.right.name)'s are in \(sides.left.name); \(renamed) under other names."
        outcome.limits = "Identical bytes show shared content, not who made it or who copied whom. Licences, generated files, "
            + "vendored public libraries and public model files are identical by nature: read each shared file for what it is. "
            + "Near-identical text (a file edited after copying) is not found by this method."
        return [outcome]
    }

    /// Each digest's artifacts, digests in first-seen order.
    private static func byDigest(_ artifacts: [ArtifactRecord]) -> (order: [String], artifacts: [String: [ArtifactRecord]]) {
        var order: [String] = []
        var grouped: [String: [ArtifactRecord]] = [:]
        for artifact in artifacts {
            let digest = artifact.sha256!
            if grouped[digest] == nil { order.append(digest) }
            grouped[digest, default: []].append(artifact)
        }
        return (order, grouped)
    }

    /// The file name at the end of an evidence path.
    static func baseName(_ evidencePath: String) -> String {
        let last = EvidencePath(description: evidencePath)?.components.last ?? evidencePath
        return last.split(separator: "/").last.map(String.init) ?? last
    }

    static func percent(_ fraction: Double) -> String {
        "\((fraction * 1000).rounded() / 10)%"
    }
}
