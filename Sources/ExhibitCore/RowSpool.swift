import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An append-only sequence of records (typed fields) that keeps memory flat: records are
/// packed into one byte buffer, and past ``memoryLimit`` the buffer goes to a spill file that
/// was unlinked as soon as it was created — nothing is left on disk, even after `kill -9`.
///
/// An original's rows wait here until its SHA-256, and so every id, is known; an archive of a
/// million members then costs disk pages, not memory.
///
/// Not thread-safe, and used by one thread at a time: the stager's while it appends, then the
/// writer's (through a ``Prefetcher``) while the rows are read back.
final class RowSpool: @unchecked Sendable {
    /// Bytes kept in memory before spilling.
    let memoryLimit: Int
    private let directory: String
    private var buffer: [UInt8] = []
    private var file: Int32 = -1
    private var fileLength = 0
    /// Records appended.
    private(set) var count = 0

    init(directory: String, memoryLimit: Int = 1 << 20) {
        self.directory = directory
        self.memoryLimit = memoryLimit
    }

    deinit {
        if file >= 0 { close(file) }
    }

    /// Appends one record.
    func append(_ record: SpoolRecord) throws {
        var length = record.bytes.count
        repeat {
            buffer.append(UInt8(length & 0x7F) | (length > 0x7F ? 0x80 : 0))
            length >>= 7
        } while length > 0
        buffer += record.bytes
        count += 1
        if buffer.count >= memoryLimit { try spill() }
    }

    private func spill() throws {
        if file < 0 {
            var template = Array((directory + "/.exhibit-spool-XXXXXX").utf8CString)
            file = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard file >= 0 else {
                throw ExhibitCoreError.spool(
                    reason: "cannot create a spill file in \(directory): \(String(cString: strerror(errno)))")
            }
            unlink(String(cString: template))
        }
        try buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = pwrite(file, bytes.baseAddress! + offset, bytes.count - offset, off_t(fileLength + offset))
                guard written > 0 else {
                    throw ExhibitCoreError.spool(reason: "cannot write the spill file: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
        fileLength += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with each record, in the order appended.
    func forEach(_ body: (inout SpoolRecord.Reader) throws -> Void) throws {
        var carry: [UInt8] = []
        if file >= 0 {
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { chunk.deallocate() }
            var offset = 0
            while offset < fileLength {
                let got = pread(file, chunk.baseAddress!, min(chunk.count, fileLength - offset), off_t(offset))
                guard got > 0 else {
                    throw ExhibitCoreError.spool(reason: "cannot read the spill file: \(String(cString: strerror(errno)))")
                }
                carry += UnsafeRawBufferPointer(rebasing: chunk[0..<got])
                offset += got
                let used = try Self.records(in: carry, body)
                carry.removeFirst(used)
            }
        }
        carry += buffer
        let used = try Self.records(in: carry, body)
        guard used == carry.count else { throw ExhibitCoreError.spool(reason: "a spooled record is incomplete") }
    }

    /// Reads every whole record in `bytes`; returns how many bytes they took.
    private static func records(in bytes: [UInt8], _ body: (inout SpoolRecord.Reader) throws -> Void) throws -> Int {
        var position = 0
        while position < bytes.count {
            var length = 0, shift = 0, cursor = position, complete = false
            while cursor < bytes.count {
                let byte = bytes[cursor]
                length |= Int(byte & 0x7F) << shift
                shift += 7
                cursor += 1
                if byte & 0x80 == 0 {
                    complete = true
                    break
                }
            }
            guard complete, cursor + length <= bytes.count else { return position }
            var reader = SpoolRecord.Reader(bytes[cursor..<(cursor + length)])
            try body(&reader)
            position = cursor + length
        }
        return position
    }
}
