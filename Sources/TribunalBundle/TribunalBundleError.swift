import Foundation

/// Everything that can stop an export, in one voice (reading a bundle or a key:
/// `BundleVerificationError`).
public enum TribunalBundleError: Error, LocalizedError, Sendable {
    case outputExists(path: String)
    case exhibitMissing(exhibit: String, path: String)
    case exhibitChanged(exhibit: String, path: String, intake: String, now: String)
    case write(path: String, reason: String)
    /// A series whose points are not in the packed format (the case was damaged).
    case damagedSeries(id: String, finding: String)

    public var errorDescription: String? {
        switch self {
        case .outputExists(let path):
            return "the output already exists; choose a new folder (\(path))"
        case .exhibitMissing(let exhibit, let path):
            return "\(exhibit): the original is no longer at its acquisition path (\(path))"
        case .exhibitChanged(let exhibit, let path, let intake, let now):
            return "\(exhibit): the original changed since intake: SHA-256 was \(intake), is \(now) (\(path))"
        case .write(let path, let reason):
            return "cannot write: \(reason) (\(path))"
        case .damagedSeries(let id, let finding):
            return "series \(id) of finding \(finding) does not hold packed points; run `exhibit check` on the case (\(id))"
        }
    }
}
