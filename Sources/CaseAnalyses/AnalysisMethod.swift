import CaseStore

/// A versioned method that draws conclusions across a case: it reads one consistent view of
/// the case and emits analyses, each with its inputs and their roles, its measure and what it
/// does not show. The same method on the same case emits the same analyses (ids, content and
/// order); only their time differs.
public protocol AnalysisMethod: Sendable {
    /// Stable, dotted (`content.identical`); part of every analysis id.
    var id: String { get }
    /// Changes whenever what the method concludes could change; part of every analysis id.
    var version: String { get }
    /// Emits every analysis the method draws from `view`, stamped `time`.
    func run(_ view: any CaseView, time: String,
             emit: (AnalysisRecord, [AnalysisInputRecord]) throws -> Void) throws
}
