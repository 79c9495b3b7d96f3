import CaseStore
import EvidenceKit

/// A versioned way of comparing two sides of a case (`exhibit compare`): it reads one consistent
/// view and returns what it found, with its null, controls and limits, as outcomes that become
/// analyses. The same sides of the same case give the same outcomes, in the same order.
public protocol ComparisonMethod: Sendable {
    /// Stable, dotted (`compare.content`); part of every analysis id.
    var id: String { get }
    /// Changes whenever what the method concludes could change; part of every analysis id.
    var version: String { get }
    /// One line: what the method measures.
    var summary: String { get }
    /// Its settings, recorded with every analysis (the sides are added to them).
    var parameters: [String: Value] { get }
    /// The outcomes of comparing `left` with `right` (none when neither side has what it reads).
    func compare(_ sides: ComparedSides) throws -> [ComparisonOutcome]
}
