import Crypto
import EvidenceKit
import ExhibitFoundation
import Foundation

/// The SHA-256 of an original taken at intake, in a read-only pass of its own beside the walk
/// that extracts it (see ``OriginalIngest``).
enum IntakeHash {
    /// Stopped by `until`, asked before each MiB read.
    struct Abandoned: Error {}

    static func sha256(path: String, identity: FileIdentity, until abandoned: () -> Bool) throws -> String {
        let source = try FileByteSource(path: path)
        guard source.identity == identity else { throw ExhibitCoreError.replaced(path: path) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            if abandoned() { throw Abandoned() }
            let count = try source.read(into: buffer)
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return Hex.encode(hasher.finalize())
    }
}
