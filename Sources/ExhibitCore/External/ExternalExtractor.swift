import EvidenceKit
import ExhibitFoundation
import Foundation
import PluginProtocol

/// An extractor that runs as a separate program (docs/plugin-protocol.md), adapted to the same
/// contract as the built-in ones: inside the host it is an ``ExtractorEntry`` like any other.
///
/// Each artifact is served by one of its processes, taken from a pool and given back when it
/// served well. A crash, a hang, runaway memory or a protocol violation costs that artifact an
/// extraction error naming the extractor and what happened; the process is stopped (with
/// everything it started) and the next artifact gets a fresh one. The case is never touched by
/// the plugin: findings and members pass through the host's checks like a built-in's.
public final class ExternalExtractor: @unchecked Sendable {
    public let manifest: PluginManifest.Loaded
    /// The self-description its handshake gave.
    public let descriptor: ExtractorDescriptor
    public let isContainer: Bool
    /// Built in (served by `exhibit plugin serve` for `--isolate`) or external.
    public let origin: ExtractorOrigin
    /// The protections its first process had in force.
    public let protections: SandboxProtections
    private let policy: SandboxPolicy
    private let lock = NSLock()
    private var idle: [PluginProcess] = []
    private var counts = Counts()
    private var errorOutput = ""

    /// What happened to its processes during the run, for the custody log.
    public struct Counts: Sendable, Hashable {
        public var started = 0
        public var artifacts = 0
        public var failures = 0
    }

    /// Processes kept waiting for the next artifact.
    static let idleLimit = 4
    /// The standard error kept per extractor for the custody log.
    static let errorOutputLimit = 32 * 1024

    /// Starts the extractor once, for its handshake: its descriptor must name the manifest's id
    /// and version.
    public init(manifest: PluginManifest.Loaded, policy: SandboxPolicy, origin: ExtractorOrigin? = nil) throws {
        self.manifest = manifest
        self.policy = policy
        self.origin = origin ?? .external(folder: manifest.folder)
        guard manifest.manifest.protocol == 1 else {
            throw ExhibitCoreError.invalidPlugin(folder: manifest.folder, reason: "it declares protocol \(manifest.manifest.protocol); this host speaks 1")
        }
        let process = try Self.start(manifest, policy: policy)
        guard let descriptor = process.descriptor else { throw ExhibitCoreError.invalidPlugin(folder: manifest.folder, reason: "no descriptor") }
        guard descriptor.id == manifest.manifest.id, descriptor.version == manifest.manifest.version else {
            process.stop()
            throw ExhibitCoreError.invalidPlugin(folder: manifest.folder, reason: "its handshake names \(descriptor.id) \(descriptor.version), "
                                                 + "its manifest \(manifest.manifest.id) \(manifest.manifest.version)")
        }
        self.descriptor = descriptor
        isContainer = process.isContainer
        protections = process.protections
        counts.started = 1
        idle.append(process)
    }

    /// How it is named in messages: its id and folder.
    public var label: String { "external extractor \(descriptor.id) (\(manifest.folder))" }

    /// The registry entry: configured with the run's options, it serves each artifact by protocol.
    public var entry: ExtractorEntry {
        ExtractorEntry(descriptor: descriptor, origin: origin, isContainer: isContainer) { options in
            { @Sendable in { [self] artifact, sink in try self.extract(artifact, options: options, into: sink) } }
        }
    }

    private static func start(_ manifest: PluginManifest.Loaded, policy: SandboxPolicy) throws -> PluginProcess {
        let process: PluginProcess
        do {
            process = try PluginProcess(executable: manifest.executable, arguments: manifest.arguments, folder: manifest.folder,
                                        policy: policy, label: manifest.manifest.id)
        } catch {
            throw ExhibitCoreError.invalidPlugin(folder: manifest.folder, reason: "\(error)")
        }
        do {
            try process.handshake(host: "\(ToolInfo.name) \(ToolInfo.version)")
        } catch {
            process.stop()
            let said = process.stderr.lastLines
            throw ExhibitCoreError.invalidPlugin(folder: manifest.folder, reason: "\(error) (it \(process.exitDescription())"
                                                 + (said.isEmpty ? ")" : "; its standard error: \(said))"))
        }
        return process
    }

    /// Serves one artifact with a process from the pool, or a new one; once more with a fresh
    /// process if the first turns out to have written after its previous artifact's end.
    private func extract(_ artifact: Artifact, options: [String: Value], into sink: any ContainerSink) throws {
        do {
            try extract(artifact, options: options, into: sink, process: try checkOut())
        } catch let late as LateFrames {
            sink.warn("\(label) wrote after the end of its previous artifact (\"\(late.excerpt)\"): that process was stopped, "
                      + "and this artifact was served by a fresh one")
            try extract(artifact, options: options, into: sink, process: try checkOut())
        }
    }

    /// A process that wrote after an artifact's end, met before anything of the next happened.
    private struct LateFrames: Error {
        let excerpt: String
    }

    private func extract(_ artifact: Artifact, options: [String: Value], into sink: any ContainerSink,
                         process: PluginProcess) throws {
        let request = ArtifactRequest(
            id: String(process.served + 1), name: artifact.name, evidencePath: artifact.evidencePath.components,
            declaredSize: artifact.declaredSize, modified: artifact.modified, depth: artifact.depth,
            limits: .init(maxInMemoryBytes: artifact.limits.maxInMemoryBytes, maxNestingDepth: artifact.limits.maxNestingDepth,
                          maxLineLength: artifact.limits.maxLineLength,
                          seconds: artifact.limits.deadline.map { Double($0.subtractingReportingOverflow(
                              DispatchTime.now().uptimeNanoseconds).partialValue) / 1e9 }),
            options: options)
        let outcome: (any Error)?
        do {
            outcome = try process.extract(request, artifact: artifact, into: sink, deadline: artifact.limits.deadline)
        } catch let error as EvidenceError {
            // The host's own side failed (reading the artifact): the process is not at fault, but
            // it is mid-artifact and cannot be reused.
            discard(process)
            throw error
        } catch PluginProtocolError.afterEnd(let excerpt) {
            discard(process)
            throw LateFrames(excerpt: excerpt)
        } catch {
            throw failure(error, of: process, artifact: artifact)
        }
        if process.channel.hasPendingInput() {
            let excerpt = process.channel.pendingExcerpt()
            discard(process)
            sink.warn("\(label) wrote after its end frame (\"\(excerpt)\"): its findings up to the end are kept, its process was stopped")
        } else {
            checkIn(process)
        }
        if let outcome { throw outcome }
    }

    /// The extraction error for a process that failed, which is stopped.
    private func failure(_ error: any Error, of process: PluginProcess, artifact: Artifact) -> EvidenceError {
        let what: String
        switch error {
        case PluginProtocolError.timedOut:
            process.stop()
            what = "did not finish within the time budget: stopped (TERM, then KILL to its process group)"
        case PluginProtocolError.closed:
            what = "closed its output before its end frame: it \(process.exitDescription())"
        default:
            what = "broke the protocol: \(error)"
        }
        discard(process)
        let said = process.stderr.lastLines
        return .unreadable(artifact: artifact.name, reason: "\(label) \(what)" + (said.isEmpty ? "" : "; its standard error ends: \(said)"))
    }

    private func checkOut() throws -> PluginProcess {
        if let process = lock.withLock({ idle.popLast() }) {
            if !process.hasExited { return process }
            discard(process)
        }
        let process = try Self.start(manifest, policy: policy)
        lock.withLock { counts.started += 1 }
        return process
    }

    private func checkIn(_ process: PluginProcess) {
        let keep = lock.withLock { () -> Bool in
            counts.artifacts += 1
            guard idle.count < Self.idleLimit else { return false }
            idle.append(process)
            return true
        }
        if !keep { retire(process, failed: false) }
    }

    private func discard(_ process: PluginProcess) {
        lock.withLock {
            counts.artifacts += 1
            counts.failures += 1
        }
        retire(process, failed: true)
    }

    private func retire(_ process: PluginProcess, failed: Bool) {
        if failed { process.stop() } else { process.shutDown() }
        process.stderr.wait(seconds: 0.2)
        let said = process.stderr.text
        guard !said.isEmpty else { return }
        lock.withLock {
            guard errorOutput.utf8.count < Self.errorOutputLimit else { return }
            errorOutput += "[pid \(process.pid)] " + String(said.prefix(Self.errorOutputLimit - errorOutput.utf8.count)) + "\n"
        }
    }

    /// Stops every process; what the run saw of the extractor, for the custody log.
    public func finish() -> [String: Value] {
        let processes = lock.withLock { () -> [PluginProcess] in
            defer { idle.removeAll() }
            return idle
        }
        for process in processes { retire(process, failed: false) }
        return lock.withLock {
            ["id": .string(descriptor.id), "version": .string(descriptor.version), "origin": .string(origin.description),
             "folder": .string(manifest.folder),
             "files_sha256": .object(manifest.fileHashes.mapValues(Value.string)),
             "command": .list(([manifest.executable] + manifest.arguments).map(Value.string)),
             "protections": .list(protections.names.map(Value.string)),
             "processes_started": .integer(Int64(counts.started)), "artifacts": .integer(Int64(counts.artifacts)),
             "failures": .integer(Int64(counts.failures)), "stderr": .string(errorOutput)]
        }
    }
}
