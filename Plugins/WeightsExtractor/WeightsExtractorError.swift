import EvidenceKit
import Foundation

/// What stops the weights extractor from reading further in one place, in one voice. Most become
/// warning findings with their byte offset (and reading goes on where it can); the extractor
/// throws only when nothing more can be read.
enum WeightsExtractorError: Error, LocalizedError, Sendable, Equatable {
    /// The content ended before `needed` more bytes of `what`, at `offset`.
    case truncated(what: String, offset: Int64, needed: Int64)
    /// A structure is not what its format allows.
    case malformed(what: String, offset: Int64, reason: String)
    /// A count or length the file declares is beyond what is read.
    case tooLarge(what: String, offset: Int64, declared: String, limit: String)

    var errorDescription: String? {
        switch self {
        case .truncated(let what, let offset, let needed):
            return "the content ends at byte \(offset), \(needed) byte(s) short of \(what)"
        case .malformed(let what, let offset, let reason):
            return "\(what) at byte \(offset): \(reason)"
        case .tooLarge(let what, let offset, let declared, let limit):
            return "\(what) at byte \(offset) declares \(declared), more than \(limit)"
        }
    }

    /// The `violation` attribute of the finding that reports it.
    var violationKind: String {
        switch self {
        case .truncated: return "truncated"
        case .malformed: return "malformed"
        case .tooLarge: return "too_large"
        }
    }

    /// Where it happened.
    var offset: Int64 {
        switch self {
        case .truncated(_, let offset, _), .malformed(_, let offset, _), .tooLarge(_, let offset, _, _): return offset
        }
    }

    /// The locator of the place.
    var locator: Locator { Locator(byteOffset: offset) }
}
