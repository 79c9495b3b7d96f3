import CaseStore
import EvidenceKit
import ExhibitFoundation

/// `content.identical`: the same bytes (same SHA-256, read to their end) in more than one
/// exhibit — one analysis per content, its artifacts as members. The empty file is left out:
/// every archive may hold one.
public struct IdenticalContent: AnalysisMethod {
    public let id = "content.identical"
    public let version = "1"
    private let parameters = CanonicalJSON.encode(["across": "exhibits", "leaves_out": "the empty file"])

    public init() {}

    public func run(_ view: any CaseView, time: String,
                    emit: (AnalysisRecord, [AnalysisInputRecord]) throws -> Void) throws {
        let parties = try PartyOfExhibit(view)
        try view.forEachSharedContent { sha256, artifacts in
            var inputs = artifacts.enumerated().map { index, artifact in
                AnalysisInputRecord(analysisID: "", nodeID: artifact.id, nodeKind: .artifact, role: .member, ordinal: index)
            }
            let analysisID = AnalysisRecord.makeID(method: id, version: version, parameters: parameters, inputs: inputs)
            for index in inputs.indices { inputs[index].analysisID = analysisID }
            let exhibits = ordered(artifacts.map(\.exhibit))
            let size = artifacts[0].size
            let result: [String: Value] = [
                "sha256": .string(sha256), "size": .integer(size), "exhibits": .list(exhibits.map(Value.string)),
                "parties": .list(parties.of(exhibits).map(Value.string)),
                "places": .list(artifacts.map { .object(["exhibit": .string($0.exhibit), "evidence_path": .string($0.evidencePath)]) }),
            ]
            try emit(AnalysisRecord(
                id: analysisID, method: id, methodVersion: version, parameters: parameters, subject: sha256,
                score: Double(exhibits.count), statistic: "exhibit_count", pValue: nil, controls: nil,
                result: CanonicalJSON.encode(result),
                interpretation: "The same \(size) bytes (SHA-256 \(sha256)) are in \(exhibits.joined(separator: ", "))"
                    + " (\(parties.of(exhibits).joined(separator: ", "))).",
                limits: "Identical bytes show the same content, not who made it or who copied whom; common files "
                    + "(licences, generated files, copies of public libraries) are identical by nature.",
                tool: ToolInfo.name, toolVersion: ToolInfo.version, time: time), inputs)
        }
    }
}

/// Values in their first order, each once.
func ordered(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
