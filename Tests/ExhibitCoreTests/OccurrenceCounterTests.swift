import EvidenceFormats
import Testing
@testable import ExhibitCore

/// Findings at the same place are numbered 1, 2, 3, … exactly while an original has few places,
/// and past the exact table the numbers stay unique and deterministic in bounded memory.
@Suite struct OccurrenceCounterTests {
    @Test func repeatedPlacesAreNumberedInOrder() {
        var counter = OccurrenceCounter()
        #expect([7, 8, 7, 7, 9, 8].map { counter.next($0) } == [1, 1, 2, 3, 1, 2])
    }

    /// A small table and a tiny filter, so that false positives and the fallback happen: every
    /// (key, occurrence) is still unique, the numbers of a key still rise, and a second run gives
    /// the same numbers.
    @Test func pastTheTablesEveryKeyStillGetsUniqueRisingDeterministicNumbers() {
        let keys = (0..<20_000).map { StableHash.mix(UInt64($0 % 7_000)) }   // each key met two or three times
        func numbers() -> [Int] {
            var counter = OccurrenceCounter(exactKeys: 1_000, filterBits: 1 << 12)
            return keys.map { counter.next($0) }
        }
        let first = numbers()
        #expect(first == numbers())
        var seen: [UInt64: Int] = [:]
        var pairs = Set<[UInt64]>()
        for (key, number) in zip(keys, first) {
            #expect(number > seen[key, default: 0])
            seen[key] = number
            #expect(pairs.insert([key, UInt64(number)]).inserted)
        }
        // The first table's keys are numbered exactly; the filter's false positives and the
        // fallback were reached.
        #expect(Array(first.prefix(1_000)) == Array(repeating: 1, count: 1_000))
        #expect(first[7_000] == 2)
        #expect(first.contains { $0 > OccurrenceCounter.fallbackBase })
        #expect(first[1_000..<7_000].contains { $0 == 2 })
    }

    /// The default sizes: 400,000 places past the first table, each met once, are numbered 1 but
    /// for a rare false positive.
    @Test func theDefaultFilterRarelyRenumbers() {
        var counter = OccurrenceCounter()
        let numbers = (0..<(counter.exactKeys + 400_000)).map { counter.next(StableHash.mix(UInt64($0))) }
        #expect(numbers.filter { $0 != 1 }.count < 3)
    }
}
