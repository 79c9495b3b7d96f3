import EvidenceKit
import Testing
@testable import ExhibitCore

@Suite struct NormalizerTests {
    private let summerNoon: Int64 = 1_719_835_200   // 2024-07-01 12:00:00 as a wall-clock reading
    private let winterNoon: Int64 = 1_704_110_400   // 2024-01-01 12:00:00

    @Test func zoneLessTimesAreReadInTheGivenZone() throws {
        let london = try Normalizer(timeZone: "Europe/London")
        let summer = london.normalize(Timestamp(secondsSinceEpoch: summerNoon, original: "2024-07-01 12:00:00", zone: .unspecified))
        #expect(summer.utc == "2024-07-01T11:00:00Z")
        #expect(summer.zoneSource == "assumed:Europe/London (--timezone)")
        let winter = london.normalize(Timestamp(secondsSinceEpoch: winterNoon, original: "x", zone: .unspecified))
        #expect(winter.utc == "2024-01-01T12:00:00Z")
    }

    @Test func utcTimesAreNotShifted() throws {
        let tokyo = try Normalizer(timeZone: "Asia/Tokyo")
        let time = tokyo.normalize(Timestamp(secondsSinceEpoch: summerNoon, nanoseconds: 500_000_000, original: "1719835200", zone: .utc))
        #expect(time.utc == "2024-07-01T12:00:00.5Z")
        #expect(time.zoneSource == "utc")
    }

    @Test func withoutAZoneUTCIsAssumedAndSaidSo() throws {
        let time = try Normalizer(timeZone: nil).normalize(Timestamp(secondsSinceEpoch: 0, original: "0", zone: .unspecified))
        #expect(time.utc == "1970-01-01T00:00:00Z")
        #expect(time.zoneSource == "assumed:UTC (no --timezone given)")
    }

    @Test func unknownZonesAreRefused() {
        #expect(throws: ExhibitCoreError.self) { try Normalizer(timeZone: "Mars/Olympus_Mons") }
    }

    @Test func entitiesMeetWhateverTheirSpelling() throws {
        let normalizer = try Normalizer(timeZone: nil)
        #expect(normalizer.canonicalEntityValue(EntityRef(kind: .email, value: " Release@Borealis.Example ")) == "release@borealis.example")
        #expect(normalizer.canonicalEntityValue(EntityRef(kind: .url, value: "HTTPS://Example.ORG/Models/A")) == "https://example.org/Models/A")
        #expect(normalizer.canonicalEntityValue(EntityRef(kind: .technique, value: "ppo")) == "PPO")
    }

    @Test(arguments: [("model.SafeTensors", "safetensors"), ("a.tar.gz", "gz"), ("README", ""), (".bashrc", ""),
                      ("notes.", ""), ("ärger.Py", "py")])
    func extensionsAreLoweredFromTheLastDot(_ name: String, _ expected: String) {
        #expect(MediaTypeGuess.pathExtension(name) == expected)
    }
}
