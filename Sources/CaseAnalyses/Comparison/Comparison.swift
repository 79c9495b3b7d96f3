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
    /// The custody action that says how members of containers were read again for a run.
    public static let readBackAction = "compare.read_back"
    /// Every method, in the order they run.
    public static let methods: [any ComparisonMethod] = [
        ContentComparison(), TextComparison(), CodeComparison(), ArchitectureComparison(), TokenizerComparison(), RecipeComparison(), TrainingCurves(), TensorIdentity(),
        IndependenceTest(), IndependenceTest(.acrossProjections), LayerStatistics(), EmbeddingAlignment(),
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
    ///
    /// Every method reads the same view first; when more than one analysis has a p-value, each
    /// gains Holm's correction across all of them (`holm` in its result). Then each method's
    /// analyses are written in a write of their own.
    /// `members` makes files of archive members for the methods that read bytes back (tensors,
    /// vocabularies, text).
    public static func run(_ store: any CaseStoring, left: String, right: String, methods: [any ComparisonMethod],
                           members: (any ArtifactFiles)? = nil,
                           entry: (_ method: String) -> CustodyRecord) throws -> [(AnalysisRecord, [AnalysisInputRecord])] {
        let time = UTCTime.iso8601(Int64(Date().timeIntervalSince1970))
        let (subject, found) = try store.read { view in
            let (leftSide, rightSide) = try sides(left, right, in: view)
            let compared = try ComparedSides(left: leftSide, right: rightSide, view: view, members: members)
            var found: [(method: any ComparisonMethod, records: [(AnalysisRecord, [AnalysisInputRecord])])] = []
            var outcomes: [(method: any ComparisonMethod, outcomes: [ComparisonOutcome])] = []
            for method in methods { outcomes.append((method, try method.compare(compared))) }
            correctForMultipleTests(&outcomes)
            for (method, results) in outcomes {
                found.append((method, results.map { $0.records(method: method, sides: compared, parameters: method.parameters, time: time) }))
            }
            return (Self.subject(leftSide, rightSide), found)
        }
        var written: [(AnalysisRecord, [AnalysisInputRecord])] = []
        for (method, records) in found {
            _ = try store.replaceAnalyses(of: [method.id], subject: subject, entry: entry(method.id)) { _, emit in
                for (analysis, inputs) in records { try emit(analysis, inputs) }
            }
            written.append(contentsOf: records)
        }
        return written
    }

    /// Holm's step-down correction over every outcome with a p-value, when there are two or more.
    static func correctForMultipleTests(_ outcomes: inout [(method: any ComparisonMethod, outcomes: [ComparisonOutcome])]) {
        var places: [(Int, Int)] = []
        for (methodIndex, entry) in outcomes.enumerated() {
            for (outcomeIndex, outcome) in entry.outcomes.enumerated() where outcome.pValue != nil {
                places.append((methodIndex, outcomeIndex))
            }
        }
        guard places.count > 1 else { return }
        let adjusted = PValueCombination.holm(places.map { Probability(outcomes[$0.0].outcomes[$0.1].pValue!) })
        let tests: [Value] = places.map { .string("\(outcomes[$0.0].method.id) #\($0.1 + 1)") }
        for (place, value) in zip(places, adjusted) {
            outcomes[place.0].outcomes[place.1].result["holm"] = .object([
                "adjusted_p_value": .float(IndependenceTest.pValue(value)), "tests": .list(tests),
                "rule": "Holm's step-down correction over every p-value of this comparison run",
            ])
        }
    }
}
