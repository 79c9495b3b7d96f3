import CaseStore
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import BundleVerification
@testable import TribunalBundle

/// Analyses and series reach every file of a bundle from the case's tables, the custody log
/// carries its hash chain, and a case edited behind Exhibit's back is not exported.
@Suite struct ConclusionsInBundleTests {
    private func text(_ bundle: String, _ file: String) throws -> String {
        try String(contentsOfFile: bundle + "/" + file, encoding: .utf8)
    }

    @Test func theHostsAnalysesAreInTheGraphTheCASEDocumentTheTableAndTheReport() throws {
        let fixture = try BundleFixture()
        let bundle = try fixture.export("bundle", signed: false)
        let graph = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bundle + "/data/graph/graph.json"))) as? [String: Any])
        #expect(graph["schema_version"] as? Int == 2)
        let nodes = try #require(graph["nodes"] as? [[String: Any]])
        let analyses = nodes.filter { $0["kind"] as? String == "analysis" }
        #expect(Set(analyses.compactMap { $0["method"] as? String }) == ["content.identical", "entity.shared"])
        let edges = try #require(graph["edges"] as? [[String: Any]])
        let ids = Set(nodes.compactMap { $0["id"] as? String })
        let inputs = edges.filter { $0["kind"] as? String == "input" }
        #expect(!inputs.isEmpty && inputs.allSatisfy { ids.contains($0["target"] as? String ?? "") })

        let table = try text(bundle, "data/graph/analyses.csv")
        #expect(table.hasPrefix("id,method,method_version,subject,score,statistic,p_value,interpretation,limits,inputs"))
        #expect(table.components(separatedBy: "\r\n").count - 2 == analyses.count)
        let jsonld = try text(bundle, "data/graph/case.jsonld")
        #expect(jsonld.contains("\"uco-analysis:Analysis\"") && jsonld.contains("\"uco-analysis:AnalyticResult\""))
        #expect(jsonld.contains("\"uco-analysis:originatingAnalysis\""))
        let report = try text(bundle, "data/report/index.html")
        #expect(report.contains("Identical content in more than one exhibit") && report.contains("architecture_fingerprint"))
        #expect(try TribunalBundleVerifier(path: bundle).verify().ok)
    }

    /// The custody log is the chain: each line's SHA-256 is what the next names, and the last
    /// line is the export, which the case then records as its next entry.
    @Test func theCustodyLogCarriesTheChainAndEndsWithTheExport() throws {
        let fixture = try BundleFixture()
        let result = try TribunalBundleWriter(case: fixture.caseFile, options: BundleOptions(
            includeExhibits: false, signingKey: nil, tar: false, sourceDateEpoch: 1_764_374_400, examiner: "J. Doe",
            host: "lab-1", command: "exhibit bundle")).write(to: fixture.folder.path("b"))
        let log = try text(result.folder, "data/custody/custody.jsonl")
        let lines = log.split(separator: "\n").map(String.init)
        #expect(try CustodyChainCheck.failures(DataByteSource(Data(log.utf8))).isEmpty)
        #expect(lines.last == CustodyChain.line(result.exportEntry))
        try fixture.caseFile.appendCustody(result.exportEntry)
        #expect(try fixture.caseFile.custody().last?.entrySHA256 == result.exportEntry.entrySHA256)
        #expect(try fixture.caseFile.check().ok)

        // A line changed, a line removed: each named by its line.
        var changed = lines
        let acquire = try #require(lines.firstIndex { $0.contains("\"acquire\"") })
        changed[acquire] = changed[acquire].replacingOccurrences(of: "\"acquire\"", with: "\"acquirE\"")
        // The next line names the changed one's digest: that is where the chain breaks.
        #expect(try CustodyChainCheck.failures(DataByteSource(Data(changed.joined(separator: "\n").utf8))).first?
            .hasPrefix("line \(acquire + 2):") == true)
        var removed = lines
        removed.remove(at: 2)
        let failures = try CustodyChainCheck.failures(DataByteSource(Data(removed.joined(separator: "\n").utf8)))
        #expect(failures.contains { $0.hasPrefix("line 3:") && $0.contains("sequence") })
    }

    @Test func aSeriesIsExportedAsCSVWithItsSpecialValues() throws {
        let fixture = try BundleFixture()
        var loss = Series(name: "loss", unit: "nats", axis: .step)
        for (step, value) in [(0, 2.5), (1, Double.nan), (2, .infinity), (3, -.infinity)] { loss.append(step: step, value: value) }
        let original = ArtifactRecord(id: "log", originalID: "log", parentID: nil, exhibit: "", exhibitSequence: 0, ordinal: 0,
                                      depth: 0, name: "train.log", memberPath: nil, evidencePath: "train.log", sourcePath: nil,
                                      party: "claimant", entryType: "file", linkTarget: nil, size: 1, declaredSize: nil,
                                      sha256: "11", hashComplete: true, mediaType: nil, extractorID: nil, mode: nil, owner: nil,
                                      group: nil, modified: nil, details: "{}")
        let finding = FindingRecord(id: "metric", artifactID: "log", originalID: "log", exhibit: "", exhibitSequence: 0, ordinal: 0,
                                    kind: "training.metric", severity: "info", summary: "loss", attributes: "{}", locator: "{}",
                                    evidencePath: "train.log", timeUTC: nil, timeOriginal: nil, timeZoneSource: nil,
                                    extractorID: "log", extractorVersion: "1")
        let series = SeriesRecord(id: SeriesRecord.makeID(findingID: "metric", ordinal: 0), findingID: "metric", ordinal: 0,
                                  name: "loss", unit: "nats", axis: "step", count: 4, points: loss.packed)
        try fixture.caseFile.write(OriginalBatch(rows: ArrayBatchRows([.artifact(original), .finding(finding, []), .series(series)])))
        let bundle = try fixture.export("bundle", exhibits: false)
        let csv = try text(bundle, "data/graph/series/\(series.id).csv")
        #expect(csv == "step,value\r\n0,2.5\r\n1,NaN\r\n2,Infinity\r\n3,-Infinity\r\n")
        #expect(try text(bundle, "manifest-sha256.txt").contains("data/graph/series/\(series.id).csv"))
        #expect(try text(bundle, "data/graph/graph.json").contains("\"file\" : \"data/graph/series/\(series.id).csv\""))
        #expect(try TribunalBundleVerifier(path: bundle).verify().ok)
        try FileManager.default.removeItem(atPath: bundle + "/data/graph/series/\(series.id).csv")
        let report = try TribunalBundleVerifier(path: bundle).verify()
        #expect(report.failures.contains { $0.file == "data/graph/series/\(series.id).csv" && $0.message.contains("graph names") })
    }

    @Test func aCaseEditedBehindExhibitsBackIsNotExported() throws {
        let fixture = try BundleFixture()
        let edited = try Command.run("sqlite3", [fixture.caseFile.path, "UPDATE finding SET summary = 'edited' WHERE rowid = 1"])
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect {
            try fixture.export("bundle")
        } throws: { error in
            guard case CaseStoreError.tampered(_, let failure) = error else { return false }
            return failure.contains("finding") && failure.contains("does not match its digest")
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.path("bundle")))
    }
}
