import CArchive
import EvidenceKit
import Foundation

/// An original on disk, read by libarchive with random access. Its index — a zip's central
/// directory, a 7z header, from `index` on — and anything behind the stream's position come
/// from the file (``Artifact/randomAccess``); a read where the stream stands, or ahead of it
/// below the index (the bytes between are read and passed over), comes from the artifact's
/// stream, which the host hashes as it goes. libarchive reads the index first, then the members
/// in order from the start, so the original is still read once from end to end, and its index
/// (with its last 64 KiB and the first block libarchive looked at) once more.
final class PositionalArchiveSource: PassedBytes {
    private let stream: any ByteSource
    let file: any RandomAccessByteSource
    /// Where the index begins: reads from here on never move the stream. It is never after the
    /// last 64 KiB, where libarchive looks for a zip's end record first.
    var index: Int64 {
        didSet { index = min(index, tail) }
    }
    private let tail: Int64
    /// Where libarchive reads next.
    private var position: Int64 = 0
    /// Bytes of the stream read so far.
    private var streamed: Int64 = 0
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
    /// The error a read threw, kept to be rethrown as itself.
    private(set) var error: (any Error)?

    init(stream: any ByteSource, file: any RandomAccessByteSource, size: Int64) {
        self.stream = stream
        self.file = file
        tail = max(0, size - 22 - 65_535)
        index = tail
    }

    deinit {
        buffer.deallocate()
    }

    func fill(_ archive: OpaquePointer?, _ bufferOut: UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int {
        if error != nil { return -1 }
        do {
            let count = try position < streamed || position >= index ? file.read(at: position, into: buffer) : readStream()
            position += Int64(count)
            bufferOut?.pointee = UnsafeRawPointer(buffer.baseAddress)
            return count
        } catch {
            self.error = error
            return -1
        }
    }

    /// Reads the stream up to where libarchive stands, then a block from there.
    private func readStream() throws -> Int {
        while streamed < position {
            let skip = UnsafeMutableRawBufferPointer(rebasing: buffer[..<Int(min(Int64(buffer.count), position - streamed))])
            let count = try stream.read(into: skip)
            if count == 0 { return 0 }
            streamed += Int64(count)
        }
        var filled = 0
        while filled < buffer.count {
            let count = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if count == 0 { break }
            filled += count
        }
        streamed += Int64(filled)
        return filled
    }

    func seek(_ offset: Int64, whence: Int32) -> Int64 {
        let base: Int64
        switch whence {
        case SEEK_CUR: base = position
        case SEEK_END:
            guard let size = try? file.size else { return Int64(ARCHIVE_FATAL) }
            base = size
        default: base = 0
        }
        let (target, overflow) = base.addingReportingOverflow(offset)
        guard !overflow, target >= 0 else { return Int64(ARCHIVE_FATAL) }
        position = target
        return target
    }

    func bytes(at offset: Int64, count: Int) -> [UInt8] {
        guard let data = try? file.read(at: offset, count: count) else { return [] }
        return [UInt8](data)
    }
}
