import ExhibitTestSupport
import Foundation
import Testing

/// `exhibit bundle` and `exhibit verify`, checked by the field's own tools: bagit.py,
/// sha256sum, case_validate (CASE 1.5) and openssl — which must also reject a tampered copy.
@Suite(.serialized) struct BundleCommandTests {
    private func sampleCase(_ folder: TemporaryFolder) throws -> String {
        let dispute = folder.path("dispute.exhibit")
        let cases = Repository.samples.appendingPathComponent("case")
        #expect(try Command.exhibit(["init", dispute, "--title", "Aurora v. Borealis", "--examiner", "J. Doe",
                                     "--organization", "Example Forensics"]).status == 0)
        #expect(try Command.exhibit(["add", dispute, cases.appendingPathComponent("claimant/internal-drop.tar.xz").path,
                                     "--party", "claimant", "--timezone", "Europe/London"]).status == 0)
        #expect(try Command.exhibit(["add", dispute, cases.appendingPathComponent("respondent/release-v2.tar.gz").path,
                                     cases.appendingPathComponent("respondent/code-drop.zip").path,
                                     "--party", "respondent"]).status == 0)
        #expect(try Command.exhibit(["key", "generate", folder.path("examiner.key")]).status == 0)
        return dispute
    }

    private func tamper(_ bundle: String) throws {
        let path = bundle + "/data/exhibits/EX-0003-code-drop.zip"
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[10] ^= 0xFF
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test func theFieldsToolsAgreeWithVerify() throws {
        let folder = try TemporaryFolder()
        let dispute = try sampleCase(folder)
        let bundle = folder.path("bundle")
        let exported = try Command.exhibit(["bundle", dispute, "--out", bundle, "--sign", folder.path("examiner.key"), "--tar"],
                                           environment: ["SOURCE_DATE_EPOCH": "1764374400"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try Command.exhibit(["verify", bundle]).stdout.hasPrefix("OK: "))
        #expect(try Command.exhibit(["verify", bundle + ".tar", "--key", folder.path("examiner.pub")]).status == 0)

        let sha256sum = try Command.run("sha256sum", ["-c", "manifest-sha256.txt"], in: URL(fileURLWithPath: bundle))
        #expect(sha256sum.status == 0, "\(sha256sum.stdout)")
        let openssl = try Command.run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "signatures/examiner.pub", "-rawin",
                                                  "-in", "tagmanifest-sha256.txt", "-sigfile", "signatures/tagmanifest-sha256.txt.sig"],
                                      in: URL(fileURLWithPath: bundle))
        #expect(openssl.status == 0 && openssl.stdout.contains("Signature Verified Successfully"), "\(openssl.stderr)")
        if Oracles.available {
            let bagit = try Command.run(Oracles.path("bagit.py"), ["--validate", bundle])
            #expect(bagit.status == 0, "\(bagit.stderr)")
            let caseValidate = try Command.run(Oracles.path("case_validate"),
                                               ["--built-version", "case-1.5.0", bundle + "/data/graph/case.jsonld"])
            #expect(caseValidate.status == 0 && caseValidate.stdout.contains("Conforms: True"), "\(caseValidate.stdout)")
        }

        // The same tools reject a tampered copy, and so does verify, naming the file.
        try tamper(bundle)
        let verify = try Command.exhibit(["verify", bundle, "--json"])
        #expect(verify.status != 0)
        #expect(verify.stdout.contains("data/exhibits/EX-0003-code-drop.zip"))
        #expect(try Command.run("sha256sum", ["-c", "--quiet", "manifest-sha256.txt"], in: URL(fileURLWithPath: bundle)).status != 0)
        if Oracles.available {
            #expect(try Command.run(Oracles.path("bagit.py"), ["--validate", bundle]).status != 0)
        }
        let sig = bundle + "/tagmanifest-sha256.txt"
        try Data("tampered\n".utf8).write(to: URL(fileURLWithPath: sig), options: .atomic)
        #expect(try Command.run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "signatures/examiner.pub", "-rawin",
                                            "-in", "tagmanifest-sha256.txt", "-sigfile", "signatures/tagmanifest-sha256.txt.sig"],
                                in: URL(fileURLWithPath: bundle)).status != 0)
    }

    @Test func graphFormatsAndExportCustody() throws {
        let folder = try TemporaryFolder()
        let dispute = try sampleCase(folder)
        for format in ["jsonld", "json", "dot", "graphml"] {
            let result = try Command.exhibit(["graph", dispute, "--format", format])
            #expect(result.status == 0 && result.stdout.count > 1000, "\(format): \(result.stderr)")
        }
        #expect(try Command.exhibit(["graph", dispute, "--format", "dot"]).stdout.hasPrefix("digraph evidence {"))
        #expect(try Command.exhibit(["bundle", dispute, "--out", folder.path("b"), "--exhibits", "none"]).status == 0)
        let custody = try Command.exhibit(["custody", dispute, "--json"]).stdout
        #expect(custody.contains("\"action\" : \"export\""))
        let again = try Command.exhibit(["bundle", dispute, "--out", folder.path("b")])
        #expect(again.status != 0 && again.stderr.contains("already exists"))
        // A tar already there is refused too, and left as it was.
        try Data("an earlier export".utf8).write(to: URL(fileURLWithPath: folder.path("c.tar")))
        let overTar = try Command.exhibit(["bundle", dispute, "--out", folder.path("c"), "--tar"])
        #expect(overTar.status != 0 && overTar.stderr.contains("already exists") && overTar.stderr.contains("c.tar"))
        #expect(try String(contentsOfFile: folder.path("c.tar"), encoding: .utf8) == "an earlier export")
        #expect(!FileManager.default.fileExists(atPath: folder.path("c")))
    }
}
