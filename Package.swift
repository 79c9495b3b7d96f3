// swift-tools-version:6.0
import PackageDescription

/// Settings every target shares: Swift 6 language mode comes from the tools version;
/// `ExistentialAny` makes every use of a protocol as a type say `any`.
let commonSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Exhibit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "exhibit", targets: ["exhibit"]),
        .library(name: "EvidenceKit", targets: ["EvidenceKit"]),
        .library(name: "EvidenceFormats", targets: ["EvidenceFormats"]),
        .library(name: "ExtractorPlugin", targets: ["ExtractorPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // The SDK an extractor author imports. Foundation only.
        .target(name: "EvidenceKit", path: "Sources/EvidenceKit"),

        // What every extractor needs to read text formats: the JSON scanner with places, the line
        // reader, timestamp parsing (never deciding a zone), and the versioned ML vocabulary.
        .target(name: "EvidenceFormats", dependencies: ["EvidenceKit", .product(name: "Crypto", package: "swift-crypto")],
                path: "Sources/EvidenceFormats"),

        // What the host modules share: hex, deterministic ids, canonical JSON, visible text, tool
        // identity, UTC time text. The bundle writer, the verifier and the analyses use it
        // without importing the ingest engine.
        .target(
            name: "ExhibitFoundation",
            dependencies: ["EvidenceKit", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/ExhibitFoundation"
        ),

        // The protocol external extractors speak (docs/plugin-protocol.md): frames and messages.
        .target(name: "PluginProtocol", dependencies: ["EvidenceKit", "EvidenceFormats"], path: "Sources/PluginProtocol"),

        // A Swift package turns any Extractor into an external extractor with this library.
        .target(name: "ExtractorPlugin", dependencies: ["EvidenceKit", "PluginProtocol"], path: "Sources/ExtractorPlugin"),

        // The sandbox external extractors run in: rlimits, a process group, no new privileges,
        // a network namespace and Landlock, applied in the child between fork and exec.
        .target(name: "CSandbox", path: "Sources/CSandbox"),

        // libarchive, through the system library (apt: libarchive-dev).
        .systemLibrary(
            name: "CArchive",
            path: "Sources/CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]
        ),

        // ISA-L's inflate, for gzip (apt: libisal-dev): faster than zlib's.
        .systemLibrary(
            name: "CIsal",
            path: "Sources/CIsal",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"]), .brew(["isa-l"])]
        ),

        // liblzma, for xz, .lzma and lzip with a memory limit (apt: liblzma-dev).
        .systemLibrary(
            name: "CLzma",
            path: "Sources/CLzma",
            pkgConfig: "liblzma",
            providers: [.apt(["liblzma-dev"]), .brew(["xz"])]
        ),

        // The case file: schema, migrations, one row codec per table, transactional writes, the
        // custody hash chain, queries, analyses, series.
        .target(
            name: "CaseStore",
            dependencies: ["EvidenceKit", "ExhibitFoundation", "CSQLiteConfig", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/CaseStore"
        ),

        // Conclusions across a case: versioned methods writing analyses (the host's own, and
        // `exhibit compare`'s methods).
        .target(
            name: "CaseAnalyses",
            dependencies: ["EvidenceKit", "EvidenceFormats", "ExhibitFoundation", "CaseStore", "CRowProducts",
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/CaseAnalyses"
        ),

        // The dot products of the weight comparisons' cosine matrices, in C: an AVX2 kernel chosen
        // at run time where the CPU has it, and a portable one, both in one fixed order of additions.
        .target(name: "CRowProducts", path: "Sources/CRowProducts"),

        // The crash marker's signal handler, in C (what runs in a signal handler must be
        // async-signal-safe).
        .target(name: "CCrashMarker", path: "Sources/CCrashMarker"),

        // sqlite3_config, which is variadic (Swift cannot call it), for the case store.
        .target(name: "CSQLiteConfig", path: "Sources/CSQLiteConfig", linkerSettings: [.linkedLibrary("sqlite3")]),

        // The host engine: registry, recognizer, pipeline, budget, hashing, normalizer, custody.
        .target(
            name: "ExhibitCore",
            dependencies: [
                "EvidenceKit", "EvidenceFormats", "ExhibitFoundation", "CaseStore", "CaseAnalyses", "PluginProtocol",
                "CSandbox", "CCrashMarker",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/ExhibitCore"
        ),

        // Verifying a tribunal bundle (BagIt, digests, signatures, graph references, the custody
        // chain) and the signature and bag pieces the writer shares: no case store, no GRDB.
        .target(
            name: "BundleVerification",
            dependencies: ["EvidenceKit", "ExhibitFoundation", "CArchive", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/BundleVerification"
        ),

        // The tribunal bundle writer: BagIt, CASE/UCO, report, signatures, from a case.
        .target(
            name: "TribunalBundle",
            dependencies: ["EvidenceKit", "EvidenceFormats", "ExhibitFoundation", "CaseStore", "BundleVerification", "CArchive",
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/TribunalBundle"
        ),

        // Extractor modules: each knows EvidenceKit (and its own parsing library) only.
        .target(
            name: "ArchiveExtractor",
            dependencies: ["EvidenceKit", "EvidenceFormats", "CArchive", "CIsal", "CLzma", .product(name: "Crypto", package: "swift-crypto")],
            path: "Plugins/ArchiveExtractor"
        ),

        .target(
            name: "ConfigExtractor",
            dependencies: ["EvidenceKit", "EvidenceFormats", "Yams", .product(name: "Crypto", package: "swift-crypto")],
            path: "Plugins/ConfigExtractor"
        ),

        .target(
            name: "NotebookExtractor",
            dependencies: ["EvidenceKit", "EvidenceFormats", .product(name: "Crypto", package: "swift-crypto")],
            path: "Plugins/NotebookExtractor"
        ),

        .target(
            name: "WeightsExtractor",
            dependencies: ["EvidenceKit", "EvidenceFormats", .product(name: "Crypto", package: "swift-crypto")],
            path: "Plugins/WeightsExtractor"
        ),

        .target(
            name: "TokenizerExtractor",
            dependencies: ["EvidenceKit", "EvidenceFormats"],
            path: "Plugins/TokenizerExtractor"
        ),

        .target(
            name: "LogExtractor",
            dependencies: ["EvidenceKit", "EvidenceFormats"],
            path: "Plugins/LogExtractor"
        ),

        .target(
            name: "CodeExtractor",
            dependencies: ["EvidenceKit", "EvidenceFormats"],
            path: "Plugins/CodeExtractor"
        ),

        // The one explicit list of built-in extractors.
        .target(
            name: "BuiltInExtractors",
            dependencies: ["EvidenceKit", "ArchiveExtractor", "ConfigExtractor", "NotebookExtractor", "WeightsExtractor", "LogExtractor",
                           "CodeExtractor", "TokenizerExtractor"],
            path: "Sources/BuiltInExtractors"
        ),

        // The command line: thin.
        .executableTarget(
            name: "exhibit",
            dependencies: [
                "EvidenceKit", "ExhibitFoundation", "ExhibitCore", "CaseStore", "CaseAnalyses", "BuiltInExtractors",
                "TribunalBundle", "BundleVerification", "ArchiveExtractor", "ExtractorPlugin",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/exhibit"
        ),

        // Shared by the test targets: sample paths, temporary folders, running the built binary.
        .target(name: "CTestEnvironment", path: "Tests/CTestEnvironment"),
        .target(name: "ExhibitTestSupport", dependencies: ["CTestEnvironment", "CLzma"], path: "Tests/ExhibitTestSupport"),
        .testTarget(name: "EvidenceKitTests", dependencies: ["EvidenceKit", "ExhibitTestSupport"],
                    path: "Tests/EvidenceKitTests"),
        .testTarget(name: "EvidenceFormatsTests", dependencies: ["EvidenceFormats", "EvidenceKit", "ExhibitTestSupport"],
                    path: "Tests/EvidenceFormatsTests"),
        .testTarget(name: "ExhibitFoundationTests", dependencies: ["ExhibitFoundation", "EvidenceKit"],
                    path: "Tests/ExhibitFoundationTests"),
        .testTarget(name: "CaseStoreTests", dependencies: ["CaseStore", "EvidenceKit", "ExhibitTestSupport",
                                                      .product(name: "GRDB", package: "GRDB.swift")],
                    path: "Tests/CaseStoreTests", exclude: ["Fixtures"]),
        .testTarget(name: "CaseAnalysesTests", dependencies: ["CaseAnalyses", "CaseStore", "CRowProducts", "EvidenceFormats", "ExhibitFoundation",
                                                         "ExhibitTestSupport"],
                    path: "Tests/CaseAnalysesTests"),
        .testTarget(
            name: "ExhibitCoreTests",
            dependencies: ["ExhibitCore", "ExhibitFoundation", "EvidenceKit", "CaseStore", "BuiltInExtractors",
                           "ArchiveExtractor", "PluginProtocol", "ExhibitTestSupport"],
            path: "Tests/ExhibitCoreTests"
        ),
        .testTarget(
            name: "ArchiveExtractorTests",
            dependencies: ["ArchiveExtractor", "EvidenceKit", "ExhibitTestSupport", "CArchive", "CIsal", "CLzma",
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/ArchiveExtractorTests"
        ),
        .testTarget(
            name: "ConfigExtractorTests",
            dependencies: ["ConfigExtractor", "EvidenceKit", "EvidenceFormats", "ExhibitTestSupport"],
            path: "Tests/ConfigExtractorTests"
        ),
        .testTarget(name: "BundleVerificationTests", dependencies: ["BundleVerification", "EvidenceKit", "ExhibitTestSupport",
                                                               .product(name: "Crypto", package: "swift-crypto")],
                    path: "Tests/BundleVerificationTests"),
        .testTarget(
            name: "NotebookExtractorTests",
            dependencies: ["NotebookExtractor", "EvidenceKit", "EvidenceFormats", "ExhibitTestSupport",
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/NotebookExtractorTests"
        ),
        .testTarget(
            name: "WeightsExtractorTests",
            dependencies: ["WeightsExtractor", "EvidenceKit", "EvidenceFormats", "ExhibitTestSupport"],
            path: "Tests/WeightsExtractorTests",
            exclude: ["weights_oracle.py"]
        ),
        .testTarget(
            name: "LogExtractorTests",
            dependencies: ["LogExtractor", "EvidenceKit", "EvidenceFormats", "ExhibitTestSupport"],
            path: "Tests/LogExtractorTests"
        ),
        .testTarget(
            name: "CodeExtractorTests",
            dependencies: ["CodeExtractor", "EvidenceKit", "EvidenceFormats", "ExhibitTestSupport"],
            path: "Tests/CodeExtractorTests",
            exclude: ["python_tokens.py"]
        ),
        .testTarget(
            name: "TokenizerExtractorTests",
            dependencies: ["TokenizerExtractor", "ConfigExtractor", "EvidenceKit", "EvidenceFormats", "ExhibitTestSupport"],
            path: "Tests/TokenizerExtractorTests"
        ),
        .testTarget(
            name: "TribunalBundleTests",
            dependencies: ["TribunalBundle", "BundleVerification", "EvidenceKit", "ExhibitFoundation", "CaseStore",
                           "ExhibitCore", "BuiltInExtractors", "ExhibitTestSupport"],
            path: "Tests/TribunalBundleTests"
        ),
        .testTarget(
            name: "ExhibitEndToEndTests",
            dependencies: ["exhibit", "ExhibitTestSupport", "CaseStore", "EvidenceKit",
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/ExhibitEndToEndTests",
            exclude: ["Plugins"]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + commonSettings
}
