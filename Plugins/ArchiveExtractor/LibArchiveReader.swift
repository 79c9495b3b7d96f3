import CArchive
import EvidenceKit
import Foundation

/// A libarchive read handle over a ``ByteSource`` (streaming) or over a ``MemoryImage``
/// (seekable: zip central directories and 7z need it).
///
/// libarchive pulls the source through a C callback; an error the source throws (a budget
/// stop, a read failure of the enclosing member) is kept and rethrown as itself. A damaged
/// stream (``ArchiveExtractorError``, from a decompressor in front of libarchive) becomes
/// libarchive's own error instead, so it is reported as libarchive's read errors are.
final class LibArchiveReader {
    let handle: OpaquePointer
    private let context: SourceContext?
    /// The bytes a random-access reader reads.
    private let image: MemoryImage?
    /// Filters applied before libarchive saw the bytes, outermost first.
    private let outerFilters: [String]

    /// Opens `source` for streaming reads; `outerFilters` names the decompression already
    /// applied to it, if any.
    init(streaming source: any ByteSource, outerFilters: [String] = []) throws {
        handle = Self.newHandle()
        let context = SourceContext(source: source)
        self.context = context
        self.image = nil
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
        outerFilters = []
        self.image = image
        try checkOpen(archive_read_open_memory(handle, image.bytes.baseAddress, image.count))
    }

    deinit {
        archive_read_free(handle)
    }

    private static func newHandle() -> OpaquePointer {
        let handle = archive_read_new()!
        archive_read_support_filter_all(handle)
        archive_read_support_format_all(handle)
        archive_read_support_format_raw(handle)
        return handle
    }

    private func checkOpen(_ status: Int32) throws {
        if status == ARCHIVE_OK || status == ARCHIVE_WARN { return }
        if let error = context?.error { throw error }
        throw EvidenceError.notMyFormat(errorString ?? "libarchive could not open it")
    }

    /// The error a source threw, if reading stopped because of it.
    var sourceError: (any Error)? { context?.error }

    /// libarchive's last error message.
    var errorString: String? {
        archive_error_string(handle).map { String(cString: $0) }
    }

    /// The format's name, as libarchive gives it.
    var formatName: String {
        archive_format_name(handle).map { String(cString: $0) } ?? "unknown"
    }

    /// Whether the format is libarchive's "raw" (one compressed stream, not an archive).
    var isRaw: Bool { archive_format(handle) == ARCHIVE_FORMAT_RAW }

    /// Compression filters, outermost first, without "none".
    var filters: [String] {
        let count = archive_filter_count(handle)
        guard count > 0 else { return outerFilters }
        return outerFilters + (0..<count).reversed().compactMap { index in
            archive_filter_name(handle, index).map { String(cString: $0) }
        }.filter { $0 != "none" }
    }

    /// Bytes of uncompressed archive stream consumed so far.
    var uncompressedOffset: Int64 { archive_filter_bytes(handle, 0) }
}

/// The state behind libarchive's read callback.
final class SourceContext {
    let source: any ByteSource
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    var error: (any Error)?

    init(source: any ByteSource) {
        self.source = source
    }

    deinit {
        buffer.deallocate()
    }

    func fill(_ archive: OpaquePointer?, _ bufferOut: UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int {
        if error != nil { return -1 }
        do {
            let count = try source.read(into: buffer)
            bufferOut?.pointee = UnsafeRawPointer(buffer.baseAddress)
            return count
        } catch let damage as ArchiveExtractorError {
            exhibit_archive_set_error(archive, EILSEQ, damage.errorDescription ?? "\(damage)")
            return -1
        } catch {
            self.error = error
            return -1
        }
    }
}
