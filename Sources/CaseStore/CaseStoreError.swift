import Foundation

/// Everything that can go wrong with a case file, in one voice.
public enum CaseStoreError: Error, LocalizedError, Sendable {
    case caseExists(path: String)
    case caseMissing(path: String)
    case notACase(path: String, reason: String)
    case newerSchema(path: String, found: String)
    case database(path: String, reason: String)
    /// SQLite ended a write session's open transaction itself (a full disk, an I/O error): every
    /// original of the group not yet committed is lost, and the session cannot go on.
    case groupRolledBack(path: String, reason: String)
    /// The custody log grew between planning an entry and appending it.
    case custodyMoved(path: String, planned: Int64, now: Int64)
    /// `exhibit check` found the case changed behind Exhibit's back.
    case tampered(path: String, failure: String)
    /// An analysis the store cannot hold as given.
    case invalidAnalysis(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .caseExists(let path):
            return "a case already exists here (\(path))"
        case .caseMissing(let path):
            return "no case file; create it with `exhibit init` (\(path))"
        case .notACase(let path, let reason):
            return "not an Exhibit case: \(reason) (\(path))"
        case .newerSchema(let path, let found):
            return "the case was written by a newer Exhibit (schema \(found)); upgrade to read it (\(path))"
        case .database(let path, let reason):
            return "case database error: \(reason) (\(path))"
        case .groupRolledBack(let path, let reason):
            return "case database error: \(reason); the originals not yet committed were rolled back (\(path))"
        case .custodyMoved(let path, let planned, let now):
            return "the custody log changed while exporting: the export was to be entry #\(planned), the next is #\(now) (\(path))"
        case .invalidAnalysis(let path, let reason):
            return "analysis refused: \(reason) (\(path))"
        case .tampered(let path, let failure):
            return "the case fails its tamper check (`exhibit check` says more): \(failure) (\(path))"
        }
    }
}
