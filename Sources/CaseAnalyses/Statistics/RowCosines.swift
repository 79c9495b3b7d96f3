import Foundation

/// The cosine similarity of every row of one matrix with every row of another, computed in one
/// fixed order of additions so that the same inputs give the same bits on every machine.
///
/// Written by hand rather than handed to a BLAS: an optimized GEMM chooses its kernel, blocking
/// and thread split by CPU, so its last bits differ between machines, and a matching on ties
/// could then differ too. Eight-lane SIMD sums, reduced in a fixed order, keep it fast enough
/// for FFN layers (a 4096 × 4096 × 1536 product in seconds) and exactly reproducible.
public enum RowCosines {
    /// `left.rows × right.rows` cosines, row-major: entry `(i, j)` is the cosine of left row `i`
    /// and right row `j`. A zero row has cosine 0 with everything. Both have the same columns.
    ///
    /// Bands of left rows are shared among the cores; every entry is still one sum in one fixed
    /// order, so the result does not depend on how many cores there are.
    public static func matrix(_ left: RowMatrix, _ right: RowMatrix) -> [Float] {
        precondition(left.columns == right.columns, "rows of different lengths have no cosine")
        let a = normalized(left), b = normalized(right)
        var out = [Float](repeating: 0, count: left.rows * right.rows)
        let band = 64
        let bands = (left.rows + band - 1) / band
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { out in
                    let shared = Operands(a: a.baseAddress!, b: b.baseAddress!, out: out.baseAddress!, columns: left.columns,
                                          leftRows: left.rows, rightRows: right.rows)
                    DispatchQueue.concurrentPerform(iterations: bands) { index in
                        shared.fill(rows: (index * band)..<min((index + 1) * band, left.rows))
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
        let leftRows: Int
        let rightRows: Int

        /// Output rows `rows`: four left rows at a time against each right row (a quarter of the
        /// memory traffic), the rows left over one by one, each sum in `dot`'s order.
        func fill(rows: Range<Int>) {
            var i = rows.lowerBound
            while i + 4 <= rows.upperBound {
                let base = a + i * columns
                for j in 0..<rightRows {
                    let sums = RowCosines.dot4(base, columns, b + j * columns)
                    for lane in 0..<4 { out[(i + lane) * rightRows + j] = sums[lane] }
                }
                i += 4
            }
            while i < rows.upperBound {
                for j in 0..<rightRows { out[i * rightRows + j] = RowCosines.dot(a + i * columns, b + j * columns, columns) }
                i += 1
            }
        }
    }

    /// The dot product of two rows: eight lanes summed in order, the lanes reduced in order, the
    /// tail added last.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: 0)
        let whole = count / 8 * 8
        var k = 0
        let rawX = UnsafeRawPointer(x), rawY = UnsafeRawPointer(y)
        while k < whole {
            let u = rawX.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
            let v = rawY.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
            lanes = lanes + u * v
            k += 8
        }
        var sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
        while k < count {
            sum += x[k] * y[k]
            k += 1
        }
        return sum
    }

    /// Four consecutive rows starting at `x` (each `count` long) dotted with `y`, every sum in
    /// exactly the order ``dot(_:_:_:)`` uses.
    @inline(__always)
    static func dot4(_ x: UnsafePointer<Float>, _ count: Int, _ y: UnsafePointer<Float>) -> SIMD4<Float> {
        var l0 = SIMD8<Float>(repeating: 0), l1 = l0, l2 = l0, l3 = l0
        let whole = count / 8 * 8
        let rawX = UnsafeRawPointer(x), rawY = UnsafeRawPointer(y)
        let stride = count * 4
        var k = 0
        while k < whole {
            let v = rawY.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
            l0 = l0 + rawX.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self) * v
            l1 = l1 + rawX.loadUnaligned(fromByteOffset: stride + k * 4, as: SIMD8<Float>.self) * v
            l2 = l2 + rawX.loadUnaligned(fromByteOffset: 2 * stride + k * 4, as: SIMD8<Float>.self) * v
            l3 = l3 + rawX.loadUnaligned(fromByteOffset: 3 * stride + k * 4, as: SIMD8<Float>.self) * v
            k += 8
        }
        func reduce(_ lanes: SIMD8<Float>, _ row: Int) -> Float {
            var sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
            for tail in whole..<count { sum += x[row * count + tail] * y[tail] }
            return sum
        }
        return SIMD4(reduce(l0, 0), reduce(l1, 1), reduce(l2, 2), reduce(l3, 3))
    }

    /// Each row divided by its Euclidean norm (summed in double precision, in order).
    static func normalized(_ matrix: RowMatrix) -> [Float] {
        var values = matrix.values
        for i in 0..<matrix.rows {
            var squares = 0.0
            for k in 0..<matrix.columns {
                let value = Double(values[i * matrix.columns + k])
                squares += value * value
            }
            let scale: Float = squares > 0 && squares.isFinite ? Float(1 / squares.squareRoot()) : 0
            for k in 0..<matrix.columns { values[i * matrix.columns + k] *= scale }
        }
        return values
    }
}
