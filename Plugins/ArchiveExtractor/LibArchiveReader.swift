import CArchive
import EvidenceKit
import Foundation

/// A libarchive read handle for archive formats only: compression layers are decoded in front
/// of it (``CompressionLayer``), one layer per artifact, so that what follows an archive's end
/// in the decompressed stream can still be read (``remainder(from:)``) and a stream nested in
/// another is a member of its own, never a filter libarchive stacks without bound.
///
/// Three ways in: a ``ByteSource`` (streaming), a ``MemoryImage``, or an original on disk
/// read through a ``PositionalArchiveSource`` (seekable: zip central directories and 7z
/// headers are read where they are). libarchive pulls through C callbacks; an error a source
/// throws (a budget stop, a read failure of the enclosing member, a decoder refused for its
/// memory) is kept and rethrown as itself. A damaged stream (``ArchiveExtractorError``
/// damage, from a decoder in front of libarchive) becomes libarchive's own error instead, so
/// it is reported as libarchive's read errors are.
final class LibArchiveReader {
    let handle: OpaquePointer
    /// The bytes libarchive was given, by offset: for names it hides and what follows the end.
    let passed: any PassedBytes
    private let context: SourceContext?
    private let positional: PositionalArchiveSource?
    /// The bytes a random-access reader reads.
    private let image: MemoryImage?
    /// Compression decoded before libarchive saw the bytes.
    let outerFilters: [String]

    /// Opens `source` for streaming reads; `outerFilters` names the decompression already
    /// applied to it, if any.
    init(streaming source: any ByteSource, outerFilters: [String] = []) throws {
        handle = Self.newHandle()
        let context = SourceContext(source: source)
        self.context = context
        passed = context
        positional = nil
        image = nil
        self.outerFilters = outerFilters
        let status = archive_read_open(handle, Unmanaged.passUnretained(context).toOpaque(), nil,
                                       { archive, clientData, bufferOut in
            let context = Unmanaged<SourceContext>.fromOpaque(clientData!).takeUnretainedValue()
            return context.fill(archive, bufferOut)
        }, nil)
        try checkOpen(status)
    }

    /// Opens bytes in memory with random access; the reader keeps `image` alive.
    init(memory image: MemoryImage) throws {
        handle = Self.newHandle()
        context = nil
        positional = nil
        passed = image
        outerFilters = []
        self.image = image
        try checkOpen(archive_read_open_memory(handle, image.bytes.baseAddress, image.count))
    }

    /// Opens an original on disk with random access: sequential reads come from its stream
    /// (which the host hashes), reads behind it from the file.
    init(seekable source: PositionalArchiveSource) throws {
        handle = Self.newHandle()
        context = nil
        positional = source
        passed = source
        image = nil
        outerFilters = []
        archive_read_set_read_callback(handle) { archive, clientData, bufferOut in
            Unmanaged<PositionalArchiveSource>.fromOpaque(clientData!).takeUnretainedValue().fill(archive, bufferOut)
        }
        archive_read_set_seek_callback(handle) { _, clientData, offset, whence in
            Unmanaged<PositionalArchiveSource>.fromOpaque(clientData!).takeUnretainedValue().seek(offset, whence: whence)
        }
        archive_read_set_callback_data(handle, Unmanaged.passUnretained(source).toOpaque())
        try checkOpen(archive_read_open1(handle))
    }

    deinit {
        archive_read_free(handle)
    }

    /// Formats only, and libarchive's "raw" for a stream that is no archive. No filters: the
    /// layers in front decode one at a time, and libarchive's external-program filters (lrzip,
    /// lzop, grzip) never run on evidence.
    private static func newHandle() -> OpaquePointer {
        let handle = archive_read_new()!
        archive_read_support_format_all(handle)
        archive_read_support_format_raw(handle)
        return handle
    }

    private func checkOpen(_ status: Int32) throws {
        if status == ARCHIVE_OK || status == ARCHIVE_WARN { return }
        if let error = sourceError { throw error }
        if let refusal { throw refusal }
        throw EvidenceError.notMyFormat(errorString ?? "libarchive could not open it")
    }

    /// The error a source threw, if reading stopped because of it.
    var sourceError: (any Error)? { context?.error ?? positional?.error }

    /// Bytes of a streamed archive handed to libarchive so far.
    var bytesDelivered: Int64 { context?.delivered ?? 0 }

    /// The refusal of a decoder in front, if the stream was ended by one.
    var refusal: ArchiveExtractorError? { context?.refusal }

    /// libarchive's last error message.
    var errorString: String? {
        archive_error_string(handle).map { String(cString: $0) }
    }

    /// The format's name, as libarchive gives it (for zip, per entry: it names the method).
    var formatName: String {
        archive_format_name(handle).map { String(cString: $0) } ?? "unknown"
    }

    /// The format family (`ARCHIVE_FORMAT_TAR`, `…_ZIP`, …).
    var formatFamily: Int32 { archive_format(handle) & ARCHIVE_FORMAT_BASE_MASK }

    /// Whether the format is libarchive's "raw" (one stream, not an archive).
    var isRaw: Bool { archive_format(handle) == ARCHIVE_FORMAT_RAW }

    /// Compression decoded in front of libarchive, outermost first.
    var filters: [String] { outerFilters }

    /// Bytes of the archive stream consumed so far.
    var uncompressedOffset: Int64 { archive_filter_bytes(handle, 0) }

    /// Where libarchive began reading the current entry's headers.
    var headerPosition: Int64 { archive_read_header_position(handle) }

    /// What follows `position` of a streamed archive, once libarchive has stopped reading: the
    /// bytes it was given past that point, then the rest of the source. Nil when those bytes
    /// are no longer held, or the archive was not streamed.
    func remainder(from position: Int64) -> (any ByteSource)? {
        context?.remainder(from: position)
    }
}
