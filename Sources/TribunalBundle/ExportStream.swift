import ExhibitFoundation
import Foundation

/// Bytes on their way to a file or to standard output, written in 1 MiB blocks: an export of
/// any size is produced piece by piece and never held whole.
///
/// Writes do not throw; the first error of the destination is kept, later writes are dropped,
/// and ``finish()`` throws it.
final class ExportStream {
    private var buffer: [UInt8] = []
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var failure: (any Error)?
    private static let blockSize = 1 << 20

    /// - Parameter sink: receives each block, in order.
    init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(Self.blockSize + 64 * 1024)
    }

    /// Standard output.
    static func standardOutput() -> ExportStream {
        ExportStream { block in
            var rest = block
            while !rest.isEmpty {
                let written = Foundation.write(STDOUT_FILENO, rest.baseAddress, rest.count)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw TribunalBundleError.write(path: "standard output", reason: String(cString: strerror(errno)))
                }
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            }
        }
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        flushIfFull()
    }

    func write(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        flushIfFull()
    }

    /// `text` as a JSON string, escaped as the case store's canonical JSON escapes it.
    func writeJSONString(_ text: String) {
        CanonicalJSON.writeString(text, to: &buffer)
        flushIfFull()
    }

    /// Writes what is buffered, and throws the first error the destination gave.
    func finish() throws {
        flush()
        if let failure { throw failure }
    }

    private func flushIfFull() {
        if buffer.count >= Self.blockSize { flush() }
    }

    private func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil, !buffer.isEmpty else { return }
        do {
            try buffer.withUnsafeBytes(sink)
        } catch {
            failure = error
        }
    }
}
