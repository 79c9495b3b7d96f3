import BuiltInExtractors
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ExhibitCore

/// The registry and the conformance test every built-in extractor passes.
@Suite struct BuiltInExtractorsTests {
    @Test func everyPluginFolderIsRegistered() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Repository.root.appendingPathComponent("Plugins").path)
            .filter { !$0.hasPrefix(".") }.sorted()
        let registered = BuiltInExtractors.types.map { String(describing: $0) }.sorted()
        #expect(folders == registered, "a folder under Plugins/ is missing from BuiltInExtractors.types, or the reverse")
    }

    @Test func idsAreUniqueAndSnakeCase() throws {
        _ = try ExtractorRegistry(BuiltInExtractors.all)
        for entry in BuiltInExtractors.all {
            for id in [entry.descriptor.id] + entry.descriptor.formerIDs {
                #expect(id.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil, "\(id)")
            }
        }
    }

    /// Each descriptor's examples are its tests: sample files with what they must yield.
    @Test(arguments: BuiltInExtractors.all.map(\.descriptor.id))
    func descriptorExamplesHold(_ id: String) throws {
        let extractor = try ExtractorRegistry(BuiltInExtractors.all).extractor(id: id)
        for failure in ExampleVerifier.verify(extractor.entry, samples: Repository.formats) {
            Issue.record(Comment(rawValue: failure.description),
                         sourceLocation: SourceLocation(fileID: failure.sourceFile, filePath: failure.sourceFile,
                                                        line: max(failure.sourceLine, 1), column: 1))
        }
    }

    @Test func everySampleUnderFormatsIsSomeonesExample() throws {
        let named = Set(BuiltInExtractors.all.flatMap { $0.descriptor.examples.map(\.file) })
        let unused = Repository.formatSamples().filter { !named.contains($0) }
        #expect(unused.isEmpty, "samples no descriptor names: \(unused.sorted())")
    }
}
