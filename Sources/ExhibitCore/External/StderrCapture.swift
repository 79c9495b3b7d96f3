import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child's standard error, read on a thread of its own (so the child never blocks writing it)
/// and kept within a cap: the first and the last bytes, and a count of what was left out.
final class StderrCapture: @unchecked Sendable {
    static let keptBytes = 8 * 1024
    private let lock = NSLock()
    private var head: [UInt8] = []
    private var tail: [UInt8] = []
    private var dropped: Int64 = 0
    private let done = DispatchSemaphore(value: 0)

    /// Starts reading `descriptor` until its end; closes it then.
    init(descriptor: Int32, label: String) {
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    append(buffer[0..<count])
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(descriptor)
            done.signal()
        }
        thread.name = "exhibit.plugin-stderr.\(label)"
        thread.stackSize = 256 * 1024
        thread.start()
    }

    private func append(_ bytes: ArraySlice<UInt8>) {
        lock.withLock {
            let room = Self.keptBytes - head.count
            if room > 0 { head += bytes.prefix(room) }
            let rest = bytes.dropFirst(max(0, room))
            guard !rest.isEmpty else { return }
            tail += rest
            if tail.count > Self.keptBytes {
                dropped += Int64(tail.count - Self.keptBytes)
                tail.removeFirst(tail.count - Self.keptBytes)
            }
        }
    }

    /// What was kept, as text: the start, a note of what was left out, the end.
    var text: String {
        lock.withLock {
            var text = String(decoding: head, as: UTF8.self)
            if dropped > 0 { text += "\n… (\(dropped) bytes left out) …\n" }
            text += String(decoding: tail, as: UTF8.self)
            return text
        }
    }

    /// The last few hundred bytes, for an error message.
    var lastLines: String {
        let all = text
        return String(all.suffix(300)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits (at most `seconds`) for the child's side to close.
    func wait(seconds: Double) {
        _ = done.wait(timeout: .now() + seconds)
    }
}
