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

/// The content of a regular file on disk, opened read-only: read as a stream, and at any offset
/// (``RandomAccessByteSource``, with `pread`, which leaves the stream where it is).
///
/// Originals are sacred: the file is opened with `O_RDONLY`, never written, and closed when the
/// source is released. Only a regular file is read: the open does not wait (`O_NONBLOCK`), so a
/// path that turns out to name a FIFO — which would wait for a writer forever — or a device is
/// refused, not read.
public final class FileByteSource: ByteSource, RandomAccessByteSource {
    /// The path the file was opened from.
    public let path: String
    /// The file that was opened, whatever the path names now.
    public let identity: FileIdentity
    private let descriptor: Int32

    /// Opens the regular file at `path` for reading.
    ///
    /// - Throws: ``EvidenceError/io(path:reason:)`` when it cannot be opened or is not a
    ///   regular file.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            throw EvidenceError.io(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw EvidenceError.io(path: path, reason: "not a regular file")
        }
        // Reads of a regular file never wait anyway; the flag is dropped so that they are plain.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        descriptor = fd
        identity = FileIdentity(info)
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

    /// The file's length now (`fstat`).
    public var size: Int64 {
        get throws {
            var info = stat()
            guard fstat(descriptor, &info) == 0 else {
                throw EvidenceError.io(path: path, reason: String(cString: strerror(errno)))
            }
            return Int64(info.st_size)
        }
    }

    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0, offset >= 0 else { return 0 }
        while true {
            let count = pread(descriptor, base, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw EvidenceError.io(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
