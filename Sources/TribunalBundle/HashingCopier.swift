import Crypto
import EvidenceKit
import Foundation

/// Copies an original into the bag as a stream, computing SHA-256 and SHA-512 of exactly the
/// bytes written. The source is opened read-only.
enum HashingCopier {
    static func copy(from source: String, to destination: String, bagPath: String) throws -> BagFile {
        let input = try FileByteSource(path: source)
        guard FileManager.default.createFile(atPath: destination, contents: nil) else {
            throw TribunalBundleError.write(path: destination, reason: "cannot create the file")
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: destination))
        defer { try? output.close() }
        var sha256 = SHA256()
        var sha512 = SHA512()
        var size: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try input.read(into: buffer)
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            sha256.update(bufferPointer: chunk)
            sha512.update(bufferPointer: chunk)
            try output.write(contentsOf: Data(chunk))
            size += Int64(count)
        }
        return BagFile(path: bagPath, size: size, sha256: BagFile.hex(sha256.finalize()),
                       sha512: BagFile.hex(sha512.finalize()))
    }
}
