import Crypto
import EvidenceKit
import Foundation

/// The custody log of a bundle (`data/custody/custody.jsonl`) as a hash chain, recomputed as a
/// reader without Exhibit would: each line's SHA-256 (the line's bytes, without its newline)
/// must be what the next line names as `previous_sha256`, the first naming 64 zeros, and the
/// sequence numbers must follow one another. Read as a stream, a line at a time.
///
/// A bundle made before the chain (its lines have no `previous_sha256`) has nothing to check.
enum CustodyChainCheck {
    /// `line N: what is wrong`, in line order; empty when the chain holds.
    static func failures(_ source: any ByteSource) throws -> [String] {
        var failures: [String] = []
        var previous = String(repeating: "0", count: 64)
        var sequence: Int64 = 0
        var number = 0
        var chained: Bool?
        try forEachLine(source) { line in
            number += 1
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                return failures.append("line \(number): not a JSON object")
            }
            let names = object["previous_sha256"] as? String
            if chained == nil { chained = names != nil }
            guard chained == true else { return }
            if names != previous {
                failures.append("line \(number): names \(names ?? "nothing") as the entry before it; the line before hashes to \(previous)")
            }
            let current = (object["sequence"] as? NSNumber)?.int64Value ?? -1
            if current != sequence + 1 {
                failures.append("line \(number): sequence \(current) follows \(sequence)")
            }
            sequence = current
            previous = SHA256.hash(data: line).map { String(format: "%02x", $0) }.joined()
        }
        return failures
    }

    /// Calls `body` with each line, without its newline.
    private static func forEachLine(_ source: any ByteSource, _ body: ([UInt8]) throws -> Void) throws {
        var line: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            for byte in buffer[0..<count] {
                if byte == 0x0A {
                    try body(line)
                    line.removeAll(keepingCapacity: true)
                } else {
                    line.append(byte)
                }
            }
        }
        if !line.isEmpty { try body(line) }
    }
}
