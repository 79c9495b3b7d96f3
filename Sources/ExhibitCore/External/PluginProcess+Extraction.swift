import EvidenceKit
import Foundation
import PluginProtocol

extension PluginProcess {
    /// The most content sent in one `data` frame, whatever the plugin asks.
    static let dataChunk = 1 << 20

    /// Serves one artifact: sends the request, answers the plugin's reads from the artifact's
    /// content, passes its findings and members to `sink`, until its `end` frame; returns the
    /// error that frame reports, if any. A frame about another artifact, a member from a plugin
    /// that declared none, or a malformed frame is a protocol failure (thrown; the caller stops
    /// the process).
    func extract(_ request: ArtifactRequest, artifact: Artifact, into sink: any ContainerSink,
                 deadline: UInt64?) throws -> (any Error)? {
        channel.deadline = deadline
        try channel.write(.artifact(request))
        served += 1
        var first = true
        while true {
            guard let frame = try channel.readHeader() else { throw PluginProtocolError.closed }
            defer { first = false }
            if first, let id = try? frame.string("id"), id != request.id, let earlier = Int(id), earlier < served {
                // The previous artifact's plugin wrote after its end, and nothing of this one has
                // happened yet: this artifact can be served again by a fresh process.
                throw PluginProtocolError.afterEnd(FrameHeaderText.of(frame))
            }
            guard (try? frame.string("id")) == request.id else {
                throw PluginProtocolError.unexpected(
                    "a \"\(frame.type)\" frame for an artifact it was not sent (\"\(FrameHeaderText.of(frame))\")")
            }
            switch frame.type {
            case "read":
                try answerRead(frame, id: request.id, content: artifact.content)
            case "finding":
                sink.emit(try Self.finding(frame))
            case "member":
                guard isContainer else {
                    throw PluginProtocolError.unexpected("a member from an extractor that declared it hands out none")
                }
                try passMember(frame, id: request.id, artifact: artifact, into: sink)
            case "end":
                return try frame.endError(artifact: artifact.name, extractor: descriptor?.id ?? "external")
            default:
                throw PluginProtocolError.unexpected("a \"\(frame.type)\" frame while reading an artifact")
            }
        }
    }

    /// A `read`: up to `max` bytes of the artifact's content (at most ``dataChunk``), or none at its end.
    private func answerRead(_ frame: FrameHeader, id: String, content: any ByteSource) throws {
        let wanted = Int(clamping: try frame.integer("max"))
        guard wanted > 0 else { throw PluginProtocolError.malformedHeader(reason: "read max must be positive", excerpt: FrameHeaderText.of(frame)) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(wanted, Self.dataChunk), alignment: 16)
        defer { buffer.deallocate() }
        let count = try content.read(into: buffer)
        try channel.write(.data(id: id, count: count), payload: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    }

    /// A finding as the plugin sent it, checked: a kind in the SDK's form, a bounded summary.
    private static func finding(_ frame: FrameHeader) throws -> Finding {
        let finding = try frame.decode(Finding.self, "finding")
        let kind = finding.kind.rawValue
        guard !kind.isEmpty, kind.utf8.count <= 128,
              kind.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." })
        else {
            throw PluginProtocolError.malformedHeader(reason: "a finding kind must be lower snake case with dots: \"\(kind.prefix(60))\"",
                                                      excerpt: FrameHeaderText.of(frame))
        }
        return finding
    }

    /// A `member`: handed to the sink with its content read from the frames that follow, then
    /// answered (`member_result`: `stop` when the budget refused it).
    private func passMember(_ frame: FrameHeader, id: String, artifact: Artifact, into sink: any ContainerSink) throws {
        let member = try frame.decode(Member.self, "member")
        let hasContent: Bool
        if case .bool(false)? = frame.fields["content"] { hasContent = false } else { hasContent = true }
        let stream = MemberStream(process: self, id: id, artifact: artifact, sink: sink)
        var stop: (limit: String, detail: String)?
        do {
            try sink.member(member, content: hasContent ? stream : nil)
        } catch EvidenceError.limitReached(let limit, let detail) {
            stop = (limit, detail)
        }
        // What the host did not read of the member is read past, to its end frame.
        try stream.drain()
        try channel.write(.memberResult(id: id, stop: stop))
    }

    /// A member's content, from its `member_data` frames; the plugin's reads and findings that
    /// come between them are served on the way.
    final class MemberStream: ByteSource {
        private unowned let process: PluginProcess
        private let id: String
        private let artifact: Artifact
        private let sink: any ContainerSink
        private var pending: [UInt8] = []
        private var offset = 0
        private(set) var ended = false
        private var failure: String?

        init(process: PluginProcess, id: String, artifact: Artifact, sink: any ContainerSink) {
            self.process = process
            self.id = id
            self.artifact = artifact
            self.sink = sink
        }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            while offset == pending.count {
                guard !ended else {
                    if let failure { throw ReportedError(message: failure) }
                    return 0
                }
                try nextFrame()
            }
            let count = min(buffer.count, pending.count - offset)
            pending.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
            offset += count
            return count
        }

        /// Reads the frames to the member's end, keeping nothing.
        func drain() throws {
            while !ended { try nextFrame() }
        }

        private func nextFrame() throws {
            guard let frame = try process.channel.readHeader() else { throw PluginProtocolError.closed }
            guard (try? frame.string("id")) == id else {
                throw PluginProtocolError.unexpected("a \"\(frame.type)\" frame for an artifact it was not sent")
            }
            switch frame.type {
            case "member_data":
                pending = []
                offset = 0
                try process.channel.readPayload(frame.byteCount) { pending += $0 }
            case "member_end":
                ended = true
                if case .string(let reason)? = frame.fields["error"] { failure = reason }
            case "read":
                try process.answerRead(frame, id: id, content: artifact.content)
            case "finding":
                sink.emit(try PluginProcess.finding(frame))
            default:
                throw PluginProtocolError.unexpected("a \"\(frame.type)\" frame inside a member's content")
            }
        }
    }
}
