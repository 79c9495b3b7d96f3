import EvidenceFormats
import EvidenceKit
import Foundation
import Testing

@Suite struct TimestampParserTests {
    private func complete(_ text: String) -> Timestamp? {
        if case .complete(let timestamp)? = TimestampParser.parse(text)?.reading { return timestamp }
        return nil
    }

    /// Instants checked against Python: `datetime.fromisoformat(…).timestamp()`.
    @Test(arguments: [
        ("2024-05-01T12:00:00Z", 1_714_564_800, 0, TimeZoneSource.utc),
        ("2024-05-01 12:00:00+02:00", 1_714_557_600, 0, .explicitOffset),
        ("2024-05-01T12:00:00.5-0700", 1_714_590_000, 500_000_000, .explicitOffset),
        ("2024-05-01T12:00+05", 1_714_546_800, 0, .explicitOffset),
        ("2024-05-01 12:00:00,123", 1_714_564_800, 123_000_000, .unspecified),
        ("2024-05-01T12:00:00.123456789123", 1_714_564_800, 123_456_789, .unspecified),
        ("20240501T120000Z", 1_714_564_800, 0, .utc),
        ("10/Oct/2000:13:55:36 -0700", 971_211_336, 0, .explicitOffset),
        ("2024-05-01 12:00:00 -0700", 1_714_590_000, 0, .explicitOffset),
        ("2016-12-31T23:59:60Z", 1_483_228_800, 0, .utc),
    ])
    func completeTimes(_ text: String, _ seconds: Int64, _ nanoseconds: Int32, _ zone: TimeZoneSource) throws {
        let timestamp = try #require(complete(text), "\(text)")
        #expect(timestamp.secondsSinceEpoch == seconds && timestamp.nanoseconds == nanoseconds && timestamp.zone == zone)
        #expect(timestamp.original == text)
    }

    @Test func timesWithoutAYearAreDatedByTheReader() throws {
        guard case .yearless(let syslog)? = TimestampParser.parse("Feb 29 23:59:59")?.reading else {
            Issue.record("not yearless")
            return
        }
        #expect(syslog.timestamp(year: 2023) == nil)
        #expect(syslog.timestamp(year: 2024)?.secondsSinceEpoch == 1_709_251_199)
        guard case .yearless(let glog)? = TimestampParser.find(in: Array("I0501 12:00:00.123456  1234 main.cc:10] hi".utf8))?.reading else {
            Issue.record("glog not read")
            return
        }
        #expect(glog.month == 5 && glog.day == 1 && glog.nanoseconds == 123_456_000)
        #expect(TimestampParser.find(in: Array("May  1 09:03:02 host sshd[1]: x".utf8))?.format == .syslog)
    }

    @Test(arguments: ["2024-13-01T00:00:00Z", "2024-02-30 00:00:00", "2023-02-29T10:00:00", "2024-05-01T24:00:00",
                      "2024-05-01T12:61:00", "2024-05-01T12:00:61", "Feb 30 10:00:00", "2024-05-01T12:00:00+25:00"])
    func impossibleTimesAreSaidNotDated(_ text: String) {
        guard case .invalid(let original, let reason)? = TimestampParser.parse(text)?.reading else {
            Issue.record("\(text) was not refused")
            return
        }
        #expect(original == text && !reason.isEmpty)
    }

    @Test func timesAreFoundInLinePrefixesAtWordBoundaries() throws {
        let deepspeed = Array("[2024-05-01 12:00:00,123] [INFO] [engine.py:100] step=10".utf8)
        #expect(TimestampParser.find(in: deepspeed)?.range == 1..<24)
        let megatron = Array(" [2025-04-13 23:41:12] iteration       10/    100 |".utf8)
        #expect(TimestampParser.find(in: megatron)?.range == 2..<21)
        let apache = Array("10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200".utf8)
        #expect(TimestampParser.find(in: apache)?.format == .commonLog)
        #expect(TimestampParser.find(in: Array("build 12024-05-01T12:00:00Z".utf8)) == nil)
        #expect(TimestampParser.find(in: Array("no time here at all".utf8)) == nil)
        #expect(TimestampParser.find(in: Array("2024-05-01 only a date".utf8)) == nil)
    }

    @Test func epochUnitsAreDecidedByMagnitudeAndSaid() throws {
        #expect(TimestampParser.epoch(1_714_564_800)?.unit == .seconds)
        #expect(TimestampParser.epoch(1_714_564_800_123)?.unit == .milliseconds)
        #expect(TimestampParser.epoch(1_714_564_800_123)?.timestamp.nanoseconds == 123_000_000)
        #expect(TimestampParser.epoch(1_714_564_800_123_456)?.unit == .microseconds)
        #expect(TimestampParser.epoch(1.714564800123e18)?.unit == .nanoseconds)
        #expect(TimestampParser.epoch(1_714_564_800.25)?.timestamp.zone == .utc)
        // A year-9999 stamp, a step counter, NaN: no unit makes them a plausible time.
        for number in [253_402_300_799.0, 42, .nan, -1] { #expect(TimestampParser.epoch(number) == nil, "\(number)") }
    }
}
