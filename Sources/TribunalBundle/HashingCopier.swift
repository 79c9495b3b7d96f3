import BundleVerification
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
        let digest = DualDigest()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try input.read(into: buffer)
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            digest.update(chunk)
            do {
                try output.write(contentsOf: Data(chunk))
            } catch {
                throw TribunalBundleError.write(path: destination, error)
            }
        }
        return digest.finalize(path: bagPath)
    }
}
