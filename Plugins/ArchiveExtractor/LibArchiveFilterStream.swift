import CArchive
import EvidenceKit
import Foundation

/// One compression layer decoded by libarchive's own filter (bzip2, zstd, lz4, compress), on a
/// handle of its own whose only format is "raw": its one entry is the decompressed stream. The
/// filter is named, not bid for, so exactly one layer is peeled; a stream inside it is the
/// next artifact's business.
final class LibArchiveFilterStream: LayerDecoder {
    let filterName: String
    private let handle: OpaquePointer
    private let context: SourceContext
    /// For zstd: the frame walker in front, which ends the stream where frames end.
    private let frames: ZstdFrameCheck?
    private var opened = false
    private var ended = false
    private(set) var trailingDataOffset: Int64?
    private var trailing: (any ByteSource)?

    init(_ source: any ByteSource, filter code: Int32, name: String, frames: ZstdFrameCheck? = nil) throws {
        filterName = name
        self.frames = frames
        handle = archive_read_new()!
        context = SourceContext(source: source)
        archive_read_support_format_raw(handle)
        archive_read_append_filter(handle, code)
        let status = archive_read_open(handle, Unmanaged.passUnretained(context).toOpaque(), nil,
                                       { archive, clientData, bufferOut in
            Unmanaged<SourceContext>.fromOpaque(clientData!).takeUnretainedValue().fill(archive, bufferOut)
        }, nil)
        if status != ARCHIVE_OK, status != ARCHIVE_WARN {
            if let error = context.error { throw error }
            if let refusal = context.refusal { throw refusal }
            throw ArchiveExtractorError.corruptStream(filter: name, offset: 0, detail: errorString)
        }
    }

    deinit {
        archive_read_free(handle)
    }

    private var errorString: String {
        archive_error_string(handle).map { String(cString: $0) } ?? "unreadable"
    }

    var compressedOffset: Int64 { archive_filter_bytes(handle, -1) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !ended, buffer.count > 0 else { return 0 }
        if !opened {
            opened = true
            var entry: OpaquePointer?
            let status = archive_read_next_header(handle, &entry)
            if status == ARCHIVE_EOF { return try finish() }
            try check(status)
        }
        let count = archive_read_data(handle, buffer.baseAddress, buffer.count)
        if count > 0 { return count }
        if count == 0 { return try finish() }
        try check(Int32(count))
        return 0
    }

    private func check(_ status: Int32) throws {
        guard status < ARCHIVE_WARN else { return }
        ended = true
        if let error = context.error { throw error }
        if let refusal = context.refusal { throw refusal }
        let detail = errorString
        if detail.lowercased().contains("truncat") || detail.lowercased().contains("premature") {
            throw ArchiveExtractorError.truncatedStream(filter: filterName, offset: compressedOffset, detail: detail)
        }
        throw ArchiveExtractorError.corruptStream(filter: filterName, offset: compressedOffset, detail: detail)
    }

    /// At the end of the decompressed data: whatever the filter did not consume is trailing.
    private func finish() throws -> Int {
        ended = true
        if let refusal = context.refusal { throw refusal }
        if let frames, let offset = frames.trailingDataOffset {
            trailingDataOffset = offset
            trailing = frames.trailingData()
        } else if let rest = context.remainder(from: compressedOffset), let first = try? rest.read(upTo: 1), !first.isEmpty {
            trailingDataOffset = compressedOffset
            trailing = PrefixedSource(prefix: .bytes([UInt8](first)), rest: rest)
        }
        return 0
    }

    func trailingData() -> (any ByteSource)? { trailing }
}
