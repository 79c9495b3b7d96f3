import Foundation

/// Results produced by worker threads in any order, taken in index order.
final class OrderedResults<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var values: [Int: Value] = [:]

    func put(_ value: Value, at index: Int) {
        condition.lock()
        values[index] = value
        condition.broadcast()
        condition.unlock()
    }

    func take(_ index: Int) -> Value {
        condition.lock()
        defer { condition.unlock() }
        while values[index] == nil { condition.wait() }
        return values.removeValue(forKey: index)!
    }
}
