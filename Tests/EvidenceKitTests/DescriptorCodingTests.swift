import Foundation
import Testing
@testable import EvidenceKit

/// The descriptor is the wire form an external extractor sends at its handshake.
@Suite struct DescriptorCodingTests {
    private let descriptor = ExtractorDescriptor(
        id: "weights", formerIDs: ["safetensors"], version: "2.1.0", summary: "Model weights",
        rationale: "Reads headers and tensors; does not run code.",
        accepts: Acceptance(signatures: [MagicSignature("gguf", bytes: Array("GGUF".utf8)),
                                         MagicSignature("json", at: 8, bytes: [0x7B, 0x22], generic: true)],
                            namePatterns: ["*.safetensors"], genericNamePatterns: ["*.bin"], mediaTypes: ["application/octet-stream"]),
        findingKinds: [.headline("weights.summary", "a model's tensors at a glance"), .bulk("weights.tensor", "one tensor"),
                       .events("weights.saved", "when it was saved", timestampDescription: "Checkpoint save time"),
                       FindingKindDescription("weights.format", caseUCO: CaseUCOMapping(
                           facet: "uco-observable:ContentDataFacet", property: "uco-observable:mimeType",
                           from: .attribute("media_type")))],
        options: ["statistics": true, "max_tensors": 1_000_000],
        examples: [.yields("weights/tiny.safetensors", findings: [ExpectedFinding("weights.summary", ["tensor_count": 3], count: 1)],
                           members: ["a"]),
                   .declines("archive/release.tar")])

    @Test func aDescriptorSurvivesItsJSONForm() throws {
        let data = try JSONEncoder().encode(descriptor)
        let decoded = try JSONDecoder().decode(ExtractorDescriptor.self, from: data)
        #expect(decoded.withoutExamples == descriptor.withoutExamples)
        #expect(decoded.examples.map(\.file) == descriptor.examples.map(\.file))
        #expect(decoded.examples[0].findings == descriptor.examples[0].findings)
        #expect(decoded.examples[1].mustDecline)
        let text = String(decoding: data, as: UTF8.self)
        for key in ["\"former_ids\"", "\"finding_kinds\"", "\"timestamp_desc\"", "\"case_uco\"", "\"hex\":\"47475546\"",
                    "\"generic_name_patterns\"", "\"attributes.media_type\""] {
            #expect(text.contains(key), "\(key) in \(text)")
        }
    }

    @Test func aMinimalDescriptorDecodesWithDefaults() throws {
        let json = #"{"id": "py_deps", "version": "0.1.0", "summary": "Python dependency manifests"}"#
        let decoded = try JSONDecoder().decode(ExtractorDescriptor.self, from: Data(json.utf8))
        #expect(decoded.accepts == Acceptance())
        #expect(decoded.findingKinds.isEmpty && decoded.options.isEmpty && decoded.rationale.isEmpty)
    }

    @Test func malformedSignaturesAreRefused() {
        for bad in [#"{"name": "x", "hex": "abc"}"#, #"{"name": "x", "hex": "zz"}"#, #"{"name": "x", "hex": ""}"#,
                    #"{"name": "x", "hex": "00", "offset": -1}"#] {
            #expect(throws: DecodingError.self, "\(bad)") { try JSONDecoder().decode(MagicSignature.self, from: Data(bad.utf8)) }
        }
    }

    @Test func evidencePathsAreListsShownUnambiguously() throws {
        let path = EvidencePath(original: "drop.tar").appending("a ▸ b.txt").appending("\"q\".json").appending("plain")
        #expect(path.components == ["drop.tar", "a ▸ b.txt", "\"q\".json", "plain"])
        #expect(path.description == #"drop.tar ▸ "a ▸ b.txt" ▸ "\"q\".json" ▸ plain"#)
        #expect(path.depth == 3)
        #expect(EvidencePath(original: "x").description == "x")
        let data = try JSONEncoder().encode(path)
        #expect(try JSONDecoder().decode(EvidencePath.self, from: data) == path)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(EvidencePath.self, from: Data("[]".utf8)) }
    }

    @Test func aDescriptionReadsBackToItsPath() {
        let paths = [
            EvidencePath(original: "drop.tar").appending("a ▸ b.txt").appending("\"q\".json").appending("plain"),
            EvidencePath(original: "x"), EvidencePath(original: "").appending("a\\b \" c"),
            EvidencePath(original: "release.tar.gz").appending("release/weights.zip").appending("model.safetensors"),
        ]
        for path in paths { #expect(EvidencePath(description: path.description) == path, "\(path)") }
        for bad in ["", #""open"#, #""a" x"#, #""\x""#, "a ▸  ▸ b", " ▸ a"] {
            #expect(EvidencePath(description: bad) == nil, "\(bad)")
        }
    }
}
