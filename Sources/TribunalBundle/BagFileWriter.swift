import BundleVerification
import Foundation

/// Writes one file of the bag as a stream, hashing exactly the bytes written (SHA-256 and
/// SHA-512, for the two manifests).
final class BagFileWriter {
    /// Where the bytes go.
    let stream: ExportStream
    private let bagPath: String
    private let digest = DualDigest()
    private let handle: FileHandle
    private let path: String

    /// Creates `folder/bagPath`, which must not exist.
    init(folder: String, bagPath: String) throws {
        path = folder + "/" + bagPath
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw TribunalBundleError.write(path: path, reason: "cannot create the file")
        }
        self.handle = handle
        self.bagPath = bagPath
        let digest = digest
        let path = path
        stream = ExportStream { block in
            digest.update(block)
            do {
                try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: block.baseAddress!),
                                                  count: block.count, deallocator: .none))
            } catch {
                throw TribunalBundleError.write(path: path, error)
            }
        }
    }

    /// Writes a whole file made by `body`, and returns its manifest entry.
    static func write(folder: String, bagPath: String, _ body: (ExportStream) throws -> Void) throws -> BagFile {
        let writer = try BagFileWriter(folder: folder, bagPath: bagPath)
        try body(writer.stream)
        return try writer.finish()
    }

    deinit {
        try? handle.close()
    }

    /// Writes what is buffered; the file's size and digests. The file is closed with the writer.
    func finish() throws -> BagFile {
        try stream.finish()
        return digest.finalize(path: bagPath)
    }
}
