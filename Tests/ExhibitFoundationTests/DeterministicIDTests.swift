import Testing
@testable import ExhibitFoundation

@Suite struct DeterministicIDTests {
    /// Values computed independently with Python's `uuid.uuid5` over the same namespace and name.
    @Test func matchesRFC4122Version5() {
        #expect(DeterministicID.make("artifact", "original", "abc") == "a465be3d-c267-570a-a4bf-9e7fbcb9e3a7")
        #expect(DeterministicID.make([""]) == "a19c4ab0-cacc-5d14-931b-305beb59f12f")
    }

    @Test func partsAreSeparatedSoTheyCannotRunTogether() {
        #expect(DeterministicID.make("ab", "c") != DeterministicID.make("a", "bc"))
    }
}
