/// The assignment of rows to columns of a square matrix that maximizes the summed weight: the
/// linear assignment problem, solved exactly by shortest augmenting paths (Jonker and Volgenant's
/// scheme, in the form Crouse (2016) describes, which SciPy's `linear_sum_assignment` also uses).
///
/// Written here because no Swift package on the machine solves it. Cost O(n³) in the worst case,
/// far less on the near-diagonal matrices a derived model gives. Ties are broken by one fixed
/// rule (an unassigned column first, then scan order), so the same matrix always gives the same
/// assignment.
public enum LinearAssignment {
    /// For an `n × n` row-major `weights`, the column assigned to each row (a permutation of
    /// `0..<n`) maximizing the total weight. Non-finite weights are treated as the lowest weight.
    ///
    /// The costs minimized are the negated weights in double precision, each widened as it is
    /// read: no second matrix is made (for 4096 units, 128 MiB saved).
    public static func maximizing(_ weights: [Float], size n: Int) -> [Int] {
        precondition(weights.count == n * n, "a square matrix of n × n weights")
        guard n > 0 else { return [] }
        let finite = weights.lazy.filter(\.isFinite)
        let floor = Double(finite.min() ?? 0) - 1
        return weights.withUnsafeBufferPointer { minimizingNegated($0, floor: floor, size: n) }
    }

    /// For an `n × n` row-major `weights`, the column assigned to each row minimizing the total
    /// cost `-weight` (`-floor` for a weight that is not finite).
    private static func minimizingNegated(_ weights: UnsafeBufferPointer<Float>, floor: Double, size n: Int) -> [Int] {
        var rowPotential = [Double](repeating: 0, count: n)
        var columnPotential = [Double](repeating: 0, count: n)
        var columnOfRow = [Int](repeating: -1, count: n)
        var rowOfColumn = [Int](repeating: -1, count: n)
        var shortest = [Double](repeating: .infinity, count: n)
        var previousRow = [Int](repeating: -1, count: n)
        var rowVisited = [Bool](repeating: false, count: n)
        var columnVisited = [Bool](repeating: false, count: n)
        var remaining = [Int](repeating: 0, count: n)

        for startRow in 0..<n {
            for j in 0..<n {
                shortest[j] = .infinity
                previousRow[j] = -1
                columnVisited[j] = false
                remaining[j] = n - 1 - j
            }
            for i in 0..<n { rowVisited[i] = false }
            var unvisited = n
            var pathLength = 0.0
            var row = startRow
            var sink = -1
            while sink < 0 {
                rowVisited[row] = true
                var lowest = Double.infinity
                var lowestAt = -1
                let base = row * n
                let reduced = pathLength - rowPotential[row]
                for position in 0..<unvisited {
                    let column = remaining[position]
                    let weight = weights[base + column]
                    let distance = reduced - (weight.isFinite ? Double(weight) : floor) - columnPotential[column]
                    if distance < shortest[column] {
                        previousRow[column] = row
                        shortest[column] = distance
                    }
                    let candidate = shortest[column]
                    if candidate < lowest || (candidate == lowest && rowOfColumn[column] < 0) {
                        lowest = candidate
                        lowestAt = position
                    }
                }
                pathLength = lowest
                let column = remaining[lowestAt]
                if rowOfColumn[column] < 0 { sink = column } else { row = rowOfColumn[column] }
                columnVisited[column] = true
                unvisited -= 1
                remaining[lowestAt] = remaining[unvisited]
            }
            rowPotential[startRow] += pathLength
            for i in 0..<n where rowVisited[i] && i != startRow {
                rowPotential[i] += pathLength - shortest[columnOfRow[i]]
            }
            for j in 0..<n where columnVisited[j] {
                columnPotential[j] -= pathLength - shortest[j]
            }
            var column = sink
            while true {
                let row = previousRow[column]
                rowOfColumn[column] = row
                swap(&columnOfRow[row], &column)
                if row == startRow { break }
            }
        }
        return columnOfRow
    }
}
