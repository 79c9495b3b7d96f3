import Foundation

/// Threads kept for the next piece of work, each with a large stack.
///
/// `exhibit add` of a folder walks each file on a thread of its own and decodes its rows on
/// another; creating two threads per file (each a 16 MiB stack mapped, with its guard page) was
/// 11% of adding 10,000 small files. Dispatch's threads would not do: a walk needs the deep stack
/// (archives nested thousands deep), and a walk blocks for as long as its original takes.
///
/// Every piece of work starts at once, on an idle thread or on a new one: work never waits for
/// other work, so pieces that wait for each other (a walk and the writer reading its rows)
/// cannot deadlock. Idle threads wait for the next piece and are never ended; there are never
/// more than the most pieces that ever ran at once.
final class WorkerThreads: @unchecked Sendable {
    /// The threads `exhibit add` walks and decodes on: 16 MiB of stack, the stack the budget's
    /// depths are measured against (``ResourceBudget/maxArchiveDepth``). `EXHIBIT_WORKER_STACK_KIB`
    /// sets another, for tests that must make a walk overflow it (the crash marker's).
    static let shared = WorkerThreads(stackSize: ProcessInfo.processInfo.environment["EXHIBIT_WORKER_STACK_KIB"]
        .flatMap { Int($0) }.map { max($0, 256) << 10 } ?? 16 << 20)

    private let stackSize: Int
    private let condition = NSCondition()
    // Guarded by `condition`: threads waiting for work that no piece has claimed, and the
    // pieces handed to waiting threads (each claimed one of them).
    private var idle = 0
    private var handedOver: [@Sendable () -> Void] = []

    init(stackSize: Int) {
        self.stackSize = stackSize
    }

    /// Runs `body` on another thread, starting now.
    func run(_ body: @escaping @Sendable () -> Void) {
        condition.lock()
        if idle > 0 {
            idle -= 1
            handedOver.append(body)
            condition.signal()
            condition.unlock()
            return
        }
        condition.unlock()
        let thread = Thread { [self] in
            body()
            waitForWork()
        }
        thread.stackSize = stackSize
        thread.start()
    }

    private func waitForWork() -> Never {
        while true {
            condition.lock()
            idle += 1
            while handedOver.isEmpty { condition.wait() }
            let body = handedOver.removeFirst()
            condition.unlock()
            body()
        }
    }
}

extension WorkerThreads {
    /// Runs `body` on one of the threads and waits for its result: work that recurses as deep as
    /// the budget allows needs their stack, and the calling thread's may be smaller (the main
    /// thread has 8 MiB, so `exhibit extract` overflowed where `add` did not).
    func runAndWait<T>(_ body: @escaping () throws -> T) throws -> T {
        let handoff = Handoff(body)
        run { handoff.execute() }
        return try handoff.result()
    }

    /// One piece of work and its result, passed to a thread and back; the caller waits, so the
    /// two never touch it at once.
    private final class Handoff<T>: @unchecked Sendable {
        private let condition = NSCondition()
        private let body: () throws -> T
        private var outcome: Result<T, any Error>?

        init(_ body: @escaping () throws -> T) {
            self.body = body
        }

        func execute() {
            let outcome = Result { try body() }
            condition.withLock {
                self.outcome = outcome
                condition.signal()
            }
        }

        func result() throws -> T {
            try condition.withLock {
                while outcome == nil { condition.wait() }
                return outcome!
            }.get()
        }
    }
}
