import Foundation
import Testing
@testable import ExhibitCore

@Suite struct PrefetcherTests {
    private struct Stop: Error, Equatable {
        let at: Int
    }

    @Test func everyElementArrivesInOrder() throws {
        var seen: [Int] = []
        try Prefetcher<Int>(batchSize: 7, maxBatches: 2).run({ emit in
            for value in 0..<10_000 { try emit(value) }
        }, consume: { seen.append($0) })
        #expect(seen == Array(0..<10_000))
    }

    /// A consumer that gives up stops the producer (which would otherwise emit forever), and
    /// its error is the one that comes out.
    @Test func aConsumerErrorStopsTheProducer() throws {
        var seen = 0
        #expect(throws: Stop(at: 1_000)) {
            try Prefetcher<Int>(batchSize: 16, maxBatches: 2).run({ emit in
                var value = 0
                while true {
                    try emit(value)
                    value += 1
                }
            }, consume: { value in
                if value == 1_000 { throw Stop(at: value) }
                seen += 1
            })
        }
        #expect(seen == 1_000)
    }

    /// A producer waiting for its input (the walk's next rows) is woken by `interrupt` when the
    /// consumer gives up; without it, this would wait forever.
    @Test func aConsumerErrorInterruptsAWaitingProducer() throws {
        let gate = DispatchSemaphore(value: 0)
        #expect(throws: Stop(at: 0)) {
            try Prefetcher<Int>(batchSize: 1, maxBatches: 2).run({ emit in
                try emit(0)
                gate.wait()
            }, consume: { value in
                throw Stop(at: value)
            }, interrupt: { gate.signal() })
        }
    }

    /// A producer error comes out after everything emitted before it was consumed.
    @Test func aProducerErrorComesAfterWhatWasEmitted() throws {
        var seen: [Int] = []
        #expect(throws: Stop(at: 50)) {
            try Prefetcher<Int>(batchSize: 8, maxBatches: 3).run({ emit in
                for value in 0..<50 { try emit(value) }
                throw Stop(at: 50)
            }, consume: { seen.append($0) })
        }
        #expect(seen == Array(0..<50))
    }
}
