import CLzma
import EvidenceKit
import Foundation

/// An xz, .lzma or lzip stream decoded with liblzma under a memory limit: libarchive's own
/// decoders pass liblzma no limit (`UINT64_MAX`), so a header asking for a 4 GiB dictionary
/// got one. Here every stream and every block is held to the budget: liblzma refuses one that
/// needs more (``ArchiveExtractorError/decoderMemory(filter:needed:limit:offset:)``), before
/// it allocates.
///
/// Streams (xz) and members (lzip) follow one another as `xz -d` reads them; stream padding
/// (zero bytes) between xz streams is skipped. Bytes that start no further stream are not
/// decoded: ``trailingDataOffset`` says where they begin and ``trailingData()`` hands them on.
final class LzmaDecodeStream: LayerDecoder {
    enum Container: String {
        case xz, lzma, lzip
    }

    let container: Container
    var filterName: String { container.rawValue }
    private let source: any ByteSource
    /// The budget's limit, as reported, and liblzma's (the budget plus ``tables``).
    private let memoryLimit: Int64
    private var decoderLimit: UInt64 { UInt64(memoryLimit) + UInt64(Self.tables) }
    private var stream = lzma_stream()
    private let input: UnsafeMutableRawBufferPointer
    private var consumedBefore: Int64 = 0
    private var buffered = 0
    private var sourceEnded = false
    private var betweenStreams = true
    private var started = false
    private var ended = false
    private var failure: ArchiveExtractorError?
    private(set) var trailingDataOffset: Int64?

    /// What liblzma needs beside the dictionary (its probability tables, under 100 KiB for any
    /// settings): a dictionary of exactly `memory_bytes` is within the budget.
    static let tables = 1 << 20

    /// Decodes `source`, refusing any stream whose dictionary is larger than `memoryLimit`.
    init(_ source: any ByteSource, container: Container, memoryLimit: Int, inputBufferSize: Int = 1 << 18) {
        self.source = source
        self.container = container
        self.memoryLimit = Int64(max(memoryLimit, 0))
        input = .allocate(byteCount: inputBufferSize, alignment: 16)
    }

    deinit {
        lzma_end(&stream)
        input.deallocate()
    }

    var compressedOffset: Int64 {
        consumedBefore + Int64(buffered - stream.avail_in)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let failure { throw failure }
        guard !ended, let output = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            if betweenStreams {
                guard try startNextStream() else {
                    ended = true
                    return 0
                }
            }
            if stream.avail_in == 0, !sourceEnded { try refill() }
            let inputBefore = stream.avail_in
            stream.next_out = output.assumingMemoryBound(to: UInt8.self)
            stream.avail_out = buffer.count
            let status = lzma_code(&stream, sourceEnded ? LZMA_FINISH : LZMA_RUN)
            let produced = buffer.count - stream.avail_out
            switch status {
            case LZMA_OK, LZMA_NO_CHECK, LZMA_UNSUPPORTED_CHECK, LZMA_GET_CHECK:
                break
            case LZMA_STREAM_END:
                betweenStreams = true
            case LZMA_MEMLIMIT_ERROR:
                let error = ArchiveExtractorError.decoderMemory(filter: filterName, needed: Int64(clamping: lzma_memusage(&stream)),
                                                                limit: memoryLimit, offset: compressedOffset)
                failure = error
                if produced > 0 { return produced }
                throw error
            case LZMA_BUF_ERROR where sourceEnded:
                let error = fail(truncation("the input ends inside a stream"))
                if produced > 0 { return produced }
                throw error
            default:
                let error = fail(corruption(Self.describe(status)))
                if produced > 0 { return produced }
                throw error
            }
            if produced > 0 { return produced }
            if betweenStreams { continue }
            if stream.avail_in == inputBefore, sourceEnded {
                throw fail(truncation("the input ends inside a stream"))
            }
        }
    }

    /// After a stream ends, another begins only where its magic bytes follow (after zero
    /// padding, for xz); anything else is trailing data. The first stream must be there.
    private func startNextStream() throws -> Bool {
        if started {
            if container == .xz { try skipZeroPadding() }
            try fillAtLeast(6)
            let magic: [UInt8] = container == .xz ? [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00] : Array("LZIP".utf8)
            let next = UnsafeBufferPointer(start: stream.next_in, count: min(stream.avail_in, magic.count))
            guard container != .lzma, Array(next) == magic else {
                if stream.avail_in > 0 { trailingDataOffset = compressedOffset }
                return false
            }
        }
        let status = switch container {
        case .xz: lzma_stream_decoder(&stream, decoderLimit, 0)
        case .lzma: lzma_alone_decoder(&stream, decoderLimit)
        case .lzip: lzma_lzip_decoder(&stream, decoderLimit, 0)
        }
        guard status == LZMA_OK else { throw fail(corruption(Self.describe(status))) }
        started = true
        betweenStreams = false
        return true
    }

    private func skipZeroPadding() throws {
        while true {
            try fillAtLeast(1)
            guard stream.avail_in > 0, stream.next_in.pointee == 0 else { return }
            stream.next_in += 1
            stream.avail_in -= 1
        }
    }

    private func fillAtLeast(_ count: Int) throws {
        while stream.avail_in < count, !sourceEnded { try refill() }
    }

    /// Moves unconsumed input to the front of the buffer and reads more after it.
    private func refill() throws {
        let left = stream.avail_in
        consumedBefore += Int64(buffered - left)
        if left > 0, let next = stream.next_in {
            input.baseAddress!.copyMemory(from: next, byteCount: left)
        }
        let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: input[left...]))
        if count == 0 { sourceEnded = true }
        buffered = left + count
        stream.next_in = UnsafePointer(input.baseAddress!.assumingMemoryBound(to: UInt8.self))
        stream.avail_in = buffered
    }

    func trailingData() -> (any ByteSource)? {
        guard trailingDataOffset != nil, let next = stream.next_in else { return nil }
        let held = Array(UnsafeBufferPointer(start: next, count: stream.avail_in))
        return PrefixedSource(prefix: .bytes(held), rest: sourceEnded ? DataByteSource(Data()) : source)
    }

    /// Keeps `error` for every later read, and returns it to be thrown.
    private func fail(_ error: ArchiveExtractorError) -> ArchiveExtractorError {
        failure = error
        return error
    }

    private static func describe(_ status: lzma_ret) -> String {
        switch status {
        case LZMA_FORMAT_ERROR: return "not a valid stream header"
        case LZMA_OPTIONS_ERROR: return "unsupported options in a header"
        case LZMA_DATA_ERROR: return "compressed data are corrupt"
        case LZMA_MEM_ERROR: return "out of memory"
        case LZMA_BUF_ERROR: return "no progress is possible"
        default: return "liblzma error \(status.rawValue)"
        }
    }
}
