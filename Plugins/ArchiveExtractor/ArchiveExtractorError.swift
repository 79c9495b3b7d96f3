import Foundation

/// What goes wrong inside the archive extractor itself (libarchive reports its own problems
/// through its error strings; these are the extractor's).
enum ArchiveExtractorError: Error, Equatable, LocalizedError {
    /// The compressed stream ends before its last member does.
    case truncatedStream(filter: String, offset: Int64, detail: String)
    /// The compressed stream is damaged at `offset` (bytes of compressed input consumed).
    case corruptStream(filter: String, offset: Int64, detail: String)
    /// A decoder would need `needed` bytes of memory (a dictionary, a window) where the budget
    /// allows `limit`: it is refused before it allocates.
    case decoderMemory(filter: String, needed: Int64, limit: Int64, offset: Int64)

    /// Whether this is damage in the data (reported as libarchive's read errors are), rather
    /// than a refusal that stops the reading.
    var isDamage: Bool {
        switch self {
        case .truncatedStream, .corruptStream: return true
        case .decoderMemory: return false
        }
    }

    var errorDescription: String? {
        switch self {
        case .truncatedStream(let filter, let offset, let detail):
            return "truncated \(filter) stream: \(detail) (compressed byte \(offset))"
        case .corruptStream(let filter, let offset, let detail):
            return "damaged \(filter) stream: \(detail) (compressed byte \(offset))"
        case .decoderMemory(let filter, let needed, let limit, let offset):
            return "\(filter) data at byte \(offset) would need \(Self.size(needed)) of memory to decode "
                + "(its dictionary or window); memory_bytes allows \(Self.size(limit)): not decoded"
        }
    }

    /// `4 GiB`, `64 MiB`, `1.5 KiB`, or bytes: one decimal at most (exact counts go in attributes).
    static func size(_ bytes: Int64) -> String {
        guard let (unit, shift) = [("GiB", 30), ("MiB", 20), ("KiB", 10)].first(where: { bytes >= 1 << $0.1 }) else {
            return "\(bytes) bytes"
        }
        let text = String(format: "%.1f", Double(bytes) / Double(Int64(1) << shift))
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + " " + unit
    }
}
