import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Frames over a pair of file descriptors: header lines of JSON, each optionally followed by a
/// stated number of raw bytes. Reads are buffered and may wait with a deadline (`poll`); writes
/// go out whole. Not thread-safe: one side's frames are read and written on one thread.
public final class FrameChannel {
    private let input: Int32
    private let output: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    /// When a read gives up, on the monotonic clock (uptime nanoseconds); `nil` to wait forever.
    public var deadline: UInt64?
    /// Every byte read so far (for messages naming what was seen).
    public private(set) var bytesRead: Int64 = 0

    /// A channel reading `input` and writing `output` (not closed by the channel).
    public init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
        buffer = [UInt8](repeating: 0, count: 256 * 1024)
    }

    // MARK: Reading

    /// The next header, parsed; `nil` at a clean end of input (between frames).
    public func readHeader() throws -> FrameHeader? {
        var line: [UInt8] = []
        while true {
            if start == end {
                guard try fill() else {
                    if line.isEmpty { return nil }
                    throw PluginProtocolError.closed
                }
            }
            if let newline = buffer[start..<end].firstIndex(of: 0x0A) {
                line.append(contentsOf: buffer[start..<newline])
                start = newline + 1
                break
            }
            line.append(contentsOf: buffer[start..<end])
            start = end
            if line.count >= PluginProtocol.maxHeaderBytes { throw PluginProtocolError.headerTooLong }
        }
        guard line.count < PluginProtocol.maxHeaderBytes else { throw PluginProtocolError.headerTooLong }
        return try FrameHeader(line: line)
    }

    /// Reads exactly `count` raw bytes, handing them to `body` in pieces.
    public func readPayload(_ count: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var left = count
        while left > 0 {
            if start == end {
                guard try fill() else { throw PluginProtocolError.badLength("the input ended \(left) bytes short of the frame") }
            }
            let take = min(left, end - start)
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<(start + take)])) }
            start += take
            left -= take
        }
    }

    /// Reads exactly `count` raw bytes into `destination` (as many as fit, the rest discarded).
    public func readPayload(_ count: Int, into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var copied = 0
        try readPayload(count) { piece in
            let fits = min(piece.count, destination.count - copied)
            if fits > 0 {
                UnsafeMutableRawBufferPointer(rebasing: destination[copied..<(copied + fits)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: piece[0..<fits]))
                copied += fits
            }
        }
        return copied
    }

    /// Whether bytes are waiting to be read now, without waiting for any.
    public func hasPendingInput() -> Bool {
        if start < end { return true }
        var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0 && descriptor.revents & Int16(POLLIN) != 0
    }

    /// A few of the bytes waiting in the buffer, for an error message.
    public func pendingExcerpt() -> String {
        FrameHeader.excerpt(Array(buffer[start..<min(end, start + 200)]))
    }

    /// Reads more into the buffer; `false` at the end of input.
    private func fill() throws -> Bool {
        start = 0
        end = 0
        while true {
            if let deadline {
                let now = DispatchTime.now().uptimeNanoseconds
                guard now < deadline else { throw PluginProtocolError.timedOut(seconds: 0) }
                let wait = Int32(clamping: (deadline - now) / 1_000_000 + 1)
                var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, wait)
                if ready < 0 {
                    if errno == EINTR { continue }
                    throw PluginProtocolError.io("poll: \(String(cString: strerror(errno)))")
                }
                if ready == 0 { throw PluginProtocolError.timedOut(seconds: 0) }
            }
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count > 0 {
                end = count
                bytesRead += Int64(count)
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            throw PluginProtocolError.io("read: \(String(cString: strerror(errno)))")
        }
    }

    // MARK: Writing

    /// Writes a header (and the raw bytes it announces, if any).
    public func write(_ header: FrameHeader, payload: UnsafeRawBufferPointer? = nil) throws {
        var line = header.encoded()
        line.append(0x0A)
        try line.withUnsafeBytes { try writeAll($0) }
        if let payload { try writeAll(payload) }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        // A write to a pipe whose reader has died raises SIGPIPE, which would end this process
        // (the host, with a case open): it is blocked on this thread for the write, and one it
        // raised is taken before it is unblocked, so the failure is only an error (EPIPE).
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1, sigismember(&previous, SIGPIPE) == 0 {
                var zero = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&pipeSignal, nil, &zero)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(output, bytes.baseAddress! + offset, bytes.count - offset)
            if count > 0 {
                offset += count
            } else if count < 0, errno == EINTR {
                continue
            } else if count < 0, errno == EPIPE {
                throw PluginProtocolError.closed
            } else {
                throw PluginProtocolError.io("write: \(String(cString: strerror(errno)))")
            }
        }
    }
}
