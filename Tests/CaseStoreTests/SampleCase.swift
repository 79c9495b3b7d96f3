import EvidenceKit
import ExhibitTestSupport
import Foundation
@testable import CaseStore

/// A small case written through the store's own API: one original with a member, a finding
/// that mentions an entity and carries a series, and one analysis across them.
struct SampleCase {
    let folder: TemporaryFolder
    let path: String
    let file: CaseFile

    static let info = CaseInfo(caseID: "c0ffee00-0000-4000-8000-000000000002", title: "Aurora v. Borealis",
                               examiner: "J. Doe", organization: "Example Forensics", created: "2026-01-01T00:00:00Z")

    init() throws {
        folder = try TemporaryFolder("sealed-case")
        path = folder.path("a.exhibit")
        file = try CaseFile.create(at: path, info: Self.info)
        try file.write(Self.batch("one", sha: "aa"))
        _ = try file.replaceAnalyses(of: ["test.method"], entry: Self.entry("analysis")) { _, emit in
            let (analysis, inputs) = Self.analysis(nodes: ["one/m", "one-f"])
            try emit(analysis, inputs)
        }
    }

    /// A loss series with the values decimal text has no digits for.
    static var series: Series {
        var loss = Series(name: "loss", unit: "nats", axis: .step)
        for (step, value) in [(0, 2.5), (1, Double.nan), (2, .infinity), (3, -.infinity), (4, -0.0), (5, 1e-300)] {
            loss.append(step: step, value: value)
        }
        return loss
    }

    static func batch(_ name: String, sha: String) -> OriginalBatch {
        func artifact(_ id: String, parent: String?, ordinal: Int, sha: String) -> ArtifactRecord {
            ArtifactRecord(id: id, originalID: name, parentID: parent, exhibit: "", exhibitSequence: 0, ordinal: ordinal,
                           depth: parent == nil ? 0 : 1, name: id, memberPath: parent == nil ? nil : id, evidencePath: id,
                           sourcePath: nil, party: "respondent", entryType: "file", linkTarget: nil, size: 1,
                           declaredSize: nil, sha256: sha, hashComplete: true, mediaType: nil, extractorID: nil, mode: 0o644,
                           owner: nil, group: nil, modified: nil, details: "{}")
        }
        let finding = FindingRecord(
            id: name + "-f", artifactID: name + "/m", originalID: name, exhibit: "", exhibitSequence: 0, ordinal: 0,
            kind: "training.metric", severity: "info", summary: "loss over 6 steps", attributes: "{}", locator: "{}",
            evidencePath: name + "/m", timeUTC: "2024-03-01T12:00:00Z", timeOriginal: nil, timeZoneSource: "utc",
            extractorID: "x", extractorVersion: "1")
        let series = Self.series
        return OriginalBatch(rows: ArrayBatchRows([
            .artifact(artifact(name, parent: nil, ordinal: 0, sha: sha)),
            .artifact(artifact(name + "/m", parent: name, ordinal: 1, sha: "m" + sha)),
            .finding(finding, [MentionRecord(findingID: finding.id, entityID: "e1", role: "")]),
            .series(SeriesRecord(id: SeriesRecord.makeID(findingID: finding.id, ordinal: 0), findingID: finding.id, ordinal: 0,
                                 name: series.name, unit: series.unit, axis: series.axis.rawValue,
                                 count: Int64(series.count), points: series.packed)),
            .entity(EntityRecord(id: "e1", kind: "url", value: "https://example.org")),
            .custody(entry("acquire")),
        ]))
    }

    static func entry(_ action: String) -> CustodyRecord {
        CustodyRecord(time: "2026-01-02T00:00:00Z", action: action, examiner: "J. Doe", host: "lab-1", tool: "exhibit",
                      toolVersion: "0.1.0", command: "exhibit \(action)", exhibit: nil, details: "{}")
    }

    static func analysis(method: String = "test.method", nodes: [String], score: Double? = 0.5,
                         pValue: Double? = 0.01) -> (AnalysisRecord, [AnalysisInputRecord]) {
        var inputs = nodes.enumerated().map { index, node in
            AnalysisInputRecord(analysisID: "", nodeID: node, nodeKind: index == 0 ? .artifact : .finding,
                                role: index == 0 ? .left : .right, ordinal: index)
        }
        let parameters = #"{"threshold":0.9}"#
        let id = AnalysisRecord.makeID(method: method, version: "1", parameters: parameters, inputs: inputs)
        for index in inputs.indices { inputs[index].analysisID = id }
        return (AnalysisRecord(id: id, method: method, methodVersion: "1", parameters: parameters, subject: nodes.joined(separator: " "),
                               score: score, statistic: "jaccard", pValue: pValue, controls: #"{"null":"shuffled","draws":100}"#,
                               result: #"{"matched":17,"of":19}"#, interpretation: "17 of 19 fields match.",
                               limits: "Fields may match by default.", tool: "exhibit", toolVersion: "0.1.0",
                               time: "2026-01-02T00:00:00Z"), inputs)
    }
}
