// swift-tools-version:6.0
// An external extractor written in Swift: any Extractor becomes a plugin executable with the
// ExtractorPlugin library. Build it (`swift build` here; extractor.json names .build/debug/LicenseFiles), then point exhibit
// at this folder:
//   exhibit add case.exhibit drop/ --plugin-dir samples/plugins/swift/license_files
import PackageDescription

let package = Package(
    name: "LicenseFiles",
    dependencies: [.package(name: "Exhibit", path: "../../../..")],
    targets: [
        .executableTarget(
            name: "LicenseFiles",
            dependencies: [.product(name: "ExtractorPlugin", package: "Exhibit"),
                           .product(name: "EvidenceKit", package: "Exhibit")],
            path: "Sources/LicenseFiles",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
    ]
)
