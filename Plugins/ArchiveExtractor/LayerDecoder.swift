import EvidenceKit

/// One compression layer decoded in front of libarchive's format reader (``CompressionLayer``):
/// the decompressed bytes, and where the compressed stream ended if bytes that start no
/// further stream follow it.
protocol LayerDecoder: ByteSource {
    /// The filter's name, as the `archive.format` finding lists it (`gzip`, `xz`, …).
    var filterName: String { get }
    /// Compressed bytes consumed so far.
    var compressedOffset: Int64 { get }
    /// Where data that is no part of the compressed stream follows it, once the end is reached.
    var trailingDataOffset: Int64? { get }
    /// That data, from ``trailingDataOffset`` to the end of the artifact, read once.
    func trailingData() -> (any ByteSource)?
}

extension LayerDecoder {
    /// Damage at the current compressed offset.
    func corruption(_ detail: String) -> ArchiveExtractorError {
        .corruptStream(filter: filterName, offset: compressedOffset, detail: detail)
    }

    /// The input ending too early, at the current compressed offset.
    func truncation(_ detail: String) -> ArchiveExtractorError {
        .truncatedStream(filter: filterName, offset: compressedOffset, detail: detail)
    }
}
