import CaseStore
import EvidenceKit
import ExhibitFoundation
import Foundation

/// `exhibit compare`: the comparison methods, run on two sides of a case, each writing its
/// analyses in a committed write of its own (custody action `compare`) that replaces the same
/// method's earlier analyses of the same two sides — and only those.
public enum Comparison {
    /// The custody action of a comparison's write.
    public static let action = "compare"
    /// Every method, in the order they run.
    public static let methods: [any ComparisonMethod] = [
        ContentComparison(), ArchitectureComparison(), RecipeComparison(), TensorIdentity(),
    ]

    /// What the analyses of two sides are about: `left ⇄ right`.
    public static func subject(_ left: ComparisonSide, _ right: ComparisonSide) -> String {
        "\(left.name) ⇄ \(right.name)"
    }

    /// The methods `names` selects, in run order (nil or empty: all).
    public static func methods(named names: [String]?) throws -> [any ComparisonMethod] {
        guard let names, !names.isEmpty else { return methods }
        for name in names where !methods.contains(where: { $0.id == name }) {
            throw CaseAnalysesError.unknownMethod(name: name, known: methods.map(\.id))
        }
        return methods.filter { names.contains($0.id) }
    }

    /// Resolves both sides (``ComparisonSide/resolve(_:in:)``), refusing sides that overlap
    /// without being the same.
    public static func sides(_ left: String, _ right: String, in view: any CaseView) throws -> (ComparisonSide, ComparisonSide) {
        let sides = (try ComparisonSide.resolve(left, in: view), try ComparisonSide.resolve(right, in: view))
        if sides.0 != sides.1, sides.0.overlaps(sides.1) { throw CaseAnalysesError.overlappingSides(left: left, right: right) }
        return sides
    }

    /// Runs `methods` on `left` and `right`; `entry` makes each write's custody entry. Returns
    /// the analyses written, in run order.
    public static func run(_ store: any CaseStoring, left: String, right: String, methods: [any ComparisonMethod],
                           entry: (_ method: String) -> CustodyRecord) throws -> [(AnalysisRecord, [AnalysisInputRecord])] {
        let subject = try store.read { view in
            let resolved = try sides(left, right, in: view)
            return Self.subject(resolved.0, resolved.1)
        }
        let time = UTCTime.iso8601(Int64(Date().timeIntervalSince1970))
        var written: [(AnalysisRecord, [AnalysisInputRecord])] = []
        for method in methods {
            _ = try store.replaceAnalyses(of: [method.id], subject: subject, entry: entry(method.id)) { view, emit in
                let (leftSide, rightSide) = try sides(left, right, in: view)
                let compared = try ComparedSides(left: leftSide, right: rightSide, view: view)
                for outcome in try method.compare(compared) {
                    let (analysis, inputs) = outcome.records(method: method, sides: compared, parameters: method.parameters, time: time)
                    try emit(analysis, inputs)
                    written.append((analysis, inputs))
                }
            }
        }
        return written
    }
}
