import EvidenceKit
import Foundation

/// An artifact's bytes in one buffer, for libarchive's random access (zip central directories,
/// 7z): read once and handed to libarchive as they are, so a 64 MiB zip costs 64 MiB of memory,
/// not two or three copies.
///
/// The buffer is one anonymous mapping of the whole limit, reserved up front: pages become
/// memory only when bytes are read into them, and nothing is ever moved or copied to grow it.
final class MemoryImage: PassedBytes {
    private let base: UnsafeMutableRawPointer
    private let capacity: Int
    /// Bytes read.
    private(set) var count = 0

    /// Reserves room for up to `limit` bytes (and one more, to tell a larger artifact); nil
    /// when the system refuses so large a reservation (a `memory_bytes` set beyond it).
    init?(limit: Int) {
        capacity = max(limit, 0) + 1
        guard let mapped = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != MAP_FAILED else { return nil }
        base = mapped
    }

    deinit {
        munmap(base, capacity)
    }

    /// The bytes read so far.
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: count)
    }

    /// Reads `source` to its end unless it holds more than the limit; returns whether it
    /// reached the end (false: the first limit + 1 bytes are held).
    func read(_ source: any ByteSource) throws -> Bool {
        while count < capacity {
            let read = try source.read(into: UnsafeMutableRawBufferPointer(start: base + count, count: capacity - count))
            if read == 0 { return true }
            count += read
        }
        return false
    }

    /// The bytes read so far as a stream, followed by the rest of `rest`.
    func followed(by rest: any ByteSource) -> any ByteSource {
        PrefixedSource(prefix: .image(self), rest: rest)
    }

    func bytes(at offset: Int64, count: Int) -> [UInt8] {
        withBytes(at: offset, count: count) { Array($0) }
    }

    func withBytes<Result>(at offset: Int64, count: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        guard offset >= 0, offset < Int64(self.count), count > 0 else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        let start = Int(offset)
        return try body(UnsafeBufferPointer(rebasing: bytes.bindMemory(to: UInt8.self)[start..<min(self.count, start + count)]))
    }
}
