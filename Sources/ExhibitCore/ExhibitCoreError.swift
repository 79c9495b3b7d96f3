import EvidenceKit
import Foundation

/// Everything the host engine reports to its caller, in one voice.
public enum ExhibitCoreError: Error, LocalizedError, Sendable {
    case unknownBudgetKey(String, known: [String])
    case invalidBudgetValue(key: String, value: String)
    /// A depth the walk or the parsers cannot hold on their stack.
    case budgetBeyondStack(key: String, value: Int64, bound: Int64)
    case unknownTimeZone(String)
    case notARegularFile(path: String)
    case acquisitionFailed(path: String, reason: String)
    case unknownExtractor(String, known: [String])
    case duplicateExtractorID(String, origins: [ExtractorOrigin])
    case invalidExtractorOption(String, reason: String)
    /// A plugin folder that cannot be used: no manifest, a bad one, a program not found.
    case invalidPlugin(folder: String, reason: String)
    case spool(reason: String)
    /// The bytes extracted are not the bytes hashed at intake: the file changed while it was read.
    case changedWhileRead(path: String, atIntake: String, extracted: String)
    /// The path named another file when it was opened than when it was looked at.
    case replaced(path: String)
    /// The file was not the same after it was read as when it was looked at: appended to,
    /// rewritten, replaced (``AcquiredFile``).
    case changedDuringIntake(path: String, change: String)
    /// An original hashed but not extracted, and why (recorded on it as an extraction error).
    case unextracted(reason: String)
    /// The crash handler could not be installed (``CrashMarker``).
    case crashHandler(path: String)

    public var errorDescription: String? {
        switch self {
        case .unknownBudgetKey(let key, let known):
            return "unknown budget key '\(key)'; known keys: \(known.joined(separator: ", "))"
        case .invalidBudgetValue(let key, let value):
            return "invalid value '\(value)' for budget key '\(key)'"
        case .budgetBeyondStack(let key, let value, let bound):
            return "budget key '\(key)' is at most \(bound) (given \(value)): each level recurses on a fixed stack, "
                + "and deeper levels could overflow it"
        case .unknownTimeZone(let name):
            return "unknown time zone '\(name)' (use an IANA name such as Europe/London)"
        case .notARegularFile(let path):
            return "not a regular file (\(path))"
        case .acquisitionFailed(let path, let reason):
            return "could not acquire: \(reason) (\(path))"
        case .unknownExtractor(let id, let known):
            return "no extractor with id '\(id)'; known: \(known.joined(separator: ", "))"
        case .duplicateExtractorID(let id, let origins):
            return "two extractors share the id '\(id)': \(origins.map(\.description).joined(separator: " and "))"
        case .invalidPlugin(let folder, let reason):
            return "cannot use the external extractor: \(reason) (\(folder))"
        case .invalidExtractorOption(let assignment, let reason):
            return "invalid extractor option '\(assignment)': \(reason)"
        case .spool(let reason):
            return "staging an original's records failed: \(reason)"
        case .replaced(let path):
            return "the file was replaced between being looked at and being opened; not added (\(path))"
        case .unextracted(let reason):
            return reason
        case .crashHandler(let path):
            return "the crash handler could not be installed (\(path))"
        case .changedDuringIntake(let path, let change):
            return "changed during intake: \(change); not added (\(path))"
        case .changedWhileRead(let path, let atIntake, let extracted):
            return "the file changed while it was read: SHA-256 \(atIntake) at intake, \(extracted) when extracted; not added (\(path))"
        }
    }
}
