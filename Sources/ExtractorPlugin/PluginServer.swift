import EvidenceKit
import Foundation
import PluginProtocol
#if canImport(Glibc)
import Glibc
#endif

/// Serves an extractor to the host as an external extractor, over standard input and output
/// (docs/plugin-protocol.md): the handshake, then one artifact at a time — content asked for as
/// the extractor reads it, findings and members sent as it emits them.
///
/// A Swift package makes any ``Extractor`` a plugin executable in a few lines:
///
/// ```swift
/// import ExtractorPlugin
///
/// @main enum Main {
///     static func main() { PluginServer.run(.builtIn(RequirementsExtractor.self)) }
/// }
/// ```
///
/// Standard output belongs to the protocol: the server moves it aside at start, and anything the
/// extractor prints goes to standard error, which the host records.
public struct PluginServer {
    private let entry: ExtractorEntry
    private let channel: FrameChannel

    /// A server for `entry`, reading frames from `input` and writing them to `output`.
    public init(_ entry: ExtractorEntry, input: Int32, output: Int32) {
        self.entry = entry
        channel = FrameChannel(input: input, output: output)
    }

    /// Serves `entry` on this process's standard input and output until the host shuts it down,
    /// then exits: 0 after a clean shutdown, 1 when the protocol failed.
    public static func run(_ entry: ExtractorEntry) -> Never {
        signal(SIGPIPE, SIG_IGN)
        // The protocol's output is a private copy of standard output; standard output itself is
        // pointed at standard error, so a stray print cannot corrupt a frame.
        let output = dup(1)
        dup2(2, 1)
        do {
            try PluginServer(entry, input: 0, output: output).serve()
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("exhibit plugin \(entry.descriptor.id): \(error)\n".utf8))
            exit(1)
        }
    }

    /// The handshake, then artifacts until `shutdown` or the end of input.
    public func serve() throws {
        guard let hello = try channel.readHeader(), hello.type == "hello" else {
            throw PluginProtocolError.handshake("the host did not begin with hello")
        }
        guard try hello.string("protocol") == PluginProtocol.name else {
            throw PluginProtocolError.handshake("the host speaks \((try? hello.string("protocol")) ?? "?"), not \(PluginProtocol.name)")
        }
        let offered = (try? hello.decode([Int].self, "versions")) ?? []
        guard let version = PluginProtocol.versions.filter(offered.contains).max() else {
            throw PluginProtocolError.handshake("the host offers versions \(offered); this plugin speaks \(PluginProtocol.versions)")
        }
        try channel.write(.pluginHello(version: version, descriptor: entry.descriptor, container: entry.isContainer))
        var configured: [Value: ExtractorEntry.Factory] = [:]
        while let frame = try channel.readHeader() {
            switch frame.type {
            case "shutdown": return
            case "artifact":
                let request = try ValueCoder.decode(ArtifactRequest.self, from: .object(frame.fields))
                let options = Value.object(request.options)
                if configured[options] == nil {
                    configured[options] = try? entry.configured(with: request.options)
                }
                try serve(request, make: configured[options])
            default:
                throw PluginProtocolError.unexpected("a \"\(frame.type)\" frame where an artifact or shutdown was expected")
            }
        }
    }

    /// Reads one artifact: its head first (as the host recognizes it), then the extraction.
    private func serve(_ request: ArtifactRequest, make: ExtractorEntry.Factory?) throws {
        let content = RemoteContent(id: request.id, channel: channel)
        var outcome: (any Error)?
        do {
            guard let make else {
                throw EvidenceError.invalidOptions(extractor: entry.descriptor.id, reason: "these options do not configure it")
            }
            let head = try content.readHead(ExampleVerifier.headLength)
            var limits = ExtractionLimits(maxInMemoryBytes: request.limits.maxInMemoryBytes,
                                          maxNestingDepth: request.limits.maxNestingDepth,
                                          maxLineLength: request.limits.maxLineLength)
            if let seconds = request.limits.seconds {
                limits.deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9)
            }
            let path = request.evidencePath.isEmpty ? EvidencePath(original: request.name) : EvidencePath(components: request.evidencePath)
            let artifact = Artifact(name: request.name, evidencePath: path, declaredSize: request.declaredSize, head: head,
                                    content: content, depth: request.depth, limits: limits, modified: request.modified)
            try make()(artifact, RemoteSink(id: request.id, channel: channel))
        } catch let failure as PluginProtocolError {
            throw failure
        } catch {
            outcome = error
        }
        try channel.write(.end(id: request.id, error: outcome))
    }
}
