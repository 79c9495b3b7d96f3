import CRowProducts
import Foundation

/// The cosine similarity of every row of one matrix with every row of another, computed in one
/// fixed order of additions so that the same inputs give the same bits on every machine.
///
/// Written by hand rather than handed to a BLAS: an optimized GEMM chooses its kernel, blocking
/// and thread split by CPU, so its last bits differ between machines, and a matching on ties
/// could then differ too. The products are `CRowProducts`' eight-lane sums, reduced in a fixed
/// order (an AVX2 kernel where the CPU has one, a portable one elsewhere, with the same bits),
/// fast enough for FFN layers (a 4096 × 4096 × 1536 product in about a second) and exactly
/// reproducible.
public enum RowCosines {
    /// `left.rows × right.rows` cosines, row-major: entry `(i, j)` is the cosine of left row `i`
    /// and right row `j`. A zero row has cosine 0 with everything. Both have the same columns.
    ///
    /// Bands of left rows are shared among the cores; every entry is still one sum in one fixed
    /// order, so the result does not depend on how many cores there are.
    ///
    /// With `unitRows`, both matrices' rows are already divided by their norms
    /// (``RowMatrix/normalizeRows()``, as a caller does in place to spare the copies).
    public static func matrix(_ left: RowMatrix, _ right: RowMatrix, unitRows: Bool = false) -> [Float] {
        precondition(left.columns == right.columns, "rows of different lengths have no cosine")
        guard !unitRows else { return product(left.values, right.values, left: left.rows, right: right.rows, columns: left.columns) }
        var a = left, b = right
        a.normalizeRows()
        b.normalizeRows()
        return product(a.values, b.values, left: left.rows, right: right.rows, columns: left.columns)
    }

    private static func product(_ a: [Float], _ b: [Float], left: Int, right: Int, columns: Int) -> [Float] {
        var out = [Float](repeating: 0, count: left * right)
        let band = 64
        let bands = (left + band - 1) / band
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { out in
                    let shared = Operands(a: a.baseAddress!, b: b.baseAddress!, out: out.baseAddress!, columns: columns, rightRows: right)
                    DispatchQueue.concurrentPerform(iterations: bands) { index in
                        exhibit_row_products(shared.a, shared.b, shared.out, shared.columns, index * band,
                                             min((index + 1) * band, left), shared.rightRows)
                    }
                }
            }
        }
        return out
    }

    /// The buffers of one product, each band of output rows written by one worker only.
    private struct Operands: @unchecked Sendable {
        let a: UnsafePointer<Float>
        let b: UnsafePointer<Float>
        let out: UnsafeMutablePointer<Float>
        let columns: Int
        let rightRows: Int
    }
}
