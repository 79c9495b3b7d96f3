import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ExhibitCore

/// Small content is kept for the stager to hash; anything else is hashed as it is read. Either
/// way the SHA-256 must be the one `sha256sum` gives for the same bytes.
@Suite struct MeteredStreamTests {
    /// A source that hands out its bytes in pieces of awkward sizes.
    private final class ChoppySource: ByteSource {
        private let bytes: [UInt8]
        private var offset = 0
        private var piece = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            piece += 1
            let count = min(buffer.count, bytes.count - offset, [1, 7, 4096, 333][piece % 4])
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.withUnsafeBytes { $0 }[offset..<(offset + count)]))
            offset += count
            return count
        }
    }

    private func content(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    }

    /// Reads `bytes` through a stream that keeps up to `keepUpTo` of them.
    private func meter(_ bytes: [UInt8], keepUpTo: Int) throws -> (digest: MeteredStream.Digest, bytesRead: Int64) {
        let stream = MeteredStream(ChoppySource(bytes), byteLimit: nil, keepUpTo: keepUpTo) { _ in }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 16)
        defer { buffer.deallocate() }
        while try stream.read(into: buffer) > 0 {}
        return (stream.digest(), stream.bytesRead)
    }

    private func sha256sum(_ bytes: [UInt8]) throws -> String {
        let folder = try TemporaryFolder()
        try Data(bytes).write(to: folder.url.appendingPathComponent("content"))
        let result = try Command.run("/usr/bin/sha256sum", [folder.path("content")])
        return String(result.stdout.prefix(64))
    }

    @Test(arguments: [0, 1, 8191, 8192])
    func smallContentIsKeptWhole(count: Int) throws {
        let bytes = content(count)
        let (digest, bytesRead) = try meter(bytes, keepUpTo: 8192)
        guard case .content(let kept) = digest else {
            Issue.record("expected the content to be kept, got \(digest)")
            return
        }
        #expect(kept == bytes)
        #expect(bytesRead == Int64(count))
    }

    /// A member that declared itself small but is not: what was kept is hashed first, then the
    /// rest; and with nothing kept, everything is hashed as it is read.
    @Test(arguments: [(8193, 8192), (100_000, 8192), (300_000, 0)])
    func largerContentIsHashedInOrder(count: Int, keepUpTo: Int) throws {
        let bytes = content(count)
        let (digest, _) = try meter(bytes, keepUpTo: keepUpTo)
        guard case .hex(let hex) = digest else {
            Issue.record("expected a digest, got the content kept")
            return
        }
        #expect(hex == (try sha256sum(bytes)))
    }
}
