import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An append-only sequence of records (typed fields) that keeps memory flat: records are
/// packed into one byte buffer, and past ``memoryLimit`` the buffer goes to a spill file that
/// was unlinked as soon as it was created — nothing is left on disk, even after `kill -9`.
///
/// One thread appends (the stager) while one other reads (the writer, through a
/// ``Prefetcher``): ``forEach(_:)`` follows the records as they arrive and returns once the
/// spool is closed and read to its end. An original's rows can so be written while it is still
/// being walked, or wait here, on disk, while an earlier original is written.
final class RowSpool: @unchecked Sendable {
    /// Bytes kept in memory before spilling.
    let memoryLimit: Int
    /// A reader waits for this many new bytes (or the end) before it wakes.
    private static let wakeBytes = 64 << 10
    private let directory: String
    private let condition = NSCondition()
    // Guarded by `condition`. Bytes `0..<fileLength` are in the file and never change once there;
    // `buffer` holds the bytes after them.
    private var buffer: [UInt8] = []
    private var file: Int32 = -1
    private var fileLength = 0
    private var closed = false
    private var readerStopped = false
    private var nextWake = wakeBytes

    init(directory: String, memoryLimit: Int = 1 << 20) {
        self.directory = directory
        self.memoryLimit = memoryLimit
    }

    deinit {
        if file >= 0 { Glibc.close(file) }
    }

    /// Appends one record.
    func append(_ record: SpoolRecord) throws {
        condition.lock()
        defer { condition.unlock() }
        var length = record.bytes.count
        repeat {
            buffer.append(UInt8(length & 0x7F) | (length > 0x7F ? 0x80 : 0))
            length >>= 7
        } while length > 0
        buffer += record.bytes
        if buffer.count >= memoryLimit { try spill() }
        if fileLength + buffer.count >= nextWake {
            nextWake = fileLength + buffer.count + Self.wakeBytes
            condition.broadcast()
        }
    }

    /// No more records: a reader returns once it has read what is here.
    func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }

    /// Makes a reader waiting for records throw at once (its consumer has given up).
    func stopReading() {
        condition.withLock {
            readerStopped = true
            condition.broadcast()
        }
    }

    private func spill() throws {
        if file < 0 {
            var template = Array((directory + "/.exhibit-spool-XXXXXX").utf8CString)
            file = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard file >= 0 else {
                throw ExhibitCoreError.spool(
                    reason: "cannot create a spill file in \(directory): \(String(cString: strerror(errno)))")
            }
            _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
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

    /// Calls `body` with each record, in the order appended, as they arrive; returns once the
    /// spool is closed and every record has been read.
    func forEach(_ body: (inout SpoolRecord.Reader) throws -> Void) throws {
        var carry: [UInt8] = []
        var position = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            condition.lock()
            while !closed, !readerStopped, fileLength + buffer.count < position + Self.wakeBytes { condition.wait() }
            if readerStopped {
                condition.unlock()
                throw ExhibitCoreError.spool(reason: "reading stopped")
            }
            let (inFile, descriptor, end) = (fileLength, file, fileLength + buffer.count)
            if position >= inFile {
                carry += buffer[(position - inFile)...]
                position = end
            }
            let finished = closed && position == end
            condition.unlock()
            // What is in the file is read outside the lock: those bytes no longer change.
            while position < inFile {
                let got = pread(descriptor, chunk.baseAddress!, min(chunk.count, inFile - position), off_t(position))
                guard got > 0 else {
                    throw ExhibitCoreError.spool(reason: "cannot read the spill file: \(String(cString: strerror(errno)))")
                }
                carry += UnsafeRawBufferPointer(rebasing: chunk[0..<got])
                position += got
                carry.removeFirst(try Self.records(in: carry, body))
            }
            carry.removeFirst(try Self.records(in: carry, body))
            if finished { break }
        }
        guard carry.isEmpty else { throw ExhibitCoreError.spool(reason: "a spooled record is incomplete") }
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
