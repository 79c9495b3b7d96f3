import EvidenceFormats
import EvidenceKit

/// A 2-D tensor's rows read back one at a time from the file it was found in (`pread` at the
/// row's offset, decoded as ``TensorReadBack`` decodes whole tensors), so a comparison of two
/// large embeddings holds a row of each, not both matrices. Made by ``TensorReadBack/rows(_:)``,
/// which checks the tensor's digest first; a caller checks it again once it has read the rows
/// it uses (``checkUnchanged()``), so rows read over minutes are the bytes hashed at intake.
final class TensorRows: RowSource {
    let rows: Int
    let columns: Int
    /// The widest row read (values): a row is decoded into a buffer of this many floats.
    static let maxColumns = 1 << 20

    private let tensor: StoredTensor
    private let stored: TensorReadBack.Located
    private let rowBytes: Int
    private let scale: Float
    private let zeroPoint: Float
    private let bytes: UnsafeMutableRawBufferPointer
    private let values: UnsafeMutableBufferPointer<Float>
    private let scratch: UnsafeMutablePointer<Double>
    private var lent = false

    init(_ tensor: StoredTensor, _ stored: TensorReadBack.Located, rows: Int, columns: Int) throws {
        let refusal = { (reason: String) in TensorReadBack.Refusal.unreadable(tensor.name, reason: reason) }
        guard columns <= Self.maxColumns else { throw refusal("its rows are wider than \(Self.maxColumns) values") }
        guard let layout = stored.decoder.encoding.layout else { throw refusal("its encoding has no fixed layout") }
        guard columns % layout.elements == 0 else {
            throw refusal("a row of \(columns) values is not whole blocks of \(layout.elements)")
        }
        let rowBytes = columns / layout.elements * layout.bytes
        guard Int64(rows).multipliedReportingOverflow(by: Int64(rowBytes)) == (stored.length, false) else {
            throw refusal("\(stored.length) bytes for \(rows) rows of \(rowBytes)")
        }
        self.rows = rows
        self.columns = columns
        self.rowBytes = rowBytes
        self.stored = stored
        self.tensor = tensor
        scale = Float(tensor.scale ?? 1)
        zeroPoint = Float(tensor.zeroPoint ?? 0)
        bytes = .allocate(byteCount: rowBytes, alignment: 16)
        values = .allocate(capacity: columns)
        scratch = .allocate(capacity: ValueDecoder.scratchCapacity)
    }

    deinit {
        bytes.deallocate()
        values.deallocate()
        scratch.deallocate()
    }

    /// Hashes the tensor's bytes again and checks them against the digest taken at intake.
    func checkUnchanged() throws {
        try TensorReadBack.checkDigest(tensor, stored) { _ in }
    }

    /// One row at a time: the row's buffer is reused, so `body` must not ask this object for another.
    func withRow<Result>(_ index: Int, _ body: (UnsafeBufferPointer<Float>) throws -> Result) throws -> Result {
        precondition(index >= 0 && index < rows, "row \(index) of \(rows)")
        precondition(!lent, "a row of \(tensor.name) was asked for while another was lent")
        lent = true
        defer { lent = false }
        var done = 0
        while done < rowBytes {
            let count = try stored.file.read(at: stored.offset + Int64(index) * Int64(rowBytes) + Int64(done),
                                             into: UnsafeMutableRawBufferPointer(rebasing: bytes[done...]))
            guard count > 0 else { throw TensorReadBack.Refusal.unreadable(tensor.name, reason: "\(stored.place) ends inside row \(index)") }
            done += count
        }
        var decoder = stored.decoder
        var filled = 0
        let (values, scale, zeroPoint) = (values, scale, zeroPoint)
        decoder.feed(UnsafeRawBufferPointer(bytes), scratch: scratch) { batch, count in
            for index in 0..<count { values[filled + index] = scale * (Float(batch[index]) - zeroPoint) }
            filled += count
        }
        return try body(UnsafeBufferPointer(values))
    }
}
