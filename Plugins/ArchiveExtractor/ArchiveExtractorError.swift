import Foundation

/// What goes wrong inside the archive extractor itself (libarchive reports its own problems
/// through its error strings; these are the extractor's).
enum ArchiveExtractorError: Error, Equatable, LocalizedError {
    /// The compressed stream ends before its last member does.
    case truncatedStream(filter: String, offset: Int64, detail: String)
    /// The compressed stream is damaged at `offset` (bytes of compressed input consumed).
    case corruptStream(filter: String, offset: Int64, detail: String)

    var errorDescription: String? {
        switch self {
        case .truncatedStream(let filter, let offset, let detail):
            return "truncated \(filter) stream: \(detail) (compressed byte \(offset))"
        case .corruptStream(let filter, let offset, let detail):
            return "damaged \(filter) stream: \(detail) (compressed byte \(offset))"
        }
    }
}
