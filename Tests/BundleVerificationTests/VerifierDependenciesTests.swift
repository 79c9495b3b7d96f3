import ExhibitTestSupport
import Foundation
import Testing

/// The verifier never opens a case: its module must not depend on the case store, GRDB, the
/// bundle writer or the ingest engine — an opposing expert's `verify` needs none of them.
@Suite struct VerifierDependenciesTests {
    @Test func theVerifierNeedsNoCaseStore() throws {
        let manifest = try String(contentsOf: Repository.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        // The target's declaration, up to the next target.
        let start = try #require(manifest.range(of: #"name: "BundleVerification""#))
        let declaration = String(manifest[start.lowerBound...].prefix { $0 != ")" })
        #expect(declaration.contains("dependencies"))
        for forbidden in ["CaseStore", "GRDB", "TribunalBundle", "ExhibitCore", "CaseAnalyses"] {
            #expect(!declaration.contains(forbidden), "BundleVerification depends on \(forbidden)")
        }
        // Nor does any of its files import them.
        let folder = Repository.root.appendingPathComponent("Sources/BundleVerification")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for forbidden in ["import CaseStore", "import GRDB", "import TribunalBundle", "import ExhibitCore"] {
                #expect(!text.contains(forbidden), "\(file): \(forbidden)")
            }
        }
    }
}
