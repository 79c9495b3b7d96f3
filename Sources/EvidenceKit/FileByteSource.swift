import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif

/// The content of a file on disk, opened read-only.
///
/// Originals are sacred: the file is opened with `O_RDONLY` (and `O_NOFOLLOW` when asked), never
/// written, and closed when the source is released.
public final class FileByteSource: ByteSource {
    /// The path the file was opened from.
    public let path: String
    private let descriptor: Int32

    /// Opens `path` for reading.
    ///
    /// - Throws: ``EvidenceError/io(path:reason:)`` when it cannot be opened.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw EvidenceError.io(path: path, reason: String(cString: strerror(errno)))
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = systemRead(descriptor, base, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw EvidenceError.io(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
