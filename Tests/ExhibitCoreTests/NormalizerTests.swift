import EvidenceKit
import Foundation
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

    /// Europe/Berlin's autumn fold (02:00–03:00 on 2024-10-27 happened twice) and spring gap
    /// (02:00–03:00 on 2024-03-31 never happened), against Foundation's own reading of the zone.
    @Test func aFoldIsAmbiguousWithBothInstantsAndAGapIsSaid() throws {
        let berlin = try Normalizer(timeZone: "Europe/Berlin")
        let foldWall: Int64 = 1_729_996_200   // 2024-10-27 02:30:00 as a wall-clock reading
        let fold = berlin.normalize(Timestamp(secondsSinceEpoch: foldWall, original: "2024-10-27 02:30:00", zone: .unspecified))
        // Independently: the reading less CEST (+2) and less CET (+1).
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let earlier = foldWall - 7200, later = foldWall - 3600
        #expect(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(earlier))) == 7200)
        #expect(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(later))) == 3600)
        #expect(fold.utc == "2024-10-27T00:30:00Z")
        #expect(fold.ambiguity == .fold(earlier: "2024-10-27T00:30:00Z", later: "2024-10-27T01:30:00Z"))
        #expect(fold.zoneSource == "assumed:Europe/Berlin (--timezone); ambiguous (DST fold): 2024-10-27T00:30:00Z or 2024-10-27T01:30:00Z")
        let gapWall: Int64 = 1_711_852_200   // 2024-03-31 02:30:00
        let gap = berlin.normalize(Timestamp(secondsSinceEpoch: gapWall, original: "2024-03-31 02:30:00", zone: .unspecified))
        #expect(gap.ambiguity == .gap && gap.utc == "2024-03-31T01:30:00Z")
        #expect(gap.zoneSource.hasSuffix("nonexistent (DST gap): read with the offset before the change"))
        // An hour either side is one instant.
        let plain = berlin.normalize(Timestamp(secondsSinceEpoch: foldWall + 3600, original: "x", zone: .unspecified))
        #expect(plain.ambiguity == nil && plain.utc == "2024-10-27T02:30:00Z")
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
