import Foundation
import Testing
@testable import EvidenceKit

/// A series packs its points as they come, in the documented format, and keeps every double
/// bit for bit — NaN (with its payload), infinities and negative zero — through its packed
/// form and its JSON.
@Suite struct SeriesTests {
    private let specials: [Double] = [2.5, .nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                      Double(bitPattern: 0x7FF8_0000_0000_1234)]

    private func sample(axis: Series.Axis = .step) -> Series {
        var series = Series(name: "loss", unit: "nats", axis: axis)
        for (index, value) in specials.enumerated() { series.append(Double(index * 100), value) }
        return series
    }

    @Test func pointsArePackedInTheDocumentedFormat() {
        let series = sample()
        #expect(series.count == specials.count)
        #expect(series.packed.count == Series.headerSize + specials.count * Series.pointSize)
        #expect(Array(series.packed[0..<8]) == Array("EXSR".utf8) + [1, 0, 0, 0])
        #expect(Array(series.packed[8..<16]) == [UInt8(specials.count), 0, 0, 0, 0, 0, 0, 0])
        // The second point: x = 100.0, then NaN, little-endian.
        let second = Array(series.packed[32..<48])
        #expect(second[0..<8] == withUnsafeBytes(of: (100.0).bitPattern.littleEndian, Array.init)[...])
        #expect(second[8..<16] == withUnsafeBytes(of: Double.nan.bitPattern.littleEndian, Array.init)[...])
        #expect(Series(name: "t", axis: .time).packed[5] == 1)
    }

    @Test func everyValueSurvivesBitForBit() throws {
        let series = sample(axis: .time)
        let reread = try #require(Series(name: series.name, unit: series.unit, packed: series.packed))
        #expect(reread.axis == .time)
        #expect(reread.points.map(\.value.bitPattern) == specials.map(\.bitPattern))
        let decoded = try JSONDecoder().decode(Series.self, from: try JSONEncoder().encode(series))
        #expect(decoded == series)
        #expect(decoded.points.map(\.value.bitPattern) == specials.map(\.bitPattern))
    }

    @Test(arguments: [
        [UInt8](), Array("EXSR".utf8) + [2, 0, 0, 0] + [UInt8](repeating: 0, count: 8),
        Array("EXSQ".utf8) + [1, 0, 0, 0] + [UInt8](repeating: 0, count: 8),
        Array("EXSR".utf8) + [1, 0, 0, 0] + [1, 0, 0, 0, 0, 0, 0, 0],
        Array("EXSR".utf8) + [1, 7, 0, 0] + [UInt8](repeating: 0, count: 8),
        Array("EXSR".utf8) + [1, 0, 0, 0] + [UInt8](repeating: 0, count: 8) + [1, 2, 3],
    ])
    func malformedPointsAreRefused(packed: [UInt8]) {
        #expect(Series(name: "x", packed: packed) == nil)
    }

    /// A finding without series is encoded as before series existed, and read as having none.
    @Test func findingsCarryTheirSeriesInTheirJSONOnlyWhenTheyHaveSome() throws {
        let plain = Finding("log.event", summary: "s")
        let json = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!json.contains("series"))
        #expect(try JSONDecoder().decode(Finding.self, from: Data(json.utf8)) == plain)
        let measured = Finding("training.metric", summary: "loss", series: [sample()])
        let decoded = try JSONDecoder().decode(Finding.self, from: try JSONEncoder().encode(measured))
        #expect(decoded.series.first?.packed == measured.series.first?.packed)
    }
}
