import CArchive
import EvidenceKit
import Foundation

/// Archives and compressed streams, read through libarchive: tar (ustar, pax, gnu), zip
/// (zip64, data descriptors), 7z, rar, cpio, ar, iso9660, and gzip, bzip2, xz, zstd and lz4
/// streams, whether they wrap an archive or a single file.
///
/// Every entry becomes a member streamed to the host (which hashes and extracts it); the
/// archive gets findings for its format, counts, comment, member times and anomalies.
/// Zip and 7z archives that fit in ``ExtractionLimits/maxInMemoryBytes`` are read with random
/// access (the zip central directory: true sizes and links); larger ones stream, and a finding
/// says so.
///
/// libarchive converts zip and rar DOS times with the process's time zone and names with its
/// locale: the host runs with `TZ=UTC` and a UTF-8 `LC_CTYPE`, set once at start-up before any
/// thread starts (``prepareProcess()``), so results are the same on every machine; the host's
/// normalizer applies the investigator's zone afterwards.
public struct ArchiveExtractor: ContainerExtractor {
    public init() {}

    /// Sets the zone (UTC) and character type (UTF-8) libarchive reads, for the whole process.
    /// Call it once at start-up, before any other thread runs: `setenv` races every `getenv`.
    public static func prepareProcess() {
        setenv("TZ", "UTC", 1)
        tzset()
        setlocale(LC_CTYPE, "C.UTF-8")
    }

    public func extract(_ artifact: Artifact, into sink: any ContainerSink) throws {
        let opened: Opened
        do {
            opened = try open(artifact, sink: sink)
        } catch EvidenceError.notMyFormat(let reason) where Self.descriptor.accepts.signature(in: artifact.head) != nil {
            // The magic bytes say archive, but libarchive cannot even start: damaged, not foreign.
            let kind = reason.lowercased().contains("truncat") ? "truncated" : "corrupt_header"
            sink.emit(Finding("archive.anomaly", severity: .warning, summary: "cannot open: \(reason)",
                              attributes: ["anomaly": .string(kind)], at: Locator(byteOffset: 0)))
            return
        }
        var scan = ArchiveScan(reader: opened.reader, artifact: artifact, sink: sink, readMode: opened.mode,
                               zipTimes: opened.zipTimes, zipWindow: opened.zipWindow)
        try scan.run()
        if let inflate = opened.inflate {
            try finish(inflate, archiveCompleted: scan.completed, sink: sink)
        }
        scan.emitSummary(comment: opened.comment)
    }

    /// How much decompressed data after an archive's end is read to check the gzip stream's
    /// last CRC-32: padding is a few kilobytes; more is not decompressed, and a finding says so.
    static let gzipTailLimit: Int64 = 64 << 20

    /// The gzip stream's header, its end (CRC-32 checked) and anything after it.
    private func finish(_ inflate: GzipInflateStream, archiveCompleted: Bool, sink: any ContainerSink) throws {
        if let header = inflate.firstHeader { sink.emit(header.finding) }
        if archiveCompleted {
            do {
                if try !inflate.readToEnd(limit: Self.gzipTailLimit) {
                    sink.emit(Finding(.limitation, severity: .warning,
                                      summary: "more than \(Self.gzipTailLimit) bytes of gzip data after the archive's end: "
                                          + "not decompressed, so the stream's CRC-32 was not checked",
                                      attributes: ["limit": "gzip_tail", "offset": .integer(inflate.compressedOffset)],
                                      at: Locator(byteOffset: inflate.compressedOffset)))
                }
            } catch let damage as ArchiveExtractorError {
                let kind = if case .truncatedStream = damage { "truncated" } else { "corrupt_stream" }
                sink.emit(Finding("archive.anomaly", severity: .warning, summary: damage.errorDescription ?? "\(damage)",
                                  attributes: ["anomaly": .string(kind)], at: Locator(byteOffset: inflate.compressedOffset)))
            }
        }
        if let offset = inflate.trailingDataOffset {
            sink.emit(Finding("archive.anomaly", severity: .warning,
                              summary: "data after the last gzip member at byte \(offset): not decompressed",
                              attributes: ["anomaly": "trailing_data", "offset": .integer(offset)],
                              at: Locator(byteOffset: offset)))
        }
    }

    private struct Opened {
        let reader: LibArchiveReader
        let mode: String
        let comment: String?
        /// The gzip decompression in front of libarchive, if the artifact is gzip.
        var inflate: GzipInflateStream?
        /// Which entries of a zip in memory have UTC times.
        var zipTimes: ZipTimeSources?
        /// For a zip read as a stream: its last bytes, where its local headers are read again.
        var zipWindow: StreamWindow?
    }

    /// Zip and 7z want random access: small ones are loaded into memory, large ones stream.
    private func open(_ artifact: Artifact, sink: any ContainerSink) throws -> Opened {
        let randomAccessFormats = Self.descriptor.accepts.signatures.filter { ["zip", "zip (empty)", "7z"].contains($0.name) }
        guard randomAccessFormats.contains(where: { $0.matches(artifact.head) }) else {
            guard GzipInflateStream.starts(artifact.head) else {
                return Opened(reader: try LibArchiveReader(streaming: artifact.content), mode: "streaming", comment: nil)
            }
            let inflate = GzipInflateStream(artifact.content)
            return Opened(reader: try LibArchiveReader(streaming: inflate, outerFilters: [GzipInflateStream.filterName]),
                          mode: "streaming", comment: nil, inflate: inflate)
        }
        let limit = artifact.limits.maxInMemoryBytes
        let image = MemoryImage(limit: limit)
        if let image, try image.read(artifact.content) {
            let isZip = !Self.descriptor.accepts.signatures.contains { $0.name == "7z" && $0.matches(artifact.head) }
            return Opened(reader: try LibArchiveReader(memory: image), mode: "random_access",
                          comment: ZipTrailer.comment(in: image.bytes), zipTimes: isZip ? ZipTimeSources(image.bytes) : nil)
        }
        let reason = image == nil ? "memory_bytes (\(limit)) could not be reserved" : "larger than memory_bytes (\(limit))"
        sink.emit(Finding("archive.read_mode", severity: .warning,
                          summary: "\(reason): read as a stream; the zip central directory "
                              + "was not consulted, so sizes, links and times are as the local headers state them",
                          attributes: ["mode": "streaming", "limit": "memory_bytes"]))
        let content = image?.followed(by: artifact.content) ?? artifact.content
        let isZip = !Self.descriptor.accepts.signatures.contains { $0.name == "7z" && $0.matches(artifact.head) }
        let window = isZip ? StreamWindow(content) : nil
        return Opened(reader: try LibArchiveReader(streaming: window ?? content), mode: "streaming", comment: nil,
                      zipWindow: window)
    }
}
