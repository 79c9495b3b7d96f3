/// Rows of a matrix of `Float`s, one at a time: a matrix in memory (``RowMatrix``) or a tensor
/// read back row by row from its file (`TensorRows`), so a measure over paired rows holds two
/// rows, not two matrices.
protocol RowSource {
    var rows: Int { get }
    var columns: Int { get }
    /// Calls `body` with row `index`'s `columns` values, valid only during the call.
    func withRow<Result>(_ index: Int, _ body: (UnsafeBufferPointer<Float>) throws -> Result) throws -> Result
}

extension RowMatrix: RowSource {
    func withRow<Result>(_ index: Int, _ body: (UnsafeBufferPointer<Float>) throws -> Result) throws -> Result {
        try values.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[(index * columns)..<((index + 1) * columns)]))
        }
    }
}
