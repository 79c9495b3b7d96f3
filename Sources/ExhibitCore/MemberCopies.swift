import CaseAnalyses
import CaseStore
import Crypto
import EvidenceKit
import ExhibitFoundation
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Members of originals read again after intake, for the comparisons that read bytes back (a
/// model's tensors or its tokenizer inside a tar of the model's folder): each container is
/// walked again from the original on disk, by the extractor that read it at intake and as it
/// ran then (a ``ContainerWalker``: in this process, isolated, or an external extractor) —
/// once for all the members wanted of it — and each member is copied to a private folder beside
/// the case (made by `mkdtemp`, mode 0700; files created exclusively), never elsewhere, and checked
/// against the SHA-256 taken at intake; a member whose intake hash was incomplete is not read
/// again, and no copy grows past the size intake recorded. A member of a member is reached
/// through its container's copy. The copies are deleted with this object (a process killed
/// before leaves its folder, `.CASE.copies-XXXXXX`, beside the case). ``walks`` says how each
/// container was walked, for the custody log.
public final class MemberCopies: ArtifactFiles, @unchecked Sendable {
    /// The extractor that walks `container` again, or why none can (thrown); `view` is the case
    /// as the comparison reads it.
    public typealias Walkers = @Sendable (_ container: ArtifactRecord, _ view: any CaseView) throws -> ContainerWalker
    private let walkers: Walkers
    private let casePath: String
    private let lock = NSLock()
    private var folder: String?
    private var copies: [String: String] = [:]
    private var failures: [String: String] = [:]
    private var records: [String: [String: ArtifactRecord]] = [:]
    private var walked: [Value] = []

    /// Copies go to a folder made beside the case at `casePath` when the first is needed; each
    /// container is walked by what `walkers` gives for it.
    public init(casePath: String, walkers: @escaping Walkers) {
        self.walkers = walkers
        self.casePath = casePath
    }

    /// Walks by `registry`'s extractors in this process, with default limits.
    public convenience init(registry: ExtractorRegistry, casePath: String) {
        self.init(casePath: casePath) { container, _ in
            guard let id = container.extractorID, let extractor = try? registry.extractor(id: id) else {
                throw Refusal(description: "\(container.evidencePath) was read at intake by \(container.extractorID ?? "no extractor"), "
                              + "which is not a built-in extractor: extract the member and add it")
            }
            return ContainerWalker(extractor: extractor, process: "in process")
        }
    }

    /// Each container walked again: its evidence path, the extractor and how it ran, its options
    /// and budget, and how many members were copied of how many wanted.
    public var walks: [Value] { lock.withLock { walked } }

    deinit {
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }

    public func path(of artifact: ArtifactRecord, in view: any CaseView) throws -> String {
        try lock.withLock {
            if artifact.parentID == nil {
                guard let source = artifact.sourcePath else { throw Refusal(description: "\(artifact.evidencePath) has no file on disk") }
                return source
            }
            if copies[artifact.id] == nil, failures[artifact.id] == nil { prepareLocked([artifact], in: view) }
            if let copy = copies[artifact.id] { return copy }
            throw Refusal(description: failures[artifact.id] ?? "\(artifact.evidencePath) could not be read again")
        }
    }

    public func prepare(_ artifacts: [ArtifactRecord], in view: any CaseView) {
        lock.withLock { prepareLocked(artifacts, in: view) }
    }

    /// Why a member could not be copied again.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    // MARK: Walks

    private func prepareLocked(_ artifacts: [ArtifactRecord], in view: any CaseView) {
        // The members wanted, and the containers above them that are members too, by container.
        var byContainer: [String: [ArtifactRecord]] = [:]
        var seen = Set<String>()
        var containers: [String: ArtifactRecord] = [:]
        for artifact in artifacts {
            var current = artifact
            while let parentID = current.parentID, copies[current.id] == nil, failures[current.id] == nil, seen.insert(current.id).inserted {
                guard let parent = record(parentID, exhibit: current.exhibit, in: view) else {
                    failures[current.id] = "\(current.evidencePath): its container is not in the case"
                    break
                }
                byContainer[parentID, default: []].append(current)
                containers[parentID] = parent
                current = parent
            }
        }
        // Outer containers first: an inner container is copied before its members are walked.
        for container in containers.values.sorted(by: { ($0.depth, $0.id) < ($1.depth, $1.id) }) {
            walk(container, for: byContainer[container.id] ?? [], in: view)
        }
    }

    private func record(_ id: String, exhibit: String, in view: any CaseView) -> ArtifactRecord? {
        if records[exhibit] == nil {
            var found: [String: ArtifactRecord] = [:]
            try? view.forEachArtifact(exhibit: exhibit) { found[$0.id] = $0 }
            records[exhibit] = found
        }
        return records[exhibit]?[id]
    }

    /// Walks `container` once, copying every member of `wanted` it hands out.
    private func walk(_ container: ArtifactRecord, for wanted: [ArtifactRecord], in view: any CaseView) {
        let containerPath: String
        if container.parentID == nil {
            guard let source = container.sourcePath else { return fail(wanted, "\(container.evidencePath) has no file on disk") }
            containerPath = source
        } else {
            guard let copy = copies[container.id] else {
                return fail(wanted, failures[container.id] ?? "\(container.evidencePath) could not be read again")
            }
            containerPath = copy
        }
        let readable = wanted.filter { member in
            guard member.hashComplete, member.sha256 != nil, member.memberPath != nil else {
                failures[member.id] = "\(member.evidencePath): its intake hash is incomplete, so it is not read again"
                return false
            }
            return true
        }
        guard !readable.isEmpty else { return }
        let walker: ContainerWalker
        do {
            walker = try walkers(container, view)
        } catch {
            return fail(readable, "\(error)")
        }
        let folder: String
        do {
            folder = try privateFolder()
        } catch {
            return fail(readable, "no folder for copies beside the case: \(error)")
        }
        let catcher = MemberCatcher(readable.enumerated().map { index, member in
            MemberCatcher.Wanted(artifact: member, destination: folder + "/\(copies.count + failures.count)-\(index)")
        })
        do {
            let source = try FileByteSource(path: containerPath)
            let head = try FileByteSource(path: containerPath).read(upTo: 65_536)
            // The walk has the intake budget's limits, and its time from now.
            var limits = walker.budget.extractionLimits
            limits.deadline = (DispatchTime.now() + .seconds(Int(clamping: walker.budget.secondsPerArtifact))).uptimeNanoseconds
            let walked = Artifact(name: container.name, evidencePath: EvidencePath(original: container.name), head: head, content: source,
                                  limits: limits, randomAccess: source)
            try walker.extractor.make()(walked, catcher)
        } catch {
            // The catcher stops the walk once every member is copied; any other stop leaves the
            // members not reached to say so.
            for member in readable where catcher.copied[member.id] == nil {
                failures[member.id] = "\(member.evidencePath) was not reached walking \(container.evidencePath) again: \(error)"
            }
        }
        for member in readable {
            if let (destination, digest) = catcher.copied[member.id] {
                if digest == member.sha256 {
                    copies[member.id] = destination
                } else {
                    try? FileManager.default.removeItem(atPath: destination)
                    failures[member.id] = "\(member.evidencePath) no longer has the bytes hashed at intake"
                }
            } else if failures[member.id] == nil {
                failures[member.id] = "\(member.evidencePath) was not found walking \(container.evidencePath) again"
            }
        }
        self.walked.append(.object([
            "container": .string(container.evidencePath), "sha256": container.sha256.map(Value.string) ?? .null,
            "extractor": .string("\(walker.extractor.entry.descriptor.id) \(walker.extractor.entry.descriptor.version)"),
            "process": .string(walker.process), "options": .object(walker.extractor.options),
            "budget": .string(CanonicalJSON.encode(walker.budget)),
            "members_wanted": .integer(Int64(readable.count)),
            "members_copied": .integer(Int64(readable.filter { copies[$0.id] != nil }.count)),
        ]))
    }

    private func fail(_ members: [ArtifactRecord], _ reason: String) {
        for member in members { failures[member.id] = reason }
    }

    /// The folder of this object's copies, made on first use: unique, private, beside the case.
    private func privateFolder() throws -> String {
        if let folder { return folder }
        let url = URL(fileURLWithPath: casePath)
        var template = Array(url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).copies-XXXXXX").path.utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Refusal(description: String(cString: strerror(errno)))
        }
        let path = String(cString: made)
        folder = path
        return path
    }
}

/// Catches the wanted members of a container as an extractor hands them out, copies each to a
/// file of its own (created exclusively, cut at the size intake recorded) and hashes it, and
/// stops the walk once all are copied.
private final class MemberCatcher: ContainerSink {
    struct Wanted {
        let artifact: ArtifactRecord
        let destination: String
    }

    private var wanted: [String: [Wanted]] = [:]
    private var remaining: Int
    /// Artifact id → the copy and its SHA-256.
    private(set) var copied: [String: (String, String)] = [:]

    init(_ members: [Wanted]) {
        for member in members { wanted[member.artifact.memberPath ?? "", default: []].append(member) }
        remaining = members.count
    }

    func emit(_ finding: Finding) {}

    func member(_ member: Member, content: (any ByteSource)?) throws {
        guard remaining > 0, let content, let candidates = wanted[member.path] else { return }
        guard let target = candidates.first(where: { candidate in
            copied[candidate.artifact.id] == nil && Self.entryIndex(candidate.artifact).map { $0 == member.entryIndex } ?? true
        }) else { return }
        let descriptor = open(target.destination, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw EvidenceError.io(path: target.destination, reason: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var hash = SHA256()
        var written: Int64 = 0
        while written <= target.artifact.size {
            let chunk = try content.read(upTo: 1 << 20)
            if chunk.isEmpty { break }
            // One byte past the size intake recorded is enough to tell the member changed.
            let kept = chunk.prefix(Int(min(Int64(chunk.count), target.artifact.size + 1 - written)))
            hash.update(data: kept)
            try handle.write(contentsOf: kept)
            written += Int64(kept.count)
        }
        try handle.close()
        copied[target.artifact.id] = (target.destination, Hex.encode(hash.finalize()))
        remaining -= 1
        if remaining == 0 { throw EvidenceError.limitReached(limit: "members found", detail: "every member wanted was copied") }
    }

    private static func entryIndex(_ artifact: ArtifactRecord) -> Int? {
        (try? JSONDecoder().decode([String: String].self, from: Data(artifact.details.utf8)))?["entry_index"].flatMap(Int.init)
    }
}
