import BuiltInExtractors
import EvidenceKit
import Foundation
import Testing
@testable import ExhibitCore

/// Extractors that accept the same artifact at different strengths.
private struct GenericJSON: Extractor {
    static let descriptor = ExtractorDescriptor(
        id: "generic_json", version: "1.0.0", summary: "Any JSON",
        accepts: Acceptance(signatures: [MagicSignature("json", bytes: Array("{".utf8), generic: true)],
                            genericNamePatterns: ["*.json"]))
    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {}
}

private struct NamedJSON: Extractor {
    static let descriptor = ExtractorDescriptor(
        id: "named_json", formerIDs: ["trainer_state"], version: "1.0.0", summary: "trainer_state.json by name",
        accepts: Acceptance(namePatterns: ["trainer_state.json"]))
    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {}
}

private struct ContentJSON: ContentRecognizing {
    static let descriptor = ExtractorDescriptor(
        id: "content_json", version: "1.0.0", summary: "JSON with a log_history key", accepts: Acceptance())
    static func claims(head: Data, name: String) -> Bool {
        head.range(of: Data("\"log_history\"".utf8)) != nil
    }
    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {}
}

private struct Tunable: ConfigurableExtractor {
    struct Options: Codable, Sendable {
        var limit: Int
        var strict: Bool
        var label: String
        var ratio: Double
    }
    static let descriptor = ExtractorDescriptor(
        id: "tunable", version: "1.0.0", summary: "Takes options", accepts: Acceptance(namePatterns: ["*.tune"]),
        options: ["limit": 10, "strict": false, "label": "x", "ratio": 0.5])
    let options: Options
    init(options: Options) { self.options = options }
    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        sink.emit(Finding("tune.options", summary: "\(options.limit) \(options.strict) \(options.label) \(options.ratio)"))
    }
}

@Suite struct ExtractorRegistryTests {
    private let entries: [ExtractorEntry] = [.builtIn(GenericJSON.self), .builtIn(NamedJSON.self), .builtIn(ContentJSON.self)]

    private func ranked(_ head: String, name: String, _ registry: ExtractorRegistry? = nil) throws -> [String] {
        try (registry ?? ExtractorRegistry(entries)).candidates(head: Data(head.utf8), name: name)
            .map(\.extractor.entry.descriptor.id)
    }

    @Test func theMostSpecificMatchComesFirstWhateverTheOrder() throws {
        #expect(try ranked(#"{"log_history": []}"#, name: "trainer_state.json") == ["content_json", "named_json", "generic_json"])
        #expect(try ranked(#"{"a": 1}"#, name: "trainer_state.json") == ["named_json", "generic_json"])
        #expect(try ranked(#"{"a": 1}"#, name: "x.json") == ["generic_json"])
        #expect(try ranked("plain", name: "x.txt").isEmpty)
        let reversed = try ExtractorRegistry(entries.reversed())
        #expect(try ranked(#"{"log_history": []}"#, name: "trainer_state.json", reversed) == ["content_json", "named_json", "generic_json"])
    }

    @Test func aSignatureBeatsASpecificNameWhichBeatsAGenericSignature() throws {
        let built = try ExtractorRegistry(BuiltInExtractors.all)
        // A gzip stream named like a config: the archive extractor's magic bytes win.
        #expect(built.candidates(head: Data([0x1F, 0x8B, 0x08, 0]), name: "settings.toml").map(\.extractor.entry.descriptor.id)
            == ["archive", "config"])
        #expect(built.candidates(head: Data("{}".utf8), name: "x.json").map(\.strength) == [.generic])
    }

    @Test func equalStrengthsKeepRegistryOrder() throws {
        let twice: [ExtractorEntry] = [.builtIn(GenericJSON.self)]
        let registry = try ExtractorRegistry(twice + [ExtractorEntry(descriptor: ExtractorDescriptor(
            id: "second", version: "1", summary: "", accepts: GenericJSON.descriptor.accepts), origin: .external(folder: "/p"),
            isContainer: false) { _ in { { _, _ in } } }])
        #expect(try ranked("{}", name: "a.json", registry) == ["generic_json", "second"])
    }

    @Test func selectionTakesIdsAndFormerIds() throws {
        let only = try ExtractorRegistry(entries, selection: ExtractorSelection(only: ["trainer_state", "generic_json"]))
        #expect(only.extractors.map(\.entry.descriptor.id) == ["generic_json", "named_json"])
        let without = try ExtractorRegistry(entries, selection: ExtractorSelection(without: ["content_json"]))
        #expect(without.extractors.map(\.entry.descriptor.id) == ["generic_json", "named_json"])
        #expect(try ExtractorRegistry(entries).extractor(id: "trainer_state").entry.descriptor.id == "named_json")
        #expect(throws: ExhibitCoreError.self) { try ExtractorRegistry(entries, selection: ExtractorSelection(only: ["nope"])) }
    }

    @Test func twoExtractorsWithOneIdAreRefusedNamingBoth() throws {
        let clash = ExtractorEntry(descriptor: ExtractorDescriptor(id: "x", formerIDs: ["named_json"], version: "1", summary: "",
                                                                   accepts: Acceptance()),
                                   origin: .external(folder: "/plugins/x"), isContainer: false) { _ in { { _, _ in } } }
        #expect {
            try ExtractorRegistry(entries + [clash])
        } throws: { error in
            (error as? ExhibitCoreError)?.errorDescription?.contains("built-in and external (/plugins/x)") == true
        }
    }

    @Test func optionsAreTypedByTheirDefaultsAndMadeOnce() throws {
        let registry = try ExtractorRegistry([.builtIn(Tunable.self)], overrides: [
            try ExtractorOptionOverride(parsing: "tunable.limit=42"), try ExtractorOptionOverride(parsing: "tunable.strict=yes"),
            try ExtractorOptionOverride(parsing: "tunable.label=a=b"), try ExtractorOptionOverride(parsing: "tunable.ratio=2"),
        ])
        let configured = try registry.extractor(id: "tunable")
        #expect(configured.options == ["limit": 42, "strict": true, "label": "a=b", "ratio": 2.0])
        let sink = CollectingSink()
        try configured.make()(Artifact(name: "x.tune", head: Data(), content: DataByteSource(Data())), sink)
        #expect(sink.findings.map(\.summary) == ["42 true a=b 2.0"])
        for bad in ["tunable.limit=ten", "tunable.strict=maybe", "tunable.nope=1", "nope.limit=1"] {
            #expect(throws: ExhibitCoreError.self, "\(bad)") {
                try ExtractorRegistry([.builtIn(Tunable.self)], overrides: [try ExtractorOptionOverride(parsing: bad)])
            }
        }
        for malformed in ["limit=1", "tunable.limit", ".limit=1", "tunable.=1"] {
            #expect(throws: ExhibitCoreError.self, "\(malformed)") { try ExtractorOptionOverride(parsing: malformed) }
        }
    }

    @Test func theCustodyRecordNamesEachExtractorWithItsOptions() throws {
        let registry = try ExtractorRegistry([.builtIn(Tunable.self)], overrides: [try ExtractorOptionOverride(parsing: "tunable.limit=3")])
        guard case .list(let extractors) = registry.custodyRecord, case .object(let first)? = extractors.first,
              case .object(let descriptor)? = first["descriptor"] else {
            Issue.record("unexpected shape: \(registry.custodyRecord)")
            return
        }
        #expect(descriptor["id"] == "tunable")
        #expect(descriptor["examples"] == .list([]))
        #expect(first["origin"] == "built-in")
        #expect(first["options"] == ["limit": 3, "strict": false, "label": "x", "ratio": 0.5])
    }
}
