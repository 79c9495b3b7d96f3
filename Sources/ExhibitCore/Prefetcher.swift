import Foundation

/// Runs a producer on a thread of its own (``WorkerThreads``), a few batches ahead of the consumer: while SQLite
/// inserts one batch of rows, the next is decoded and given its ids on the other core.
///
/// The producer stops when the consumer throws; ``run(_:consume:)`` returns only once the
/// producer has stopped, so whatever it reads is never read by two threads at once.
final class Prefetcher<Element: Sendable>: @unchecked Sendable {
    private let batchSize: Int
    private let maxBatches: Int
    /// A batch is handed over once its elements weigh this much (bytes they hold), whatever
    /// their number: a few large elements (a series' points) do not wait for 255 more.
    private let batchWeight: Int
    private let weight: @Sendable (Element) -> Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [[Element]] = []
    private var producing = true
    private var cancelled = false
    private var failure: (any Error)?

    /// Thrown inside the producer once the consumer has given up.
    private struct Cancelled: Error {}

    init(batchSize: Int = 256, maxBatches: Int = 4, batchWeight: Int = 4 << 20,
         weight: @escaping @Sendable (Element) -> Int = { _ in 0 }) {
        self.batchSize = batchSize
        self.maxBatches = maxBatches
        self.batchWeight = batchWeight
        self.weight = weight
    }

    /// Calls `consume` for every element `produce` emits, in order. If `consume` throws,
    /// `interrupt` is called to wake a producer that is waiting for its input.
    func run(_ produce: @escaping @Sendable (_ emit: (Element) throws -> Void) throws -> Void,
             consume: (Element) throws -> Void, interrupt: () -> Void = {}) throws {
        WorkerThreads.shared.run { [self] in
            var batch: [Element] = []
            batch.reserveCapacity(batchSize)
            var weighed = 0
            var producerError: (any Error)?
            do {
                try produce { element in
                    batch.append(element)
                    weighed += self.weight(element)
                    if batch.count == self.batchSize || weighed >= self.batchWeight {
                        try self.hand(batch)
                        batch.removeAll(keepingCapacity: true)
                        weighed = 0
                    }
                }
            } catch is Cancelled {
            } catch {
                producerError = error
            }
            // What was emitted before an error still reaches the consumer, then the error.
            if !batch.isEmpty { try? hand(batch) }
            condition.withLock {
                failure = producerError
                producing = false
                condition.broadcast()
            }
        }
        do {
            while let batch = try take() {
                for element in batch { try consume(element) }
            }
        } catch {
            condition.withLock {
                cancelled = true
                condition.broadcast()
            }
            interrupt()
            condition.withLock {
                while producing { condition.wait() }
            }
            throw error
        }
    }

    private func hand(_ batch: [Element]) throws {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= maxBatches, !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        ready.append(batch)
        condition.broadcast()
    }

    /// The next batch, or `nil` once the producer is done.
    private func take() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty, producing { condition.wait() }
        if !ready.isEmpty {
            let batch = ready.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }
}
