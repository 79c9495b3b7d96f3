import EvidenceKit
import PluginProtocol

/// Findings and members, sent to the host as the extractor emits them. A member's content is
/// sent in pieces after it; the host hashes and extracts it, then answers (`member_result`):
/// `stop` when its budget says to read no more members.
final class RemoteSink: ContainerSink {
    private let id: String
    private let channel: FrameChannel
    /// The first failure to send, thrown at the next member (``emit(_:)`` cannot throw).
    private var failure: (any Error)?
    /// The member's content is read first in a head-sized piece, then in larger ones, as the
    /// host reads a member it walks itself: a stream that fails part way gives the same bytes.
    private static let firstChunk = 64 * 1024
    private static let chunk = 1 << 20

    init(id: String, channel: FrameChannel) {
        self.id = id
        self.channel = channel
    }

    func emit(_ finding: Finding) {
        guard failure == nil else { return }
        do {
            try channel.write(.finding(id: id, finding))
        } catch {
            failure = error
        }
    }

    func member(_ member: Member, content: (any ByteSource)?) throws {
        if let failure { throw failure }
        try channel.write(.member(id: id, member, content: content != nil))
        var readError: String?
        if let content {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunk, alignment: 16)
            defer { buffer.deallocate() }
            var size = Self.firstChunk
            while true {
                let count: Int
                defer { size = Self.chunk }
                do {
                    count = try content.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<size]))
                } catch {
                    readError = (error as? EvidenceError)?.errorDescription ?? "\(error)"
                    break
                }
                if count == 0 { break }
                try channel.write(.memberData(id: id, count: count), payload: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
        }
        try channel.write(.memberEnd(id: id, error: readError))
        guard let answer = try channel.readHeader() else { throw PluginProtocolError.closed }
        guard answer.type == "member_result", (try? answer.string("id")) == id else {
            throw PluginProtocolError.unexpected("a \"\(answer.type)\" frame where a member result was expected")
        }
        if (try? answer.string("status")) == "stop" {
            throw EvidenceError.limitReached(limit: (try? answer.string("limit")) ?? "members_per_archive",
                                             detail: (try? answer.string("detail")) ?? "the host stopped this container")
        }
    }
}
