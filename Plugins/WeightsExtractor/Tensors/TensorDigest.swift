import Crypto
import EvidenceFormats
import Foundation

/// One tensor's bytes as they stream past: their SHA-256, their count, and the statistics of the
/// values they decode to.
final class TensorDigest {
    private var hash = SHA256()
    private var decoder: ValueDecoder?
    private var statistics = RunningStatistics()
    /// Bytes fed so far.
    private(set) var bytes: Int64 = 0

    /// A digest; statistics are computed when `encoding` is decoded and `statistics` is true.
    init(_ encoding: TensorEncoding, statistics: Bool) {
        decoder = statistics ? ValueDecoder(encoding) : nil
    }

    func feed(_ chunk: UnsafeRawBufferPointer, scratch: UnsafeMutablePointer<Double>) {
        guard !chunk.isEmpty else { return }
        hash.update(bufferPointer: chunk)
        decoder?.feed(chunk, scratch: scratch) { statistics.add($0, count: $1) }
        bytes += Int64(chunk.count)
    }

    /// The SHA-256 (lowercase hex) of the bytes fed, and their statistics when computed.
    func finish() -> (sha256: String, statistics: RunningStatistics.Summary?) {
        let digest = hash.hexDigest()
        return (digest, decoder == nil ? nil : statistics.summary())
    }
}
