import BuiltInExtractors
import BundleVerification
import CaseStore
import ExhibitCore
import ExhibitTestSupport
import Foundation
import Testing
@testable import TribunalBundle

/// Issue 21 items 4 and 5: genuine bundles that were rejected now verify, and tampered tars
/// that were accepted now fail, each naming what is wrong.
@Suite struct HostileBundleTests {
    private func verify(_ path: String, key: String? = nil) throws -> VerificationReport {
        try TribunalBundleVerifier(path: path, publicKeyPath: key).verify()
    }

    /// A case in a fresh folder, with `files` loose files of `nameLength`-character names added.
    private func caseWithLooseFiles(_ folder: TemporaryFolder, files: Int, nameLength: Int = 12) throws -> CaseFile {
        let caseFile = try CaseFile.create(at: folder.path("loose.exhibit"), info: CaseInfo(
            caseID: "5f1b2c3d-0000-4000-8000-00000000100e", title: "Loose files", examiner: "J. Doe",
            organization: "", created: "2026-01-01T00:00:00Z"))
        guard files > 0 else { return caseFile }
        let production = folder.path("production")
        try FileManager.default.createDirectory(atPath: production, withIntermediateDirectories: true)
        for index in 0..<files {
            let name = String(format: "%06d-", index) + String(repeating: "n", count: max(nameLength - 7, 1)) + ".txt"
            try Data("file \(index)\n".utf8).write(to: URL(fileURLWithPath: production + "/" + name))
        }
        let pipeline = IngestPipeline(registry: try ExtractorRegistry(BuiltInExtractors.all), caseFile: caseFile,
                                      custody: CustodyContext(examiner: "J. Doe", host: "lab-1", command: "exhibit add"))
        _ = try pipeline.add([production], options: IngestOptions(jobs: 2))
        return caseFile
    }

    private func export(_ caseFile: CaseFile, to path: String, key: SigningKey? = nil, tar: Bool = true) throws -> String {
        let options = BundleOptions(includeExhibits: true, signingKey: key, tar: tar, sourceDateEpoch: 1_764_374_400,
                                    examiner: "J. Doe", host: "lab-1", command: "exhibit bundle")
        return try TribunalBundleWriter(case: caseFile, options: options).write(to: path).folder
    }

    // MARK: Item 4: genuine bundles

    /// A graph without edges (one loose file) or without nodes (an empty case) is a graph.
    @Test(arguments: [0, 1]) func aCaseWithoutEdgesVerifies(_ files: Int) throws {
        let folder = try TemporaryFolder()
        let bundle = try export(try caseWithLooseFiles(folder, files: files), to: folder.path("bundle"))
        for target in [bundle, bundle + ".tar"] {
            let report = try verify(target)
            #expect(report.ok, "\(target): \(report.failures)")
        }
    }

    /// Manifests and the signed statement grow with the originals; past what the verifier keeps
    /// in memory they are read again as streams (they were reported missing past 16 MiB).
    @Test func largeTagFilesAreReadNotMissing() throws {
        let folder = try TemporaryFolder()
        let caseFile = try caseWithLooseFiles(folder, files: 3_000, nameLength: 240)
        let key = try SigningKey.generate(at: folder.path("examiner.key"))
        let bundle = try export(caseFile, to: folder.path("bundle"), key: key)
        for file in ["manifest-sha512.txt", "signatures/statement.dsse.json"] {
            let size = try FileManager.default.attributesOfItem(atPath: bundle + "/" + file)[.size] as? Int ?? 0
            #expect(size > 1 << 20, "\(file) is \(size) bytes: not larger than what the verifier keeps")
        }
        for target in [bundle, bundle + ".tar"] {
            let report = try verify(target, key: folder.path("examiner.pub"))
            #expect(report.ok, "\(target): \(report.failures.prefix(5))")
            #expect(report.checks > 9_000)
        }
    }

    // MARK: Item 5: tampered tars

    /// A tar member: header, content, padding.
    private func member(_ name: String, _ content: String) -> Data {
        let bytes = Data(content.utf8)
        return TarWriter.header(name: name, size: Int64(bytes.count)) + bytes + TarWriter.padding(after: Int64(bytes.count))
    }

    private func tarProblems(_ tar: Data, in folder: TemporaryFolder) throws -> [VerificationReport.Failure] {
        let path = folder.path("tampered-\(UUID().uuidString.prefix(8)).tar")
        try tar.write(to: URL(fileURLWithPath: path))
        let report = try verify(path)
        #expect(!report.ok)
        return report.failures.filter { $0.check == "tar" }
    }

    @Test func tamperedTarsFail() throws {
        let fixture = try BundleFixture()
        let genuine = try Data(contentsOf: URL(fileURLWithPath: try fixture.export("bundle", tar: true) + ".tar"))
        let folder = fixture.folder
        // A forged report before the genuine one: `tar -xOf` and `bsdtar -xk` extract the forgery.
        let forged = try tarProblems(member("bundle/data/report/index.html", "<p>forged</p>") + genuine, in: folder)
        #expect(forged.contains { $0.file == "data/report/index.html" && $0.message.contains("more than once") }, "\(forged)")
        // A member after the end-of-archive blocks, and garbage there.
        let appended = try tarProblems(genuine + member("bundle/data/hidden.txt", "hidden") + Data(count: 1024), in: folder)
        #expect(appended.contains { $0.message.hasPrefix("data after the end of the archive, at byte \(genuine.count)") },
                "\(appended)")
        let garbage = try tarProblems(genuine + Data("garbage".utf8), in: folder)
        #expect(garbage.contains { $0.message.contains("at byte \(genuine.count)") }, "\(garbage)")
        // Names that extract elsewhere, or to the same place as another.
        // (after the bag's own folder entry, the tar's first)
        let outside = try tarProblems(genuine.prefix(512) + member("elsewhere/data/x.txt", "x") + genuine.dropFirst(512), in: folder)
        #expect(outside.contains { $0.file == "elsewhere/data/x.txt" && $0.message.contains("outside the bag's folder") })
        let dotted = try tarProblems(member("bundle/./data/report/index.html", "<p>forged</p>") + genuine, in: folder)
        #expect(dotted.contains { $0.file == "bundle/./data/report/index.html" && $0.message.contains("not a plain relative path") })
        // Zero padding after the end is no data: the genuine tar has some, and verifies.
        #expect(try verify(fixture.folder.path("bundle.tar")).ok)
    }

    /// `signatures/examiner.pub` and the DSSE envelope are in no manifest: each must be, byte for
    /// byte, what Exhibit writes for the key and signature checked — with `--key` or without.
    @Test(arguments: [false, true]) func unlistedSignatureFilesAreCheckedExactly(_ tar: Bool) throws {
        let fixture = try BundleFixture()
        let key = fixture.folder.path("examiner.pub")
        for (file, change) in [("signatures/examiner.pub", { (data: inout Data) in data[data.count / 2] ^= 0x01 }),
                               ("signatures/examiner.pub", { (data: inout Data) in data.append(0x0A) }),
                               ("signatures/statement.dsse.json", { (data: inout Data) in data.insert(0x20, at: 1) })] {
            let bundle = try fixture.export("bundle-\(UUID().uuidString.prefix(8))", tar: false)
            var data = try Data(contentsOf: URL(fileURLWithPath: bundle + "/" + file))
            change(&data)
            try data.write(to: URL(fileURLWithPath: bundle + "/" + file))
            let target = tar ? bundle + ".tar" : bundle
            if tar {
                try DeterministicTar.write(folder: bundle, rootName: (bundle as NSString).lastPathComponent, to: target,
                                           mtime: 1_764_374_400)
            }
            // With the published key, the changed file is named; with the bundle's own (changed)
            // key, the signatures it no longer verifies are.
            let named = try verify(target, key: key)
            #expect(named.failures.contains { $0.file == file && $0.check == "signature" }, "\(file): \(named.failures)")
            let unnamed = try verify(target)
            #expect(!unnamed.ok && unnamed.failures.allSatisfy { $0.check == "signature" }, "\(file): \(unnamed.failures)")
        }
    }
}
