import EvidenceKit
import Foundation
import PluginProtocol

/// An artifact's content, asked of the host as it is read (`read` → `data`): the plugin holds no
/// more of it than one answer. Its first bytes are read once as the head and replayed.
final class RemoteContent: ByteSource {
    private let id: String
    private let channel: FrameChannel
    private var head: [UInt8] = []
    private var headOffset = 0
    private var ended = false

    init(id: String, channel: FrameChannel) {
        self.id = id
        self.channel = channel
    }

    /// Reads up to `length` bytes as the head, to be read again from the start.
    func readHead(_ length: Int) throws -> Data {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while collected.count < length {
            let count = try buffer.withUnsafeMutableBytes { try fetch(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<min($0.count, length - collected.count)])) }
            if count == 0 { break }
            collected += buffer[0..<count]
        }
        head = collected
        return Data(collected)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if headOffset < head.count {
            let count = min(buffer.count, head.count - headOffset)
            head.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[headOffset..<(headOffset + count)])) }
            headOffset += count
            return count
        }
        return try fetch(into: buffer)
    }

    private func fetch(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !ended, buffer.count > 0 else { return 0 }
        try channel.write(.read(id: id, max: buffer.count))
        guard let answer = try channel.readHeader() else { throw PluginProtocolError.closed }
        guard answer.type == "data", (try? answer.string("id")) == id else {
            throw PluginProtocolError.unexpected("a \"\(answer.type)\" frame where data for \(id) was expected")
        }
        let count = answer.byteCount
        guard count <= buffer.count else { throw PluginProtocolError.badLength("\(count) bytes sent where \(buffer.count) were asked") }
        if count == 0 { ended = true }
        return try channel.readPayload(count, into: buffer)
    }
}
