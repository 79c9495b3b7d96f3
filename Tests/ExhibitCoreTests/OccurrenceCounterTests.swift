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

    @Test func pastTheExactTableEveryKeyStillGetsUniqueDeterministicNumbers() {
        let keys = (0..<(OccurrenceCounter.exactKeys + 400_000)).map { StableHash.mix(UInt64($0)) }
        func numbers() -> [Int] {
            var counter = OccurrenceCounter()
            var out = keys.map { counter.next($0) }
            // Keys met again, from both sides of the switch to the filter, count on.
            for key in [keys[5], keys[OccurrenceCounter.exactKeys + 5], keys[5]] { out.append(counter.next(key)) }
            return out
        }
        let first = numbers()
        #expect(first == numbers())
        #expect(first.prefix(OccurrenceCounter.exactKeys).allSatisfy { $0 == 1 })
        // A first occurrence numbered 2 (a false positive of the filter) is rare, and never repeats a number.
        let renumbered = first[OccurrenceCounter.exactKeys..<keys.count].filter { $0 != 1 }.count
        #expect(renumbered < 10)
        #expect(first.suffix(3) == [2, first[OccurrenceCounter.exactKeys + 5] + 1, 3])
    }
}
