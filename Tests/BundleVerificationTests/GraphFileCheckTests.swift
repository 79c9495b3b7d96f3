import EvidenceKit
import Foundation
import Testing
@testable import BundleVerification

/// The verifier's checks inside the graph files, on documents made to fail them.
@Suite struct GraphFileCheckTests {
    private func source(_ text: String) -> () throws -> any ByteSource {
        { DataByteSource(Data(text.utf8)) }
    }

    @Test func danglingEdgesAreNamedAndOriginalsListed() throws {
        let graph = """
            {"edges" : [{"kind" : "contained_in", "source" : "m", "target" : "o"},
                        {"kind" : "found_in", "source" : "f", "target" : "gone"}, {"kind" : "x"}],
             "nodes" : [{"id" : "o", "original" : true, "exhibit" : "EX-0001", "sha256" : "aa", "details" : {"id" : "nested"}},
                        {"id" : "m", "details" : {}}, {"id" : "f"}, ["not", "a", "node"]],
             "schema_version" : 1}
            """
        let result = try GraphFileCheck.native(source(graph))
        #expect(result.danglingEdges == ["edge 1 target gone names no node", "edge 2 source nil names no node",
                                         "edge 2 target nil names no node"])
        #expect(result.originals.map(\.exhibit) == ["EX-0001"])
        #expect(result.originals.map(\.sha256) == ["aa"])
    }

    /// Ids are looked up whatever the order of the arrays (nodes before edges here).
    @Test func orderDoesNotMatter() throws {
        let graph = #"{"nodes" : [{"id" : "a"}], "edges" : [{"source" : "a", "target" : "a"}]}"#
        #expect(try GraphFileCheck.native(source(graph)).danglingEdges.isEmpty)
    }

    @Test(arguments: [#"{"nodes" : []}"#, "[]", #"{"nodes" : [], "edges" : [] "#])
    func whatIsNotAGraphIsRefused(_ text: String) {
        #expect(throws: (any Error).self) { try GraphFileCheck.native(source(text)) }
    }

    @Test func unresolvedJSONLDReferencesAreListedOnce() throws {
        let document = """
            {"@context" : {}, "@graph" : [
              {"@id" : "kb:a", "@type" : "X", "uco-core:object" : [{"@id" : "kb:b"}, {"@id" : "kb:missing"}]},
              {"@id" : "kb:b", "uco-core:hasFacet" : [{"@id" : "kb:facet", "@type" : "F", "ref" : {"@id" : "kb:a"}}]},
              {"@id" : "kb:c", "@type" : "X", "uco-core:object" : {"@id" : "kb:missing"}, "other" : {"@id" : "kb:facet"}}
            ]}
            """
        #expect(try GraphFileCheck.jsonLDReferences(source(document)) == ["kb:missing"])
        #expect(throws: (any Error).self) { try GraphFileCheck.jsonLDReferences(source(#"{"@context" : {}}"#)) }
    }
}
