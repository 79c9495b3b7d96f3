import Crypto
import EvidenceKit
import Foundation
import Testing
@testable import BundleVerification

/// The custody log of a bundle, recomputed as a reader without Exhibit would, with nothing but
/// SHA-256 of each line.
@Suite struct CustodyChainCheckTests {
    /// A log of `count` entries, each line naming the SHA-256 of the line before it.
    private func log(_ count: Int) -> [String] {
        var previous = String(repeating: "0", count: 64)
        return (1...count).map { sequence in
            let line = #"{"action":"a\#(sequence)","previous_sha256":"\#(previous)","sequence":\#(sequence)}"#
            previous = SHA256.hash(data: Data(line.utf8)).map { String(format: "%02x", $0) }.joined()
            return line
        }
    }

    private func failures(_ lines: [String]) throws -> [String] {
        try CustodyChainCheck.failures(DataByteSource(Data((lines.joined(separator: "\n") + "\n").utf8)))
    }

    @Test func anIntactLogChecks() throws {
        #expect(try failures(log(5)).isEmpty)
    }

    @Test func anEditedLineIsNamedByTheLineAfterIt() throws {
        var lines = log(5)
        lines[2] = lines[2].replacingOccurrences(of: "a3", with: "b3")
        #expect(try failures(lines) == [try #require(try failures(lines).first)])
        #expect(try failures(lines).first?.hasPrefix("line 4: names ") == true)
    }

    @Test func aRemovedOrReorderedLineIsNamed() throws {
        var lines = log(5)
        lines.remove(at: 1)
        #expect(try failures(lines).contains { $0.hasPrefix("line 2:") && $0.contains("sequence 3 follows 1") })
        lines = log(5)
        lines.swapAt(1, 2)
        #expect(!(try failures(lines)).isEmpty)
    }

    @Test func aLogMadeBeforeTheChainHasNothingToCheckButMustBeJSON() throws {
        #expect(try failures([#"{"action":"acquire","sequence":1}"#, #"{"action":"extract","sequence":2}"#]).isEmpty)
        #expect(try failures(["not json"]) == ["line 1: not a JSON object"])
    }
}
