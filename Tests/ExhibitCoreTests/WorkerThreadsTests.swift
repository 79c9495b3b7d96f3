import Foundation
import Testing
@testable import ExhibitCore

/// Work handed to the worker threads starts at once, so pieces that wait for each other finish.
@Suite struct WorkerThreadsTests {
    /// Counts guarded by one condition, shared with the pieces.
    private final class Rendezvous: @unchecked Sendable {
        let condition = NSCondition()
        var running = 0
        var finished = 0
    }

    /// Eight pieces, each waiting until all eight are running, three times over (the later
    /// rounds on threads the earlier ones left idle): with any piece queued behind another,
    /// none would finish.
    @Test(.timeLimit(.minutes(1))) func piecesThatWaitForEachOtherAllRun() {
        let threads = WorkerThreads(stackSize: 1 << 20)
        let shared = Rendezvous()
        for round in 1...3 {
            for _ in 0..<8 {
                threads.run {
                    shared.condition.lock()
                    shared.running += 1
                    shared.condition.broadcast()
                    while shared.running < 8 * round { shared.condition.wait() }
                    shared.finished += 1
                    shared.condition.broadcast()
                    shared.condition.unlock()
                }
            }
            shared.condition.lock()
            while shared.finished < 8 * round { shared.condition.wait() }
            shared.condition.unlock()
        }
        #expect(shared.finished == 24)
    }
}
