/// 64-bit hashes with fixed constants, the same on every machine and in every run — for values
/// that are stored and compared across cases (Swift's `Hasher` is seeded per process and must
/// never be): FNV-1a over bytes, spread by SplitMix64's finalizer where the low or high bits
/// must be uniform (a minimum over a window, the smallest of a set).
///
/// ```swift
/// var fnv = FNV1a64()
/// fnv.add(Array("token".utf8))
/// StableHash.mix(fnv.value)          // the same number on any machine
/// StableHash.of(Array("token".utf8)) // the same, in one call
/// ```
public struct FNV1a64: Sendable, Hashable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    public mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { add(byte) }
    }
}

public enum StableHash {
    /// SplitMix64's finalizer: every input bit moves every output bit.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// FNV-1a of `bytes`, mixed.
    public static func of<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var fnv = FNV1a64()
        fnv.add(bytes)
        return mix(fnv.value)
    }
}
