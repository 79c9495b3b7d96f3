import Foundation

/// The narrow float formats widened exactly to `Float`: IEEE binary16, bfloat16, and the two
/// 8-bit formats (OCP FP8 E4M3 "fn": no infinities, one NaN pattern; E5M2: IEEE-like). Every
/// value of these formats is a `Float` exactly, so the tables are the formats' definitions.
package enum SmallFloats {
    /// binary16 by bit pattern (256 KiB, built once).
    package static let half: [Float] = (0...UInt16.max).map { widen(bits: UInt32($0), exponentBits: 5, mantissaBits: 10, ieee: true) }
    /// FP8 E4M3 (fn) by bit pattern.
    package static let e4m3: [Float] = (0...UInt16(255)).map { widen(bits: UInt32($0), exponentBits: 4, mantissaBits: 3, ieee: false) }
    /// FP8 E5M2 by bit pattern.
    package static let e5m2: [Float] = (0...UInt16(255)).map { widen(bits: UInt32($0), exponentBits: 5, mantissaBits: 2, ieee: true) }

    /// bfloat16 is the top half of a binary32.
    @inline(__always)
    package static func bfloat16(_ bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// A sign, `exponentBits` of biased exponent and `mantissaBits` of fraction, as a Float.
    /// `ieee` formats use the all-ones exponent for infinities and NaNs; E4M3 "fn" uses only the
    /// all-ones pattern (exponent and fraction) for NaN and has no infinities.
    package static func widen(bits: UInt32, exponentBits: Int, mantissaBits: Int, ieee: Bool) -> Float {
        let sign: Float = (bits >> UInt32(exponentBits + mantissaBits)) & 1 == 1 ? -1 : 1
        let exponentMask = UInt32(1 << exponentBits) - 1
        let exponent = (bits >> UInt32(mantissaBits)) & exponentMask
        let fraction = bits & UInt32((1 << mantissaBits) - 1)
        let bias = Int(1 << (exponentBits - 1)) - 1
        if exponent == exponentMask {
            if ieee { return fraction == 0 ? sign * .infinity : .nan }
            if fraction == UInt32((1 << mantissaBits) - 1) { return .nan }
        }
        let scale = Float(1 << mantissaBits)
        if exponent == 0 {
            return sign * Float(fraction) / scale * Float(sign: .plus, exponent: 1 - bias, significand: 1)
        }
        return sign * (1 + Float(fraction) / scale) * Float(sign: .plus, exponent: Int(exponent) - bias, significand: 1)
    }
}
