import CArchive
import EvidenceKit
import Foundation

/// One pass over an open archive's entries: members to the host, findings to the sink.
struct ArchiveScan {
    let reader: LibArchiveReader
    let artifact: Artifact
    let sink: any ContainerSink
    let readMode: String
    /// For a zip read with random access: its central directory.
    let zip: ZipDirectory?

    var names = NameAnomalyDetector()
    private(set) var entryCount = 0
    /// Members handed on that are no entry (data after the end), numbered after the entries.
    var syntheticCount = 0
    private var counts: [EntryType: Int] = [:]
    private var declaredBytes: Int64 = 0
    private var encrypted = 0
    private var earliest: Timestamp?
    private var latest: Timestamp?
    /// Whether libarchive read to the end of the archive.
    private(set) var completed = false
    /// Headers libarchive gave (or failed to give) so far: with random access, one per local
    /// header of the zip directory (``ZipDirectory/groups``).
    private(set) var headersRead = 0
    /// Consecutive entries libarchive could not read; past a few, the rest is unreadable.
    private static let maxConsecutiveFailures = 8

    init(reader: LibArchiveReader, artifact: Artifact, sink: any ContainerSink, readMode: String,
         zip: ZipDirectory? = nil) {
        self.reader = reader
        self.artifact = artifact
        self.sink = sink
        self.readMode = readMode
        self.zip = zip
    }

    mutating func run() throws {
        try offerLeadingData()
        do {
            try readEntries()
        } catch let stop as EvidenceError {
            if case .limitReached(let limit, _) = stop { listUnread(from: max(0, headersRead - 1), limit: limit) }
            throw stop
        }
        if completed { try offerDataAfterDirectory() }
    }

    private mutating func readEntries() throws {
        var failures = 0
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(reader.handle, &entry)
            if status != ARCHIVE_EOF { headersRead += 1 }
            if status == ARCHIVE_EOF {
                completed = reader.refusal == nil
                return
            }
            if let error = reader.sourceError { throw error }
            // A decoder in front was refused: libarchive saw the stream end early; that is the
            // refusal's limitation, not damage.
            if reader.refusal != nil, status < ARCHIVE_WARN { return }
            if entryCount == 0, reader.isRaw, reader.filters.isEmpty {
                throw EvidenceError.notMyFormat("no archive format or compression recognized")
            }
            let locator = Locator(entryIndex: entryCount, byteOffset: reader.uncompressedOffset)
            switch status {
            case ARCHIVE_FATAL:
                anomaly(headerProblem(), detail: reader.errorString ?? "unreadable header", at: locator)
                return
            case ARCHIVE_RETRY, ARCHIVE_FAILED:
                anomaly(headerProblem(), detail: reader.errorString ?? "unreadable header", at: locator)
                failures += 1
                if failures >= Self.maxConsecutiveFailures { return }
                continue
            case ARCHIVE_WARN:
                sink.warn("libarchive: \(reader.errorString ?? "warning")", at: locator)
            default:
                break
            }
            failures = 0
            guard let entry else { return }
            try handle(entry)
        }
    }

    private func headerProblem() -> String {
        (reader.errorString ?? "").lowercased().contains("truncat") ? "truncated" : "corrupt_header"
    }

    private var timeZone: TimeZoneSource {
        let family = archive_format(reader.handle) & ARCHIVE_FORMAT_BASE_MASK
        // Zip and rar store DOS wall-clock times with no zone.
        return family == ARCHIVE_FORMAT_ZIP || family == ARCHIVE_FORMAT_RAR ? .unspecified : .utc
    }

    private mutating func handle(_ entry: OpaquePointer) throws {
        let index = entryCount
        var member = EntryDescription.member(of: entry, index: index, timeZone: timeZone)
        var hasUTCTime = false
        var zipLocal: ZipLocalHeader?
        if reader.isRaw {
            member.path = Self.decompressedName(of: artifact.name)
            member.rawPath = Array(member.path.utf8)
        } else if reader.formatFamily == ARCHIVE_FORMAT_TAR {
            TarRawNames.restore(&member, from: reader.passed, at: reader.headerPosition)
        } else if reader.formatFamily == ARCHIVE_FORMAT_ZIP {
            (zipLocal, hasUTCTime) = zipNames(&member)
        }
        if member.rawPath.isEmpty, !reader.isRaw {
            member.path = SyntheticMemberName.make("entry \(index) with an empty name", isTaken: names.isTaken)
            anomaly("empty_name", detail: "entry \(index) has an empty name: recorded as \(member.path)",
                    at: Locator(entryIndex: index, memberPath: member.path))
        }
        if let modified = member.modified, hasUTCTime {
            // From an extended-timestamp field: a true UTC time, not a DOS wall-clock reading.
            member.modified = Timestamp(secondsSinceEpoch: modified.secondsSinceEpoch, nanoseconds: modified.nanoseconds,
                                        original: "\(modified.secondsSinceEpoch)", zone: .utc)
        }
        let isEncrypted = archive_entry_is_data_encrypted(entry) != 0
        let refused = member.type == .file && !isEncrypted && reader.formatFamily == ARCHIVE_FORMAT_ZIP
            && refusesDecoder(of: member, local: zipLocal)
        let stream = member.type == .file && !isEncrypted && !refused
            ? EntryContentStream(reader: reader, locator: Locator(entryIndex: index, memberPath: member.path),
                                 artifactName: artifact.name) : nil
        try record(member, content: stream, encrypted: isEncrypted)
        if let stream { checkRead(stream, of: member) }
        try recordSharingEntries()
    }

    /// Counts, checks and hands on one entry (its content, if it has one, streaming).
    mutating func record(_ member: Member, content: (any ByteSource)?, encrypted isEncrypted: Bool = false) throws {
        entryCount += 1
        let locator = Locator(entryIndex: member.entryIndex, memberPath: member.path)
        counts[member.type, default: 0] += 1
        declaredBytes += member.size ?? 0
        for found in names.inspect(member) {
            anomaly(found.kind, detail: found.detail, at: locator)
        }
        if let modified = member.modified {
            noteTime(modified)
            sink.emit(Finding("archive.member_time", summary: "\(member.path) modified \(modified.original)",
                              attributes: ["member": .string(member.path)], at: locator, timestamp: modified))
        }
        if isEncrypted {
            encrypted += 1
            anomaly("encrypted_member", detail: "encrypted: recorded, not decrypted: \(member.path)", at: locator)
        }
        try sink.member(member, content: content)
    }

    /// After an entry's content was read: damage, truncation, a size that was not the content's.
    private func checkRead(_ stream: EntryContentStream, of member: Member) {
        if reader.refusal != nil { return }
        let locator = Locator(entryIndex: member.entryIndex, memberPath: member.path)
        if let failure = stream.failure {
            let kind = failure.lowercased().contains("truncat") ? "truncated_member" : "corrupt_member_data"
            anomaly(kind, detail: "\(member.path): \(failure) after \(stream.bytesRead) bytes", at: locator)
        } else if stream.finished, let size = member.size, size != stream.bytesRead, !reader.isRaw {
            anomaly("size_mismatch", detail: "\(member.path): header says \(size) bytes, content has \(stream.bytesRead)",
                    at: locator)
        }
    }

    private mutating func noteTime(_ time: Timestamp) {
        if earliest.map({ time.secondsSinceEpoch < $0.secondsSinceEpoch }) ?? true { earliest = time }
        if latest.map({ time.secondsSinceEpoch > $0.secondsSinceEpoch }) ?? true { latest = time }
    }

    func anomaly(_ kind: String, detail: String, at locator: Locator) {
        sink.emit(Finding("archive.anomaly", severity: .warning, summary: detail,
                          attributes: ["anomaly": .string(kind)], at: locator))
    }

    /// Format, counts, comment and time span: emitted once the entries have been read.
    func emitSummary(comment: String?) {
        let filters = reader.filters
        let format = reader.isRaw ? "raw (single compressed stream)" : reader.formatName
        sink.emit(Finding("archive.format",
                          summary: ([format] + filters).joined(separator: ", ") + " (read with \(readMode.replacingOccurrences(of: "_", with: " ")))",
                          attributes: ["format": .string(format), "filters": .list(filters.map(Value.string)),
                                       "read_mode": .string(readMode), "complete": .bool(completed)]))
        var byType: [String: Value] = [:]
        for (type, count) in counts { byType[type.rawValue] = .integer(Int64(count)) }
        sink.emit(Finding("archive.summary",
                          summary: "\(entryCount) entries, \(declaredBytes) bytes declared"
                              + (encrypted > 0 ? ", \(encrypted) encrypted" : ""),
                          attributes: ["entries": .integer(Int64(entryCount)), "declared_bytes": .integer(declaredBytes),
                                       "by_type": .object(byType), "encrypted": .integer(Int64(encrypted))]))
        if let comment {
            sink.emit(Finding("archive.comment", summary: "archive comment: \(comment.prefix(200))",
                              attributes: ["comment": .string(comment)]))
        }
        if let earliest, let latest {
            sink.emit(Finding("archive.time_span", summary: "member times from \(earliest.original) to \(latest.original)",
                              attributes: ["earliest": .string(earliest.original), "latest": .string(latest.original),
                                           "earliest_epoch": .integer(earliest.secondsSinceEpoch),
                                           "latest_epoch": .integer(latest.secondsSinceEpoch),
                                           "zone": .string(earliest.zone.rawValue)],
                              timestamp: earliest))
        }
    }

    /// `model.bin.gz` → `model.bin`; `data.tgz` → `data.tar`.
    static func decompressedName(of name: String) -> String {
        let lowered = name.lowercased()
        for (suffix, replacement) in [(".tgz", ".tar"), (".tbz2", ".tar"), (".txz", ".tar"), (".tzst", ".tar")]
        where lowered.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count)) + replacement
        }
        for suffix in [".gz", ".bz2", ".xz", ".zst", ".lz4", ".lzma", ".z", ".lz"] where lowered.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return name + ".decompressed"
    }
}
