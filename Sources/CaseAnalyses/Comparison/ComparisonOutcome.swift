import CaseStore
import EvidenceKit
import ExhibitFoundation

/// What a comparison method found for one analysis: its inputs on each side, its measure, the
/// null or reference the measure is read against, its controls, and what it does not show.
public struct ComparisonOutcome: Sendable {
    public var left: [ComparedNode]
    public var right: [ComparedNode]
    /// Inputs the measure is read against (a public reference, a control file).
    public var references: [ComparedNode] = []
    public var score: Double?
    /// What ``score`` measures.
    public var statistic: String
    public var pValue: Double?
    /// How the score is calibrated: the null distribution, a reference table, or why none is
    /// needed (an exact identity), with its figures.
    public var null: [String: Value]
    /// Control results the score is read beside (nil: none).
    public var controls: [String: Value]?
    /// What the method observed (its own keys).
    public var result: [String: Value]
    public var interpretation: String
    public var limits: String

    /// The analysis and its inputs. The result gains `null` and `inputs` (each with `role`, `id`,
    /// `evidence_path` and `sha256`), so the analysis read anywhere says what it was read from.
    func records(method: any ComparisonMethod, sides: ComparedSides, parameters: [String: Value],
                 time: String) -> (AnalysisRecord, [AnalysisInputRecord]) {
        // Each node once in each role, where the method first named it (a notebook may give two of its cells).
        var roles: [(AnalysisInputRecord.Role, ComparedNode)] = []
        var named = Set<String>()
        for (role, nodes) in [(AnalysisInputRecord.Role.left, left), (.right, right), (.reference, references)] {
            for node in nodes where named.insert("\(role) \(node.id)").inserted { roles.append((role, node)) }
        }
        var inputs = roles.enumerated().map { index, input in
            AnalysisInputRecord(analysisID: "", nodeID: input.1.id, nodeKind: input.1.kind, role: input.0, ordinal: index)
        }
        var parameters = parameters
        parameters["left"] = .string(sides.left.name)
        parameters["right"] = .string(sides.right.name)
        let encodedParameters = CanonicalJSON.encode(parameters)
        let id = AnalysisRecord.makeID(method: method.id, version: method.version, parameters: encodedParameters, inputs: inputs)
        for index in inputs.indices { inputs[index].analysisID = id }
        var result = self.result
        result["null"] = .object(null)
        result["inputs"] = .list(roles.map { role, node in
            .object(["role": .string(role.rawValue), "id": .string(node.id), "evidence_path": .string(node.evidencePath),
                     "sha256": node.sha256.map(Value.string) ?? .null])
        })
        let selfNote = sides.isSelfComparison
            ? " This compares a side with itself: a positive control, which must show complete agreement." : ""
        let record = AnalysisRecord(
            id: id, method: method.id, methodVersion: method.version, parameters: encodedParameters,
            subject: Comparison.subject(sides.left, sides.right), score: score, statistic: statistic, pValue: pValue,
            controls: controls.map { CanonicalJSON.encode($0) }, result: CanonicalJSON.encode(result),
            interpretation: interpretation + selfNote, limits: limits,
            tool: ToolInfo.name, toolVersion: ToolInfo.version, time: time)
        return (record, inputs)
    }
}
