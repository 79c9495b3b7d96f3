import Crypto
import EvidenceKit
import ExhibitFoundation
import Foundation

/// A file of the bag read again for a check, whose bytes must be the ones the manifests were
/// checked against: it hashes what it reads and, at the end, throws if the SHA-256 differs from
/// the inventory's (a file changed between the two reads), so a check never passes on bytes
/// other than those verified.
final class CheckedFileSource: ByteSource {
    private let source: any ByteSource
    private let expected: String
    private let file: String
    private var hash = SHA256()

    init(_ source: any ByteSource, expectedSHA256: String, file: String) {
        self.source = source
        expected = expectedSHA256
        self.file = file
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try source.read(into: buffer)
        guard count > 0 else {
            let found = Hex.encode(hash.finalize())
            guard found == expected else {
                throw BundleVerificationError.notABundle(path: file, reason: "changed while it was being verified")
            }
            return 0
        }
        hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        return count
    }
}
