import Crypto
import ExhibitTestSupport
import Foundation
import Testing
@testable import BundleVerification
@testable import TribunalBundle

@Suite struct BundlePartsTests {
    @Test(arguments: [
        ("EX-0001", "release v2.tar.gz", "EX-0001-release_v2.tar.gz"),
        ("EX-0002", "résumé%0Aevil\r\n.zip", "EX-0002-r_sum__0Aevil__.zip"),
        ("EX-0003", "..", "EX-0003-original"),
    ])
    func payloadNamesHoldNothingValidatorsDisagreeOn(_ exhibit: String, _ name: String, _ expected: String) {
        #expect(PayloadName.make(exhibit: exhibit, name: name) == expected)
    }

    @Test func keysArePEMThatOpenSSLReads() throws {
        let folder = try TemporaryFolder()
        let key = try SigningKey.generate(at: folder.path("examiner.key"))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path("examiner.key"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try SigningKey.load(from: folder.path("examiner.key")).keyID == key.keyID)
        let openssl = try Command.run("openssl", ["pkey", "-in", folder.path("examiner.key"), "-pubout"])
        #expect(openssl.status == 0, "\(openssl.stderr)")
        #expect(openssl.stdout == key.publicKeyPEM)
        #expect(throws: BundleVerificationError.self) { try SigningKey.generate(at: folder.path("examiner.key")) }
    }

    /// The envelope written by hand is the one Foundation writes (bundles of earlier versions
    /// still verify byte for byte).
    @Test func dsseEnvelopesAreFoundationsJSON() {
        let payload = Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let signature = Data((0..<64).map { UInt8($0) })
        let foundation = BundleJSON.data([
            "payload": payload.base64EncodedString(), "payloadType": DSSE.payloadType,
            "signatures": [["keyid": "4469a", "sig": signature.base64EncodedString()]],
        ] as [String: Any])
        #expect(DSSE.envelope(payload: payload, keyID: "4469a", signature: signature) == foundation)
    }

    /// An analysis parameter may be a bare number or string; writing one must not trap.
    @Test func bundleJSONWritesBareValues() {
        #expect(String(decoding: BundleJSON.data(0.5, pretty: false), as: UTF8.self) == "0.5\n")
        #expect(String(decoding: BundleJSON.data("a/b", pretty: false), as: UTF8.self) == "\"a/b\"\n")
    }

    @Test func dssePreAuthenticationEncodingFollowsTheSpec() {
        let pae = DSSE.preAuthenticationEncoding(payload: Data("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 28 application/vnd.in-toto+json 11 hello world")
    }

    @Test func manifestsAreSortedTwoSpaceLines() {
        let files = [BagFile(path: "data/b", data: Data("b".utf8)), BagFile(path: "data/a", data: Data())]
        let text = String(decoding: BagFile.manifest(files, algorithm: .sha256), as: UTF8.self)
        #expect(text == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  data/a\n"
                + "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  data/b\n")
    }

    /// Cells a spreadsheet would run as formulas open as text (OWASP): a `'` before them, quoted.
    @Test func csvCellsAreNeverFormulas() {
        let text = TabularExport.row(["=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)",
                                      "\tx", "\ry", "a;=1+1", "plain-text", "3 = 3"])
        #expect(text == "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",\"'+cmd|' /C calc'!A0\",\"'-2+3\",\"'@SUM(1)\","
                + "\"'\tx\",\"'\ry\",\"a;=1+1\",plain-text,3 = 3\r\n")
    }

    @Test func csvQuotesWhatNeedsQuoting() {
        let text = TabularExport.row(["a", "b,c", "say \"hi\"", "line\nbreak", "crlf\r\nbreak"])
        #expect(text == "a,\"b,c\",\"say \"\"hi\"\"\",\"line\nbreak\",\"crlf\r\nbreak\"\r\n")
    }

    /// A full disk in words, with the file: Foundation's own error printed as
    /// `NSCocoaErrorDomain Code=640`.
    @Test func aFullDiskIsSaidInWords() throws {
        let handle = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data(count: 16))
            Issue.record("a write to /dev/full succeeded")
        } catch {
            let failure = TribunalBundleError.write(path: "bundle/data/graph/graph.json", error)
            #expect(failure.errorDescription == "cannot write: No space left on device (bundle/data/graph/graph.json)")
        }
    }

    /// A statement signed correctly but not JSON is a failure that says why, not "found none".
    @Test func anUnreadableStatementSaysWhy() throws {
        let key = Curve25519.Signing.PrivateKey()
        let manifest = Data("a  b\n".utf8)
        let payload = Data("{\"subject\": [{\"digest\": {\"sha256\": tru".utf8)
        let signature = try key.signature(for: DSSE.preAuthenticationEncoding(payload: payload))
        let envelope = DSSE.envelope(payload: payload, keyID: "k", signature: signature)
        let problems = BundleSignature.verify(tagManifest: manifest, rawSignature: try key.signature(for: manifest),
                                              envelope: envelope, key: key.publicKey)
        #expect(problems.contains { $0.problem.hasPrefix("statement unreadable:") }, "\(problems)")
    }
}
