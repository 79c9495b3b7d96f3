import ExhibitFoundation
import Testing

@Suite struct UTCTimeTests {
    @Test func iso8601IsWrittenDigitByDigit() {
        #expect(UTCTime.iso8601(0) == "1970-01-01T00:00:00Z")
        #expect(UTCTime.iso8601(-1) == "1969-12-31T23:59:59Z")
        #expect(UTCTime.iso8601(1, 1) == "1970-01-01T00:00:01.000000001Z")
        #expect(UTCTime.iso8601(1_709_294_400, 120_000_000) == "2024-03-01T12:00:00.12Z")
        #expect(UTCTime.iso8601(253_402_300_799) == "9999-12-31T23:59:59Z")
    }
}
