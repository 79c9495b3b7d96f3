import EvidenceKit
import Foundation

/// License files (`LICENSE`, `COPYING`, `NOTICE`, …): which license each states, by the phrases
/// that identify it — in a dispute over a model, the license a release claims is a fact to record.
struct LicenseFilesExtractor: Extractor {
    static let descriptor = ExtractorDescriptor(
        id: "license_files", version: "1.0.0", summary: "License files: the license each states",
        rationale: """
            Reads a license file's text and names the license its identifying phrases state (Apache 2.0, MIT, \
            BSD, GPL, the Llama and OpenRAIL model licenses, CC BY), with the copyright lines. It does not judge \
            whether the license applies, was complied with, or is the license the code or weights were really \
            released under; a modified license text may still match its original's phrases.
            """,
        accepts: Acceptance(namePatterns: ["LICENSE", "LICENSE.*", "LICENCE", "LICENCE.*", "COPYING", "COPYING.*", "NOTICE"]),
        findingKinds: [.headline("license.identified", "the license a file states, and its copyright lines")],
        examples: [
            .yields("examples/LICENSE", findings: [ExpectedFinding("license.identified", ["license": "Apache-2.0"], count: 1)]),
            .yields("examples/COPYING.txt", findings: [ExpectedFinding("license.identified", ["license": "unidentified"])]),
        ])

    /// A license and the phrases that, all present, identify it.
    private static let licenses: [(id: String, phrases: [String])] = [
        ("Apache-2.0", ["apache license", "version 2.0"]),
        ("MIT", ["permission is hereby granted, free of charge", "the above copyright notice"]),
        ("BSD-3-Clause", ["redistribution and use in source and binary forms", "neither the name"]),
        ("GPL-3.0", ["gnu general public license", "version 3"]),
        ("Llama-3-Community", ["llama 3 community license"]),
        ("OpenRAIL-M", ["responsible ai license", "openrail"]),
        ("CC-BY-4.0", ["creative commons attribution 4.0"]),
    ]

    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        let data = try artifact.content.readAll(limit: min(artifact.limits.maxInMemoryBytes, 4 << 20))
        let text = String(decoding: data, as: UTF8.self)
        let lowered = text.lowercased()
        let license = Self.licenses.first { $0.phrases.allSatisfy(lowered.contains) }?.id ?? "unidentified"
        let copyrights = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.lowercased().hasPrefix("copyright") }.prefix(20)
        sink.emit(Finding("license.identified", summary: "\(license)" + (copyrights.first.map { " — \($0)" } ?? ""),
                          attributes: ["license": .string(license), "copyright": .list(copyrights.map(Value.string))]))
    }
}
