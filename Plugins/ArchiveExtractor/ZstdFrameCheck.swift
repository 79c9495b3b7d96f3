import EvidenceKit
import Foundation

/// Walks a zstd stream's frames as their bytes pass on to the decoder (RFC 8878 §3.1): every
/// frame header's window size — what the decoder must hold in memory — is checked against
/// the budget before the decoder sees the whole header, and a frame that asks for more is
/// refused (``ArchiveExtractorError/decoderMemory(filter:needed:limit:offset:)``). libarchive's
/// zstd filter sets no window limit of its own (zstd's default stops at 128 MiB).
///
/// The walk needs no decoding: block headers give each block's size. Where the bytes after a
/// frame start no further frame, the stream ends for the decoder, and ``trailingData()``
/// hands them on.
final class ZstdFrameCheck: ByteSource {
    private enum State {
        case magic
        case frameHeader
        case blockHeader
        case skip(Int64, then: Next)
        case skippableSize
        /// Something the walk does not understand: everything passes, the decoder judges.
        case passThrough
    }

    private enum Next {
        case block, checksum, magic
    }

    private let source: any ByteSource
    private let limit: Int64
    private var state = State.magic
    /// Bytes of the structure being read (a magic number, a header).
    private var partial: [UInt8] = []
    private var hasChecksum = false
    private var frames = 0
    /// Bytes of the stream walked so far.
    private var offset: Int64 = 0
    private var failure: ArchiveExtractorError?
    /// Where, in the chunk being walked, the current frame began (negative: in an earlier chunk).
    private var frameStart = -1
    private var held: [UInt8]?
    private(set) var trailingDataOffset: Int64?

    init(_ source: any ByteSource, memoryLimit: Int) {
        self.source = source
        limit = Int64(memoryLimit)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let failure { throw failure }
        if held != nil { return 0 }
        let count = try source.read(into: buffer)
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<count])
        var index = 0
        frameStart = -1
        while index < count {
            if let stop = step(bytes, &index) {
                switch stop {
                case .refused(let error):
                    // The decoder gets every frame before this one whole, and none of this one.
                    failure = error
                    if frameStart > 0 { return frameStart }
                    throw error
                case .trailing(let at):
                    trailingDataOffset = offset + Int64(at)
                    held = Array(bytes[at...])
                    return at
                }
            }
        }
        offset += Int64(count)
        return count
    }

    private enum Stop {
        case refused(ArchiveExtractorError)
        case trailing(at: Int)
    }

    /// Advances over `bytes` from `index`; stops where a frame is refused or the frames end.
    private func step(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> Stop? {
        switch state {
        case .passThrough:
            index = bytes.count
        case .skip(let left, let next):
            let run = Int(min(left, Int64(bytes.count - index)))
            index += run
            state = left - Int64(run) > 0 ? .skip(left - Int64(run), then: next) : after(next)
        case .magic:
            let start = index - partial.count
            frameStart = start
            guard collect(bytes, &index, upTo: 4) else { return nil }
            let magic = UInt32(partial[0]) | UInt32(partial[1]) << 8 | UInt32(partial[2]) << 16 | UInt32(partial[3]) << 24
            partial = []
            if magic == 0xFD2F_B528 {
                state = .frameHeader
            } else if magic & 0xFFFF_FFF0 == 0x184D_2A50 {
                state = .skippableSize
            } else if frames > 0, start >= 0 {
                return .trailing(at: start)
            } else {
                state = .passThrough
            }
        case .frameHeader:
            guard collect(bytes, &index, upTo: 1), collect(bytes, &index, upTo: Self.headerLength(partial[0])) else { return nil }
            let window = Self.windowSize(partial)
            hasChecksum = partial[0] & 0x04 != 0
            partial = []
            frames += 1
            if window > limit {
                return .refused(.decoderMemory(filter: "zstd", needed: window, limit: limit, offset: offset + Int64(index)))
            }
            state = .blockHeader
        case .blockHeader:
            guard collect(bytes, &index, upTo: 3) else { return nil }
            let header = Int(partial[0]) | Int(partial[1]) << 8 | Int(partial[2]) << 16
            partial = []
            let last = header & 1 != 0
            let size: Int64 = switch (header >> 1) & 3 {
            case 0, 2: Int64(header >> 3)
            case 1: 1
            default: -1
            }
            guard size >= 0 else {
                state = .passThrough
                return nil
            }
            state = .skip(size, then: last ? .checksum : .block)
            if size == 0 { state = after(last ? .checksum : .block) }
        case .skippableSize:
            guard collect(bytes, &index, upTo: 4) else { return nil }
            let size = Int64(partial[0]) | Int64(partial[1]) << 8 | Int64(partial[2]) << 16 | Int64(partial[3]) << 24
            partial = []
            state = size > 0 ? .skip(size, then: .magic) : .magic
        }
        return nil
    }

    private func after(_ next: Next) -> State {
        switch next {
        case .block: return .blockHeader
        case .magic: return .magic
        case .checksum: return hasChecksum ? .skip(4, then: .magic) : .magic
        }
    }

    /// Appends bytes to ``partial`` until it holds `count`; whether it does.
    private func collect(_ bytes: UnsafeRawBufferPointer, _ index: inout Int, upTo count: Int) -> Bool {
        while partial.count < count, index < bytes.count {
            partial.append(bytes[index])
            index += 1
        }
        return partial.count >= count
    }

    /// The frame header's length from its descriptor: descriptor, window descriptor (absent
    /// for a single segment), dictionary id (0, 1, 2 or 4 bytes), content size (0/1, 2, 4, 8).
    static func headerLength(_ descriptor: UInt8) -> Int {
        let singleSegment = descriptor & 0x20 != 0
        let dictionary = [0, 1, 2, 4][Int(descriptor & 3)]
        let content = [singleSegment ? 1 : 0, 2, 4, 8][Int(descriptor >> 6)]
        return 1 + (singleSegment ? 0 : 1) + dictionary + content
    }

    /// The window a frame header asks for: from the window descriptor, or, for a single
    /// segment, the frame's content size (RFC 8878 §3.1.1.1.2).
    static func windowSize(_ header: [UInt8]) -> Int64 {
        let descriptor = header[0]
        if descriptor & 0x20 == 0 {
            let exponent = Int64(header[1] >> 3)
            let base: Int64 = 1 << (10 + exponent)
            return base + (base / 8) * Int64(header[1] & 7)
        }
        let start = 1 + [0, 1, 2, 4][Int(descriptor & 3)]
        var size: UInt64 = 0
        for (index, byte) in header[start...].enumerated() { size |= UInt64(byte) << (8 * index) }
        if descriptor >> 6 == 1 { size += 256 }
        return Int64(clamping: size)
    }

    func trailingData() -> (any ByteSource)? {
        guard let held else { return nil }
        return PrefixedSource(prefix: .bytes(held), rest: source)
    }
}
