import EvidenceKit
import Foundation

/// Reads a stream line by line with each line's number and byte offset, in one reusable buffer:
/// a 2 GiB log is read in flat memory, and every line can be found again with `sed -n` or `dd`.
///
/// A line longer than `maxLineLength` is handed over cut at that length (``Line/isCut``), with
/// its full length; the rest of it is read past, never held. Lines end at LF; a CR before the LF
/// is not part of the line (``Line/terminator`` says which ending it had). Bytes are handed over
/// as they are: decoding (UTF-8, UTF-16) is the reader's choice.
///
/// ```swift
/// try LineReader(artifact.content, maxLineLength: artifact.limits.maxLineLength).forEachLine { line in
///     if line.isCut { sink.limitation("line \(line.number) is \(line.length) bytes long", limit: "line_length",
///                                     at: Locator(byteOffset: line.byteOffset, line: line.number)) }
/// }
/// ```
public final class LineReader {
    /// How a line ended.
    public enum Terminator: Sendable, Hashable {
        case lf, crlf
        /// The last line, without a line feed.
        case none
    }

    /// One line, valid only inside the call that receives it.
    public struct Line {
        /// The line's bytes, without its terminator (cut at the maximum length if it is longer).
        public let bytes: UnsafeRawBufferPointer
        /// Its number, from 1.
        public let number: Int
        /// The offset of its first byte in the stream.
        public let byteOffset: Int64
        /// Its full length in bytes, without its terminator.
        public let length: Int64
        /// Whether ``bytes`` is only the start of the line.
        public var isCut: Bool { Int64(bytes.count) < length }
        public let terminator: Terminator
    }

    private let source: any ByteSource
    private let maxLineLength: Int
    private let blockSize: Int
    /// A block, after the start of a line carried over from the block before.
    private let buffer: UnsafeMutableRawBufferPointer
    /// The kept start of a line longer than the maximum, while the rest of it is read past.
    private let cutStart: UnsafeMutableRawBufferPointer
    /// Bytes read so far.
    public private(set) var bytesRead: Int64 = 0

    /// - Parameters:
    ///   - maxLineLength: the most bytes of one line handed over.
    ///   - blockSize: how much is read at a time.
    public init(_ source: any ByteSource, maxLineLength: Int, blockSize: Int = 1 << 20) {
        self.source = source
        self.maxLineLength = max(1, maxLineLength)
        self.blockSize = max(blockSize, 4096)
        buffer = .allocate(byteCount: self.blockSize + self.maxLineLength, alignment: 16)
        cutStart = .allocate(byteCount: self.maxLineLength, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        cutStart.deallocate()
    }

    /// Calls `body` with every line, in order.
    public func forEachLine(_ body: (Line) throws -> Void) throws {
        var number = 0
        var carried = 0            // bytes of an unfinished line at the front of the buffer
        var lineOffset: Int64 = 0  // where the unfinished line starts in the stream
        var cutLength: Int64?      // the length so far of a line being read past
        var lastWasCR = false      // the last byte read past was a CR
        func emit(_ bytes: UnsafeRawBufferPointer, length: Int64, terminator: Terminator) throws {
            number += 1
            try body(Line(bytes: bytes, number: number, byteOffset: lineOffset, length: length, terminator: terminator))
        }
        while true {
            let room = UnsafeMutableRawBufferPointer(rebasing: buffer[carried..<(carried + blockSize)])
            let read = try source.read(into: room)
            bytesRead += Int64(read)
            if read == 0 {
                if let length = cutLength {
                    try emit(UnsafeRawBufferPointer(cutStart), length: length, terminator: .none)
                } else if carried > 0 {
                    try emit(UnsafeRawBufferPointer(rebasing: buffer[0..<carried]), length: Int64(carried), terminator: .none)
                }
                return
            }
            let filled = carried + read
            var start = 0
            var scanFrom = carried
            while let newline = Self.find(0x0A, in: buffer, from: scanFrom, to: filled) {
                let crlf = newline > start ? buffer[newline - 1] == 0x0D : (cutLength != nil && lastWasCR)
                let consumed = Int64(newline - start) + 1
                if let length = cutLength {
                    let total = length + Int64(newline - start)
                    try emit(UnsafeRawBufferPointer(cutStart), length: total - (crlf ? 1 : 0), terminator: crlf ? .crlf : .lf)
                    lineOffset += total + 1
                    cutLength = nil
                } else {
                    let end = crlf ? newline - 1 : newline
                    try emit(UnsafeRawBufferPointer(rebasing: buffer[start..<end]), length: Int64(end - start),
                             terminator: crlf ? .crlf : .lf)
                    lineOffset += consumed
                }
                start = newline + 1
                scanFrom = start
            }
            let pending = filled - start
            if cutLength != nil {
                cutLength! += Int64(pending)
                if pending > 0 { lastWasCR = buffer[filled - 1] == 0x0D }
                carried = 0
            } else if pending > maxLineLength {
                cutStart.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + maxLineLength)]))
                cutLength = Int64(pending)
                lastWasCR = buffer[filled - 1] == 0x0D
                carried = 0
            } else {
                if start > 0, pending > 0 {
                    buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: pending)
                }
                carried = pending
            }
        }
    }

    private static func find(_ byte: UInt8, in buffer: UnsafeMutableRawBufferPointer, from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        guard let found = memchr(buffer.baseAddress! + from, Int32(byte), to - from) else { return nil }
        return buffer.baseAddress!.distance(to: found)
    }
}
