import ExhibitTestSupport
import ExhibitCore
import Foundation
import Testing
@testable import BundleVerification
@testable import TribunalBundle

/// Every change to a bundle is caught, and named.
@Suite struct TribunalBundleVerifierTests {
    private func verify(_ path: String, key: String? = nil) throws -> VerificationReport {
        try TribunalBundleVerifier(path: path, publicKeyPath: key).verify()
    }

    private func flipByte(_ path: String) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[data.count / 2] ^= 0x01
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test func aFreshBundleVerifies() throws {
        let fixture = try BundleFixture()
        let report = try verify(try fixture.export("bundle"))
        #expect(report.ok, "\(report.failures)")
        #expect(report.signed && report.keyID == fixture.key.keyID)
        #expect(report.checks > 30)
    }

    /// One byte flipped in each kind of file: payload, graph, tables, custody, report, tag files, signatures.
    @Test(arguments: [
        "data/exhibits/EX-0002-code-drop.zip", "data/graph/graph.json", "data/graph/case.jsonld",
        "data/graph/findings.csv", "data/graph/timeline.csv", "data/custody/custody.jsonl", "data/report/index.html",
        "data/VERIFY.txt", "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt",
        "tagmanifest-sha256.txt", "tagmanifest-sha512.txt", "signatures/tagmanifest-sha256.txt.sig",
        "signatures/statement.dsse.json", "signatures/examiner.pub",
    ])
    func aFlippedByteIsCaughtAndNamed(_ file: String) throws {
        let fixture = try BundleFixture()
        let bundle = try fixture.export("bundle")
        try flipByte(bundle + "/" + file)
        let report = try verify(bundle)
        #expect(!report.ok, "a flipped byte in \(file) went unnoticed")
        #expect(report.failures.contains { $0.file == file || $0.message.contains(file) || $0.check == "signature" },
                "\(report.failures)")
    }

    /// The graph files are read again for their checks: bytes that changed since they were
    /// hashed fail the check instead of being checked in place of the verified ones.
    @Test func aGraphChangedBetweenReadsIsNotTrusted() throws {
        let fixture = try BundleFixture()
        let bundle = try fixture.export("bundle", signed: false)
        let inventory = try BagInventory.load(bundle)
        let graph = bundle + "/data/graph/graph.json"
        let original = try Data(contentsOf: URL(fileURLWithPath: graph))
        try (original + Data(" ".utf8)).write(to: URL(fileURLWithPath: graph))
        #expect {
            try GraphFileCheck.native { try inventory.open("data/graph/graph.json") }
        } throws: { "\($0)".contains("changed while it was being verified") }
        try original.write(to: URL(fileURLWithPath: graph))
        #expect(try GraphFileCheck.native { try inventory.open("data/graph/graph.json") }.danglingEdges.isEmpty)
    }

    /// Hostile graph files (100,000 levels of nesting, a 20 MB string, not JSON at all) are
    /// failures naming the file and the byte, never a crash or a read of the whole thing; one
    /// broken graph file does not hide the other's problems.
    @Test func hostileGraphFilesAreFailuresNotCrashes() throws {
        let fixture = try BundleFixture()
        let bundle = try fixture.export("bundle", signed: false)
        try Data(("{\"nodes\" : " + String(repeating: "[", count: 100_000)).utf8)
            .write(to: URL(fileURLWithPath: bundle + "/data/graph/graph.json"))
        try Data(("{\"@graph\" : \"" + String(repeating: "x", count: 20 << 20) + "\"}").utf8)
            .write(to: URL(fileURLWithPath: bundle + "/data/graph/case.jsonld"))
        let failures = try verify(bundle).failures.filter { $0.check == "graph" }
        #expect(failures.contains { $0.file == "data/graph/graph.json" && $0.message.contains("nested deeper than 512") },
                "\(failures)")
        #expect(failures.contains { $0.file == "data/graph/case.jsonld" && $0.message.contains("a string of more than") },
                "\(failures)")
        try Data("not json".utf8).write(to: URL(fileURLWithPath: bundle + "/data/graph/graph.json"))
        #expect(try verify(bundle).failures.contains { $0.check == "graph" && $0.message.contains("misspelt at byte") })
    }

    @Test func digestFailuresSayAlgorithmExpectedAndFound() throws {
        let fixture = try BundleFixture()
        let bundle = try fixture.export("bundle", signed: false)
        try flipByte(bundle + "/data/graph/findings.csv")
        let failures = try verify(bundle).failures.filter { $0.check == "digest" }
        #expect(Set(failures.compactMap(\.algorithm)) == ["sha256", "sha512"])
        #expect(failures.allSatisfy { $0.file == "data/graph/findings.csv" && $0.line != nil && $0.expected != $0.found })
    }

    @Test func addedAndRemovedFilesAreCaught() throws {
        let fixture = try BundleFixture()
        let added = try fixture.export("added")
        try Data("smuggled".utf8).write(to: URL(fileURLWithPath: added + "/data/exhibits/EX-0099-extra.bin"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: added + "/signatures/other.sig"))
        let addedReport = try verify(added)
        #expect(addedReport.failures.contains { $0.file == "data/exhibits/EX-0099-extra.bin" && $0.check == "completeness" })
        #expect(addedReport.failures.contains { $0.file == "signatures/other.sig" })
        #expect(addedReport.failures.contains { $0.check == "payload oxum" })

        let removed = try fixture.export("removed")
        try FileManager.default.removeItem(atPath: removed + "/data/exhibits/EX-0001-release-v2.tar.gz")
        let removedReport = try verify(removed)
        #expect(removedReport.failures.contains { $0.file == "data/exhibits/EX-0001-release-v2.tar.gz" })
        #expect(removedReport.failures.contains { $0.check == "exhibit" })
    }

    @Test func anotherKeyIsRejected() throws {
        let fixture = try BundleFixture()
        let bundle = try fixture.export("bundle")
        _ = try SigningKey.generate(at: fixture.folder.path("impostor.key"))
        let report = try verify(bundle, key: fixture.folder.path("impostor.pub"))
        // Both signatures, and the key file, which is not the key given.
        #expect(report.failures.filter { $0.check == "signature" }.count == 3)
        #expect(report.failures.contains { $0.file == "signatures/examiner.pub" })
        // A bundle re-signed with the impostor's key fails against the examiner's published key.
        #expect(try verify(bundle, key: fixture.folder.path("examiner.pub")).ok)
    }

    @Test func anUnsignedBundleFailsWhenAKeyIsExpected() throws {
        let fixture = try BundleFixture()
        let bundle = try fixture.export("bundle", signed: false)
        #expect(try verify(bundle).ok)
        #expect(!(try verify(bundle, key: fixture.folder.path("examiner.pub")).ok))
    }

    @Test func theTarVerifiesAndItsTamperingIsCaught() throws {
        let fixture = try BundleFixture()
        let bundle = try fixture.export("bundle", tar: true)
        #expect(try verify(bundle + ".tar").ok)
        var tar = try Data(contentsOf: URL(fileURLWithPath: bundle + ".tar"))
        let marker = try #require(tar.range(of: Data("Borealis Labs internal build".utf8)))
        tar[marker.lowerBound] ^= 0x20
        try tar.write(to: URL(fileURLWithPath: bundle + ".tar"))
        #expect(!(try verify(bundle + ".tar").ok))
    }

    @Test func exportsAreReproducible() throws {
        let fixture = try BundleFixture()
        let first = try fixture.export("one/bundle", tar: true)
        let second = try fixture.export("two/bundle", tar: true)
        let files = try BagFolder.relativePaths(in: first).map(\.path)
        #expect(files == (try BagFolder.relativePaths(in: second).map(\.path)))
        for relative in files where !relative.hasPrefix("signatures/") {
            let a = try Data(contentsOf: URL(fileURLWithPath: first + "/" + relative))
            let b = try Data(contentsOf: URL(fileURLWithPath: second + "/" + relative))
            #expect(a == b, "\(relative) differs")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: first + ".tar")).count > 100_000)
        let otherEpoch = try fixture.export("three/bundle", epoch: 1_800_000_000)
        #expect(try String(contentsOfFile: otherEpoch + "/bag-info.txt", encoding: .utf8).contains("Bagging-Date: 2027-01-15"))
    }

    @Test func withoutExhibitsTheBundleSaysSoAndStillVerifies() throws {
        let fixture = try BundleFixture()
        let bundle = try fixture.export("bundle", exhibits: false)
        #expect(try verify(bundle).ok)
        #expect(try FileManager.default.contentsOfDirectory(atPath: bundle + "/data/exhibits").isEmpty)
        let report = try String(contentsOfFile: bundle + "/data/report/index.html", encoding: .utf8)
        #expect(report.contains("not included in this bundle"))
        #expect(try String(contentsOfFile: bundle + "/bag-info.txt", encoding: .utf8).contains("Exhibit-Originals: not included"))
    }

    @Test func aChangedOriginalStopsTheExport() throws {
        let fixture = try BundleFixture()
        let copy = fixture.folder.path("changing.zip")
        var zip = try Data(contentsOf: Repository.samples.appendingPathComponent("case/respondent/code-drop.zip"))
        zip.append(0x0A)   // not the same bytes as EX-0002, so a new exhibit
        try zip.write(to: URL(fileURLWithPath: copy))
        _ = try fixture.pipeline().add([copy], options: .init(party: "respondent", jobs: 1))
        try flipByte(copy)
        #expect {
            try fixture.export("bundle")
        } throws: { error in
            guard case TribunalBundleError.exhibitChanged(let exhibit, _, _, _) = error else { return false }
            return exhibit == "EX-0004"
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.path("bundle")), "no half bundle is left")
    }
}
