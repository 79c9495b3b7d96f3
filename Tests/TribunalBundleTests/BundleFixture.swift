import BuiltInExtractors
import CaseStore
import ExhibitCore
import ExhibitTestSupport
import Foundation
@testable import BundleVerification
@testable import TribunalBundle

/// The sample case, ingested into a temporary folder, ready to export.
final class BundleFixture {
    let folder: TemporaryFolder
    let caseFile: CaseFile
    let key: SigningKey

    init() throws {
        folder = try TemporaryFolder("bundle-test")
        caseFile = try CaseFile.create(at: folder.path("dispute.exhibit"), info: CaseInfo(
            caseID: "5f1b2c3d-0000-4000-8000-00000000c0de", title: "Aurora v. Borealis", examiner: "J. Doe",
            organization: "Example Forensics", created: "2026-01-01T00:00:00Z"))
        key = try SigningKey.generate(at: folder.path("examiner.key"))
        let pipeline = try pipeline()
        let samples = Repository.samples.appendingPathComponent("case")
        _ = try pipeline.add([samples.appendingPathComponent("respondent/release-v2.tar.gz").path,
                              samples.appendingPathComponent("respondent/code-drop.zip").path],
                             options: IngestOptions(party: "respondent", jobs: 1))
        _ = try pipeline.add([samples.appendingPathComponent("claimant/internal-drop.tar.xz").path],
                             options: IngestOptions(party: "claimant", timeZone: "Europe/London", jobs: 1))
    }

    /// A pipeline adding to the fixture's case.
    func pipeline() throws -> IngestPipeline {
        IngestPipeline(registry: try ExtractorRegistry(BuiltInExtractors.all), caseFile: caseFile,
                       custody: CustodyContext(examiner: "J. Doe", host: "lab-1", command: "exhibit add …"))
    }

    /// Exports to `name` (a path under the fixture's folder).
    func export(_ name: String, signed: Bool = true, exhibits: Bool = true, tar: Bool = false,
                epoch: Int64 = 1_764_374_400) throws -> String {
        let options = BundleOptions(includeExhibits: exhibits, signingKey: signed ? key : nil, tar: tar,
                                    sourceDateEpoch: epoch, examiner: "J. Doe", host: "lab-1",
                                    command: "exhibit bundle dispute.exhibit --out bundle")
        let path = folder.path(name)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        return try TribunalBundleWriter(case: caseFile, options: options).write(to: path).folder
    }
}
