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
        let registered = BuiltInExtractors.all.map { String(describing: $0) }.sorted()
        #expect(folders == registered, "a folder under Plugins/ is missing from BuiltInExtractors.all, or the reverse")
    }

    @Test func idsAreUniqueAndSnakeCase() throws {
        _ = try ExtractorRegistry(BuiltInExtractors.all)
        for extractor in BuiltInExtractors.all {
            let id = extractor.descriptor.id
            #expect(id.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil, "\(id)")
        }
    }

    /// Each descriptor's examples are its tests: sample files with what they must yield.
    @Test(arguments: BuiltInExtractors.all.map { $0.descriptor.id })
    func descriptorExamplesHold(_ id: String) throws {
        let extractor = try ExtractorRegistry(BuiltInExtractors.all).extractor(id: id)
        for failure in verify(extractor) {
            Issue.record(Comment(rawValue: failure.description),
                         sourceLocation: SourceLocation(fileID: "\(failure.sourceFile)", filePath: "\(failure.sourceFile)",
                                                        line: Int(failure.sourceLine), column: 1))
        }
    }

    private func verify<E: Extractor>(_ type: E.Type) -> [ExampleVerifier.Failure] {
        ExampleVerifier.verify(type, samples: Repository.formats)
    }

    @Test func everySampleUnderFormatsIsSomeonesExample() throws {
        let named = Set(BuiltInExtractors.all.flatMap { $0.descriptor.examples.map(\.file) })
        let enumerator = FileManager.default.enumerator(atPath: Repository.formats.path)
        var unused: [String] = []
        while let file = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: Repository.formats.appendingPathComponent(file).path, isDirectory: &isFolder)
            if !isFolder.boolValue, !named.contains(file) { unused.append(file) }
        }
        #expect(unused.isEmpty, "samples no descriptor names: \(unused.sorted())")
    }
}
