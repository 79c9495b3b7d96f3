import CArchive
import EvidenceKit
import Foundation

/// The state behind libarchive's read callback for a streamed archive: it fills fixed blocks
/// from the source and hands them to libarchive, and keeps the last few by offset
/// (``PassedBytes``) without copying them, so that names and the bytes after an archive's end
/// can be read again.
///
/// libarchive only needs the block of its last call; the ones before it are kept for us.
final class SourceContext: PassedBytes {
    let source: any ByteSource
    /// The error a source threw, kept to be rethrown as itself.
    private(set) var error: (any Error)?
    /// A decoder in front refused to go on (its memory): libarchive is told the stream ends
    /// there, so everything before it is read, and the refusal is reported after.
    private(set) var refusal: ArchiveExtractorError?
    /// An error that came after part of a block: delivered at the next call, after the part.
    private var deferred: (any Error)?
    private var blocks: [UnsafeMutableRawBufferPointer]
    private var starts: [Int64]
    private var lengths: [Int]
    private var next = 0
    /// Bytes handed to libarchive so far.
    private(set) var delivered: Int64 = 0

    /// Four blocks of 256 KiB: 1 MiB, what one block of 1 MiB cost before.
    init(source: any ByteSource, blockSize: Int = 256 << 10, blockCount: Int = 4) {
        self.source = source
        blocks = (0..<blockCount).map { _ in .allocate(byteCount: blockSize, alignment: 16) }
        starts = [Int64](repeating: -1, count: blockCount)
        lengths = [Int](repeating: 0, count: blockCount)
    }

    deinit {
        for block in blocks { block.deallocate() }
    }

    func fill(_ archive: OpaquePointer?, _ bufferOut: UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int {
        if error != nil { return -1 }
        if refusal != nil { return 0 }
        if let deferred {
            self.deferred = nil
            return fail(deferred, archive)
        }
        let block = blocks[next]
        var filled = 0
        while filled < block.count {
            do {
                let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: block[filled...]))
                if count == 0 { break }
                filled += count
            } catch {
                if filled == 0 { return fail(error, archive) }
                deferred = error
                break
            }
        }
        starts[next] = delivered
        lengths[next] = filled
        delivered += Int64(filled)
        next = (next + 1) % blocks.count
        bufferOut?.pointee = UnsafeRawPointer(block.baseAddress)
        return filled
    }

    /// Damage in a decoder in front becomes libarchive's own read error; a refusal ends the
    /// stream; anything else is kept.
    private func fail(_ thrown: any Error, _ archive: OpaquePointer?) -> Int {
        if let problem = thrown as? ArchiveExtractorError {
            if !problem.isDamage {
                refusal = problem
                return 0
            }
            exhibit_archive_set_error(archive, EILSEQ, problem.errorDescription ?? "\(problem)")
        } else {
            error = thrown
        }
        return -1
    }

    func bytes(at offset: Int64, count: Int) -> [UInt8] {
        var out: [UInt8] = []
        var position = offset
        while out.count < count {
            guard let index = (0..<blocks.count).first(where: {
                starts[$0] >= 0 && position >= starts[$0] && position < starts[$0] + Int64(lengths[$0])
            }) else { break }
            let from = Int(position - starts[index])
            let run = min(count - out.count, lengths[index] - from)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: blocks[index][from..<(from + run)]))
            position += Int64(run)
        }
        return out
    }

    /// The bytes from `position` on: those handed to libarchive past it, then the rest of the
    /// source. Nil when they are no longer held.
    func remainder(from position: Int64) -> (any ByteSource)? {
        guard position <= delivered else { return nil }
        let held = bytes(at: position, count: Int(delivered - position))
        guard Int64(held.count) == delivered - position else { return nil }
        let rest: any ByteSource = deferred.map { FailingSource($0) } ?? source
        return held.isEmpty ? rest : PrefixedSource(prefix: .bytes(held), rest: rest)
    }
}

/// A source whose next read throws what an earlier read of its origin threw.
private final class FailingSource: ByteSource {
    private let error: any Error

    init(_ error: any Error) {
        self.error = error
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        throw error
    }
}
