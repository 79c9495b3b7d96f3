import CArchive
import EvidenceKit
import Foundation

/// Archives and compressed streams, read through libarchive: tar (ustar, pax, gnu), zip
/// (zip64, data descriptors), 7z, rar, cpio, ar, iso9660, and gzip, bzip2, xz, zstd and lz4
/// streams, whether they wrap an archive or a single file.
///
/// Every entry becomes a member streamed to the host (which hashes and extracts it); the
/// archive gets findings for its format, counts, comment, member times and anomalies. One
/// compression layer is decoded in front of libarchive (``CompressionLayer``), within the
/// memory budget; a stream inside it is a member. Data after an archive's end, or after its
/// compressed stream, is a member of its own with a name no entry can have
/// (``SyntheticMemberName``).
/// Zip and 7z archives that fit in ``ExtractionLimits/maxInMemoryBytes`` are read with random
/// access in memory, larger originals with random access from the file
/// (``Artifact/randomAccess``); only one inside another archive that does not fit streams, and a
/// finding says what could not be checked.
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
        } catch let problem as ArchiveExtractorError {
            if problem.isDamage { Self.cannotOpen(problem.errorDescription ?? "\(problem)", sink) }
            Self.report(problem, to: sink)
            return
        } catch EvidenceError.notMyFormat(let reason) where Self.descriptor.accepts.signature(in: artifact.head) != nil
                    || CompressionLayer(head: artifact.head) != nil {
            // The magic bytes say archive, but libarchive cannot even start: damaged, not foreign.
            Self.cannotOpen(reason, sink)
            return
        }
        if let refusal = opened.reader.refusal, opened.reader.bytesDelivered == 0 {
            // Refused at its first header: nothing was decoded; the host hashes it unopened.
            Self.report(refusal, to: sink)
            return
        }
        var scan = ArchiveScan(reader: opened.reader, artifact: artifact, sink: sink, readMode: opened.mode,
                               zip: opened.zip)
        do {
            try scan.run()
            if scan.completed { try scan.readPastEnd(of: opened.layer?.filterName) }
        } catch let refusal as ArchiveExtractorError where !refusal.isDamage {
            Self.report(refusal, to: sink)
        }
        if let refusal = opened.reader.refusal { Self.report(refusal, to: sink) }
        if let gzip = opened.layer as? GzipInflateStream, let header = gzip.firstHeader { sink.emit(header.finding) }
        if scan.completed, let layer = opened.layer { try scan.offerDataAfterStream(of: layer) }
        scan.emitSummary(comment: opened.comment)
    }

    private static func cannotOpen(_ reason: String, _ sink: any FindingSink) {
        let kind = reason.lowercased().contains("truncat") ? "truncated" : "corrupt_header"
        sink.emit(Finding("archive.anomaly", severity: .warning, summary: "cannot open: \(reason)",
                          attributes: ["anomaly": .string(kind)], at: Locator(byteOffset: 0)))
    }

    /// A decoder refused for the memory it would need: a limitation naming the filter, what it
    /// asked for and the budget. What was read before stays; the rest is hashed, not opened.
    static func report(_ refusal: ArchiveExtractorError, to sink: any FindingSink) {
        guard case .decoderMemory(let filter, let needed, let limit, let offset) = refusal else { return }
        sink.emit(Finding(.limitation, severity: .warning, summary: refusal.errorDescription ?? "\(refusal)",
                          attributes: ["limit": "memory_bytes", "filter": .string(filter), "needed_bytes": .integer(needed),
                                       "limit_bytes": .integer(limit), "offset": .integer(offset)],
                          at: Locator(byteOffset: offset)))
    }
}
