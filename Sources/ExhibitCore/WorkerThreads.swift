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
    /// The threads `exhibit add` walks and decodes on.
    static let shared = WorkerThreads(stackSize: 16 << 20)

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
