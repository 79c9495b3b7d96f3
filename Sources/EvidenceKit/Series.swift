import Foundation

/// The points of one metric — a loss per step, a learning rate over time, a statistic per
/// layer — attached to the finding that describes it (``Finding/series``).
///
/// A training log of a million steps is one finding with a series, not a million findings.
/// Points are packed as they are added, 16 bytes each, never kept as a Swift value per point
/// (a million points hold 16 MB until the host has staged them). Values are IEEE 754 doubles
/// kept bit for bit, NaN and infinities included: a run that diverged is evidence too.
///
/// ```swift
/// var loss = Series(name: "loss", unit: "nats", axis: .step)
/// loss.append(step: 100, value: 2.31)
/// loss.append(step: 200, value: .nan)
/// sink.emit(Finding("training.metric", summary: "loss, 2 steps", attributes: ["metric": "loss"],
///                   series: [loss]))
/// ```
///
/// The packed form (``packed``), which the case stores as one blob (docs/architecture.md):
///
/// | bytes | content |
/// |---|---|
/// | 0–3 | `EXSR` in ASCII |
/// | 4 | format version: 1 |
/// | 5 | axis: 0 step, 1 time (seconds since 1970-01-01T00:00:00Z) |
/// | 6–7 | zero |
/// | 8–15 | the number of points n, unsigned, little-endian |
/// | 16 … | n points of 16 bytes: x, then the value, each IEEE 754 binary64, little-endian |
public struct Series: Sendable, Hashable, Codable {
    /// What a point's x is.
    public enum Axis: String, Sendable, Hashable, Codable {
        /// A step (an iteration, a layer index): an integer, exact up to 2^53.
        case step
        /// A time in seconds since 1970-01-01T00:00:00Z (UTC: an extractor uses it only when
        /// the evidence states the zone; otherwise it reports steps).
        case time
    }

    /// What is measured (`loss`, `learning_rate`, `grad_norm`).
    public var name: String
    /// Its unit, if it has one (`nats`, `s`), or empty.
    public var unit: String
    /// The points, packed (the format above).
    public private(set) var packed: [UInt8]

    /// The size of the header before the points.
    public static let headerSize = 16
    /// The size of one point.
    public static let pointSize = 16
    private static let magic = Array("EXSR".utf8)
    private static let version: UInt8 = 1

    /// An empty series.
    public init(name: String, unit: String = "", axis: Axis) {
        self.name = name
        self.unit = unit
        packed = Self.magic + [Self.version, axis == .step ? 0 : 1, 0, 0] + [UInt8](repeating: 0, count: 8)
    }

    /// A series from its packed form; `nil` unless `packed` is a whole series in this format.
    public init?(name: String, unit: String = "", packed: [UInt8]) {
        guard packed.count >= Self.headerSize, Array(packed[0..<4]) == Self.magic, packed[4] == Self.version,
              packed[5] <= 1, packed[6] == 0, packed[7] == 0,
              (packed.count - Self.headerSize) % Self.pointSize == 0,
              Self.readUInt64(packed, at: 8) == UInt64((packed.count - Self.headerSize) / Self.pointSize)
        else { return nil }
        self.name = name
        self.unit = unit
        self.packed = packed
    }

    /// What the points' x is.
    public var axis: Axis { packed[5] == 0 ? .step : .time }

    /// How many points.
    public var count: Int { (packed.count - Self.headerSize) / Self.pointSize }

    /// Adds a point at `x` (a step, or seconds since the epoch, as ``axis`` says).
    public mutating func append(_ x: Double, _ value: Double) {
        Self.appendUInt64(x.bitPattern, to: &packed)
        Self.appendUInt64(value.bitPattern, to: &packed)
        let count = UInt64(self.count)
        for index in 0..<8 { packed[8 + index] = UInt8(truncatingIfNeeded: count >> (8 * UInt64(index))) }
    }

    /// Adds the value at a step.
    public mutating func append(step: Int, value: Double) {
        append(Double(step), value)
    }

    /// Adds the value at a time, in seconds since 1970-01-01T00:00:00Z.
    public mutating func append(time: Double, value: Double) {
        append(time, value)
    }

    /// Calls `body` with each point in order.
    public func forEachPoint(_ body: (_ x: Double, _ value: Double) throws -> Void) rethrows {
        var offset = Self.headerSize
        while offset < packed.count {
            try body(Double(bitPattern: Self.readUInt64(packed, at: offset)),
                     Double(bitPattern: Self.readUInt64(packed, at: offset + 8)))
            offset += Self.pointSize
        }
    }

    /// Every point, as Swift values (for small series and tests).
    public var points: [(x: Double, value: Double)] {
        var all: [(x: Double, value: Double)] = []
        all.reserveCapacity(count)
        forEachPoint { all.append(($0, $1)) }
        return all
    }

    private static func appendUInt64(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func readUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }

    // Encoded as {name, unit, packed}, `packed` as base64 text (RFC 4648, with padding) whatever
    // the encoder: exact for every value, NaN included, and the same on the plugin protocol's
    // wire as in JSON (an encoder of its own would otherwise write `Data` as a list of bytes).
    private enum CodingKeys: String, CodingKey {
        case name, unit, packed
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let unit = try container.decodeIfPresent(String.self, forKey: .unit) ?? ""
        let text = try container.decode(String.self, forKey: .packed)
        guard let packed = Data(base64Encoded: text), let series = Series(name: name, unit: unit, packed: Array(packed)) else {
            throw DecodingError.dataCorruptedError(forKey: .packed, in: container, debugDescription: "not a packed series")
        }
        self = series
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(unit, forKey: .unit)
        try container.encode(Data(packed).base64EncodedString(), forKey: .packed)
    }
}
