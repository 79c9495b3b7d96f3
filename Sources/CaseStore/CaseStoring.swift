/// A case's store, as the pipeline, the analyses, the bundle and the command line use it: the
/// embedded SQLite file (``CaseFile``) today; a shared database for teams can follow behind
/// the same protocols without touching them.
public protocol CaseStoring: AnalysisWriting, AnyObject, Sendable {
    /// Where the case lives.
    var path: String { get }
    /// The case file and the files kept beside it while it is written, whether or not they exist.
    var companionPaths: [String] { get }
    /// The case header.
    func info() throws -> CaseInfo
    /// Runs `body` with one consistent view of the case; errors it throws come out as they are.
    func read<T>(_ body: (any CaseView) throws -> T) throws -> T
    /// Runs `body` with a write session; what is open when `body` ends is committed, and if it
    /// throws, the open group is rolled back.
    func session<T>(_ body: (any CaseSessionWriting) throws -> T) throws -> T
    /// Appends one entry to the custody log, chained; returns it as written. An entry planned
    /// beforehand (``planCustody(_:)``) must still be next, or nothing is written.
    @discardableResult
    func appendCustody(_ entry: CustodyRecord) throws -> CustodyRecord
    /// The entry as it would be appended now: its sequence, the digest before it, its own.
    func planCustody(_ entry: CustodyRecord) throws -> CustodyRecord
    /// Recomputes the custody chain and every row's digest (``CaseCheck``).
    func check() throws -> CaseCheckReport
}
