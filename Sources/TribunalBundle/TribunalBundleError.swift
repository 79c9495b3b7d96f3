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

extension TribunalBundleError {
    /// A failed write of `path` in words — "No space left on device" — where Foundation's own
    /// error printed as `NSCocoaErrorDomain Code=640`; a bundle error is kept as it is.
    static func write(path: String, _ error: any Error) -> TribunalBundleError {
        if let error = error as? TribunalBundleError { return error }
        let failure = error as NSError
        return .write(path: failure.userInfo[NSFilePathErrorKey] as? String ?? path, reason: reason(for: failure))
    }

    /// The system's words for a file error: its POSIX error (`strerror`), underlying or its own.
    private static func reason(for failure: NSError) -> String {
        let posix = failure.domain == NSPOSIXErrorDomain ? failure : failure.userInfo[NSUnderlyingErrorKey] as? NSError
        if let posix, posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
        guard failure.domain == NSCocoaErrorDomain else { return failure.localizedDescription }
        switch CocoaError.Code(rawValue: failure.code) {
        case .fileWriteOutOfSpace: return String(cString: strerror(ENOSPC))
        case .fileWriteVolumeReadOnly: return String(cString: strerror(EROFS))
        case .fileWriteNoPermission, .fileReadNoPermission: return String(cString: strerror(EACCES))
        case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
        default: return failure.localizedDescription
        }
    }
}

