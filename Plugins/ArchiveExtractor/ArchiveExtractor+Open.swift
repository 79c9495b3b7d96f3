import EvidenceKit
import Foundation

extension ArchiveExtractor {
    struct Opened {
        let reader: LibArchiveReader
        let mode: String
        var comment: String?
        /// The compression layer decoded in front of libarchive, if any.
        var layer: (any LayerDecoder)?
        /// A zip's central directory, when it is read with random access.
        var zip: ZipDirectory?
    }

    /// A compressed artifact is decoded one layer deep and streamed; zip and 7z want random
    /// access: in memory when small, from the file when an original, streamed otherwise.
    func open(_ artifact: Artifact, sink: any ContainerSink) throws -> Opened {
        if let layer = CompressionLayer(head: artifact.head) {
            let decoder = try layer.decoder(artifact.content, memoryLimit: artifact.limits.maxInMemoryBytes)
            return Opened(reader: try LibArchiveReader(streaming: decoder, outerFilters: [decoder.filterName]),
                          mode: "streaming", layer: decoder)
        }
        let randomAccessFormats = Self.descriptor.accepts.signatures.filter { ["zip", "zip (empty)", "7z"].contains($0.name) }
        guard randomAccessFormats.contains(where: { $0.matches(artifact.head) }) else {
            return Opened(reader: try LibArchiveReader(streaming: artifact.content), mode: "streaming")
        }
        let isZip = !Self.descriptor.accepts.signatures.contains { $0.name == "7z" && $0.matches(artifact.head) }
        let limit = artifact.limits.maxInMemoryBytes
        let fileSize = artifact.randomAccess.flatMap { try? $0.size }
        var content = artifact.content
        var reason = "larger than memory_bytes (\(limit))"
        if fileSize.map({ $0 <= Int64(limit) }) ?? true {
            guard let image = MemoryImage(limit: limit) else {
                reason = "memory_bytes (\(limit)) could not be reserved"
                return try openFromFile(artifact, content: content, isZip: isZip, sink: sink, reason: reason)
            }
            if try image.read(artifact.content) {
                return try opened(LibArchiveReader(memory: image), zip: isZip, size: Int64(image.count), limit: limit, sink: sink)
            }
            content = image.followed(by: artifact.content)
        }
        return try openFromFile(artifact, content: content, isZip: isZip, sink: sink, reason: reason)
    }

    /// An archive too large for memory: from the file when it is an original, else streamed.
    private func openFromFile(_ artifact: Artifact, content: any ByteSource, isZip: Bool, sink: any ContainerSink,
                              reason: String) throws -> Opened {
        let limit = artifact.limits.maxInMemoryBytes
        if let file = artifact.randomAccess, let size = try? file.size {
            let source = PositionalArchiveSource(stream: content, file: file, size: size)
            guard isZip else {
                try checkCoders(source, limit: limit, sink: sink)
                source.index = Int64(clamping: ZipBytes.le64(source.bytes(at: 0, count: 32), 12)).addingReportingOverflow(32).partialValue
                return Opened(reader: try LibArchiveReader(seekable: source), mode: "random_access")
            }
            switch ZipDirectory.read(source, size: size, memoryLimit: limit) {
            case .success(let directory):
                source.index = directory.directoryStart
                return Opened(reader: try LibArchiveReader(seekable: source), mode: "random_access",
                              comment: Self.text(directory.comment), zip: directory)
            case .failure(.tooLarge(let entries, let bytes)):
                return try streamed(content, sink: sink, reason: "its central directory (\(entries) entries, \(bytes) bytes) "
                                + "is larger than memory_bytes (\(limit)) allows")
            case .failure(.notFound):
                return try Opened(reader: LibArchiveReader(seekable: source), mode: "random_access")
            }
        }
        return try streamed(content, sink: sink, reason: reason + ", inside another archive", isZip: isZip)
    }

    /// A zip or 7z read from start to end: for a zip, from its local headers, and the finding
    /// says which checks that leaves out.
    private func streamed(_ content: any ByteSource, sink: any ContainerSink, reason: String, isZip: Bool = true) throws -> Opened {
        if isZip {
            sink.emit(Finding("archive.read_mode", severity: .warning,
                              summary: "\(reason): read as a stream, from the local headers; the central directory was "
                                  + "not consulted, so sizes, links and times are as the local headers state them, and these "
                                  + "checks could not run: " + Self.directoryChecks.joined(separator: ", "),
                              attributes: ["mode": "streaming", "limit": "memory_bytes",
                                           "checks_not_run": .list(Self.directoryChecks.map(Value.string))]))
        } else {
            sink.emit(Finding("archive.read_mode", severity: .warning, summary: "\(reason): read as a stream",
                              attributes: ["mode": "streaming", "limit": "memory_bytes"]))
        }
        return Opened(reader: try LibArchiveReader(streaming: content), mode: "streaming")
    }

    /// The checks only a zip's central directory allows.
    static let directoryChecks = ["overlapping_entries", "name_mismatch", "leading_data", "entries listed only in the directory",
                                  "trailing_data after the end record", "names of entries not read after a limit"]

    private func opened(_ reader: LibArchiveReader, zip isZip: Bool, size: Int64, limit: Int, sink: any ContainerSink) throws -> Opened {
        if !isZip { try checkCoders(reader.passed, limit: limit, sink: sink) }
        guard isZip, case .success(let directory) = ZipDirectory.read(reader.passed, size: size, memoryLimit: limit) else {
            return Opened(reader: reader, mode: "random_access")
        }
        return Opened(reader: reader, mode: "random_access", comment: Self.text(directory.comment), zip: directory)
    }

    /// A 7z whose coders would need more memory than the budget is not opened (the refusal is
    /// thrown); one whose header cannot be checked here is opened, and a warning says so.
    private func checkCoders(_ bytes: any PassedBytes, limit: Int, sink: any ContainerSink) throws {
        switch SevenZipCoders.check(bytes, limit: limit) {
        case .withinBudget: return
        case .refused(let refusal): throw refusal
        case .unchecked(let reason):
            sink.warn("the memory this 7z archive's coders need could not be checked before decoding: \(reason)")
        }
    }

    /// An archive comment as text (UTF-8, invalid bytes shown as U+FFFD); nil when empty.
    static func text(_ bytes: [UInt8]) -> String? {
        bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
