import Foundation
import Testing
@testable import EvidenceKit

@Suite struct AcceptanceTests {
    @Test(arguments: [
        ("*.tar.gz", "release-v2.tar.gz", true), ("*.tar", "release.tar", true), ("*.tar", "release.tar.gz", false),
        ("config?.json", "config1.json", true), ("config?.json", "config.json", false), ("*", "", true),
        ("*a*b*c", "xaybzc", true), ("*a*b*c", "xaybz", false),
    ])
    func globMatchesShellSemantics(pattern: String, name: String, expected: Bool) {
        #expect(GlobPattern(pattern).matches(name) == expected)
    }

    @Test func globIsLinearOnPathologicalInput() {
        // A backtracking matcher takes exponential time here; this one answers at once.
        let name = String(repeating: "a", count: 5_000)
        #expect(!GlobPattern(String(repeating: "*a", count: 40) + "b").matches(name))
    }

    @Test func signatureMatchesAtOffsetAndNotBeyondTheHead() {
        let ustar = MagicSignature("ustar", at: 257, bytes: Array("ustar".utf8))
        var head = Data(count: 512)
        head.replaceSubrange(257..<262, with: Array("ustar".utf8))
        #expect(ustar.matches(head))
        #expect(!ustar.matches(head.prefix(260)))
        #expect(!ustar.matches(Data(count: 512)))
    }

    @Test func namesMatchWithoutRegardToCase() {
        let acceptance = Acceptance(namePatterns: ["*.TAR"])
        #expect(acceptance.matchesName("Release.tar"))
        #expect(acceptance.accepts(head: Data(), name: "x.tar"))
        #expect(!acceptance.accepts(head: Data(), name: "x.zip"))
    }
}
