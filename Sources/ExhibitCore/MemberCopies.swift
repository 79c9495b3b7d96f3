import CaseStore
import Crypto
import EvidenceKit
import ExhibitFoundation
import Foundation

/// Members of originals read again after intake, for the comparisons that read bytes back (a
/// model's tensors or its tokenizer inside a tar of the model's folder): the member's
/// containers are walked again from the original on disk, each by the extractor that read it at
/// intake, to the member, whose bytes are copied to a scratch file in a folder beside the case —
/// never elsewhere — and checked against the SHA-256 taken at intake. The copies are deleted with
/// this object. A member of a member is reached through its container's copy.
public final class MemberCopies: @unchecked Sendable {
    private let registry: ExtractorRegistry
    private let folder: String
    private let lock = NSLock()
    private var copies: [String: String] = [:]
    private var made = false

    /// Why a member could not be copied again.
    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Copies go to a folder made beside the case at `casePath` when the first is needed.
    public init(registry: ExtractorRegistry, casePath: String) {
        self.registry = registry
        let url = URL(fileURLWithPath: casePath)
        folder = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).copies-\(getpid())").path
    }

    deinit {
        if made { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// A file holding `artifact`'s bytes as intake hashed them: the file itself for an original
    /// added as a file, else a copy of the member.
    public func path(of artifact: ArtifactRecord, in view: any CaseReading) throws -> String {
        try lock.withLock { try path(of: artifact, view: view) }
    }

    private func path(of artifact: ArtifactRecord, view: any CaseReading) throws -> String {
        if artifact.parentID == nil {
            guard let source = artifact.sourcePath else { throw Refusal(description: "\(artifact.evidencePath) has no file on disk") }
            return source
        }
        if let copy = copies[artifact.id] { return copy }
        var records: [String: ArtifactRecord] = [:]
        try view.forEachArtifact(exhibit: artifact.exhibit) { records[$0.id] = $0 }
        guard let parentID = artifact.parentID, let container = records[parentID] else {
            throw Refusal(description: "\(artifact.evidencePath): its container is not in the case")
        }
        let containerPath = try path(of: container, view: view)
        let copy = try copyMember(artifact, from: container, at: containerPath)
        copies[artifact.id] = copy
        return copy
    }

    private func copyMember(_ artifact: ArtifactRecord, from container: ArtifactRecord, at containerPath: String) throws -> String {
        guard let extractorID = container.extractorID, let memberPath = artifact.memberPath else {
            throw Refusal(description: "\(artifact.evidencePath): no extractor read its container")
        }
        let extractor = try registry.extractor(id: extractorID)
        if !made {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            made = true
        }
        let destination = folder + "/\(copies.count)-" + String(artifact.id.prefix(8))
        let entryIndex = (try? JSONDecoder().decode([String: String].self, from: Data(artifact.details.utf8)))?["entry_index"].flatMap(Int.init)
        let catcher = MemberCatcher(path: memberPath, entryIndex: entryIndex, destination: destination)
        let source = try FileByteSource(path: containerPath)
        let head = try FileByteSource(path: containerPath).read(upTo: 65_536)
        let walked = Artifact(name: container.name, evidencePath: EvidencePath(original: container.name), head: head, content: source,
                              randomAccess: source)
        do {
            try extractor.make()(walked, catcher)
        } catch EvidenceError.limitReached(let limit, _) where limit == MemberCatcher.found {
            // The member was copied: the walk was stopped there.
        }
        guard let digest = catcher.digest else {
            throw Refusal(description: "\(artifact.evidencePath) was not found walking \(container.evidencePath) again")
        }
        guard artifact.hashComplete, digest == artifact.sha256 else {
            try? FileManager.default.removeItem(atPath: destination)
            throw Refusal(description: "\(artifact.evidencePath) no longer has the bytes hashed at intake (found sha256 \(digest))")
        }
        return destination
    }
}

/// Catches one member of a container as an extractor hands it out, copies its bytes to a file
/// and hashes them, and stops the walk.
private final class MemberCatcher: ContainerSink {
    static let found = "member found"
    let path: String
    let entryIndex: Int?
    let destination: String
    private(set) var digest: String?

    init(path: String, entryIndex: Int?, destination: String) {
        self.path = path
        self.entryIndex = entryIndex
        self.destination = destination
    }

    func emit(_ finding: Finding) {}

    func member(_ member: Member, content: (any ByteSource)?) throws {
        guard digest == nil, member.path == path, entryIndex.map({ $0 == member.entryIndex }) ?? true, let content else { return }
        guard FileManager.default.createFile(atPath: destination, contents: nil),
              let handle = FileHandle(forWritingAtPath: destination) else {
            throw EvidenceError.io(path: destination, reason: "cannot create a copy of \(path)")
        }
        defer { try? handle.close() }
        var hash = SHA256()
        while true {
            let chunk = try content.read(upTo: 1 << 20)
            if chunk.isEmpty { break }
            hash.update(data: chunk)
            try handle.write(contentsOf: chunk)
        }
        digest = Hex.encode(hash.finalize())
        throw EvidenceError.limitReached(limit: Self.found, detail: path)
    }
}
