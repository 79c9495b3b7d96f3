/// A dense matrix of `Float`, row-major: the rows of a weight tensor (one hidden unit per row of
/// an FFN up-projection) as a comparison reads them back.
public struct RowMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// `rows × columns` values, row after row.
    public var values: [Float]

    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(rows >= 0 && columns >= 0 && values.count == rows * columns, "values do not fill the matrix")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Row `index` as a slice.
    public func row(_ index: Int) -> ArraySlice<Float> {
        values[(index * columns)..<((index + 1) * columns)]
    }

    /// Divides each row by its Euclidean norm (summed in double precision, in order), in place;
    /// a row that is zero, holds a non-finite value, or is too small to scale (subnormal)
    /// becomes zeros, whose cosine with anything is 0. What cosines are taken on.
    public mutating func normalizeRows() {
        let columns = self.columns
        values.withUnsafeMutableBufferPointer { values in
            for row in 0..<rows {
                var squares = 0.0
                for k in 0..<columns {
                    let value = Double(values[row * columns + k])
                    squares += value * value
                }
                let scale = Float(1 / squares.squareRoot())
                if squares > 0, squares.isFinite, scale.isFinite {
                    for k in 0..<columns { values[row * columns + k] *= scale }
                } else {
                    // Zero, non-finite, or so small its inverse norm overflows: no direction to compare.
                    for k in 0..<columns { values[row * columns + k] = 0 }
                }
            }
        }
    }

    /// The matrix with its rows in `order` (row `i` of the result is row `order[i]`).
    public func reordered(_ order: [Int]) -> RowMatrix {
        precondition(order.count == rows, "an order names every row once")
        var values: [Float] = []
        values.reserveCapacity(self.values.count)
        for index in order { values.append(contentsOf: row(index)) }
        return RowMatrix(rows: rows, columns: columns, values: values)
    }
}
