import Crypto
import EvidenceKit
import Foundation

/// The SHA-256 of an original taken at intake, in a read-only pass of its own, before (and
/// beside) the walk that extracts it: it names the original — and so every id below it — at
/// once, so that rows can be written while the walk goes on, and a duplicate is refused without
/// being extracted. The walk hashes the bytes it reads as well, and the two must agree.
enum IntakeHash {
    static func sha256(path: String) throws -> String {
        let source = try FileByteSource(path: path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            let count = try source.read(into: buffer)
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return Hex.encode(hasher.finalize())
    }
}
