import EvidenceFormats
import EvidenceKit
import Foundation

/// Reads the content forward once and hands each tensor the bytes of its span as they pass:
/// hashed and decoded in flat memory, whatever the file's size. Spans may overlap (views of one
/// storage, or a hostile header); every byte goes to every span that holds it.
struct SpanStreamer {
    /// A tensor's bytes: `[start, end)` in the artifact.
    struct Span {
        let record: Int
        let start: Int64
        let end: Int64
        let encoding: TensorEncoding
        /// Whether its values are decoded for statistics (not for a strided view, or raw records).
        var decode = true
    }

    /// What became of one span.
    struct Outcome {
        let record: Int
        /// SHA-256 and statistics, when the span was read whole.
        let sha256: String?
        let statistics: RunningStatistics.Summary?
        /// Bytes of the span read.
        let bytesRead: Int64
    }

    let statistics: Bool
    let limits: ExtractionLimits

    /// Streams `spans` (any order) from `reader`, calling `finished` for each as soon as its last
    /// byte has passed (or the content ended first); returns when every span is done, with the
    /// reader after the last span's end, or at the end of the content.
    func stream(_ spans: [Span], from reader: ForwardReader, finished: (Outcome) -> Void) throws {
        let ordered = spans.sorted { ($0.start, $0.end, $0.record) < ($1.start, $1.end, $1.record) }
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ValueDecoder.scratchCapacity)
        defer { scratch.deallocate() }
        let savedPull = reader.pullSize
        reader.pullSize = ForwardReader.capacity
        defer { reader.pullSize = savedPull }

        var next = 0
        var active: [(span: Span, digest: TensorDigest)] = []
        var chunks = 0
        func finish(_ span: Span, _ digest: TensorDigest?) {
            let whole = digest.map { $0.bytes == span.end - span.start } ?? false
            let result = whole ? digest!.finish() : nil
            finished(Outcome(record: span.record, sha256: result?.sha256, statistics: result?.statistics,
                             bytesRead: digest?.bytes ?? 0))
        }
        reading: while next < ordered.count || !active.isEmpty {
            chunks += 1
            if chunks % 1024 == 0 { try limits.checkDeadline() }
            if active.isEmpty {
                let target = ordered[next].start
                if target > reader.offset {
                    let gap = target - reader.offset
                    if try reader.skip(gap) < gap { break reading }
                }
            }
            while next < ordered.count, ordered[next].start <= reader.offset {
                let span = ordered[next]
                next += 1
                if span.start < reader.offset {
                    // Only reachable for a span that starts before the first byte read.
                    finish(span, nil)
                } else if span.end <= span.start {
                    let digest = TensorDigest(span.encoding, statistics: statistics && span.decode)
                    finish(span, digest)
                } else {
                    active.append((span, TensorDigest(span.encoding, statistics: statistics && span.decode)))
                }
            }
            guard !active.isEmpty else { continue }
            // The chunk stops at the next boundary, so every active span holds all of it.
            var limit = active.map { $0.span.end }.min()! - reader.offset
            if next < ordered.count { limit = min(limit, ordered[next].start - reader.offset) }
            let chunk = try reader.peekChunk(limit: Int(min(limit, Int64(ForwardReader.capacity))))
            if chunk.isEmpty { break reading }
            for entry in active { entry.digest.feed(chunk, scratch: scratch) }
            reader.consume(chunk.count)
            active.removeAll { entry in
                guard entry.span.end <= reader.offset else { return false }
                finish(entry.span, entry.digest)
                return true
            }
        }
        for entry in active { finish(entry.span, entry.digest) }
        while next < ordered.count {
            finish(ordered[next], nil)
            next += 1
        }
    }
}
