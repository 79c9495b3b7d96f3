import Foundation

/// ggml's dequantization of one block, for the types whose statistics are computed: Q4_0, Q4_1,
/// Q5_0, Q8_0 (32 values a block) and Q4_K, Q6_K (256). Written from the block layouts ggml
/// documents (`ggml-common.h`) and its reference `dequantize_row_*` routines: every value is
/// computed in float32, in ggml's order of operations and without fused multiply-adds, then
/// widened to float64 — the values llama.cpp's reference code would give.
package enum GGMLDequantizer {
    package static func decode(_ type: String, block: UnsafeRawPointer, into out: UnsafeMutablePointer<Double>) {
        switch type {
        case "Q4_0": q4_0(block, out)
        case "Q4_1": q4_1(block, out)
        case "Q5_0": q5_0(block, out)
        case "Q8_0": q8_0(block, out)
        case "Q4_K": q4_K(block, out)
        case "Q6_K": q6_K(block, out)
        default: break
        }
    }

    @inline(__always)
    private static func half(_ block: UnsafeRawPointer, _ offset: Int) -> Float {
        SmallFloats.half[Int(UInt16(littleEndian: block.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))]
    }

    @inline(__always)
    private static func byte(_ block: UnsafeRawPointer, _ offset: Int) -> UInt8 {
        block.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// d (f16), then 16 bytes of 4-bit values: low nibbles are values 0–15, high nibbles 16–31,
    /// each less 8, times d.
    private static func q4_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Double>) {
        let d = half(block, 0)
        for j in 0..<16 {
            let q = byte(block, 2 + j)
            out[j] = Double(Float(Int(q & 0x0F) - 8) * d)
            out[j + 16] = Double(Float(Int(q >> 4) - 8) * d)
        }
    }

    /// d and m (f16), then 16 bytes of nibbles: value × d + m.
    private static func q4_1(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Double>) {
        let d = half(block, 0), m = half(block, 2)
        for j in 0..<16 {
            let q = byte(block, 4 + j)
            out[j] = Double(Float(q & 0x0F) * d + m)
            out[j + 16] = Double(Float(q >> 4) * d + m)
        }
    }

    /// d (f16), 32 high bits (u32), 16 bytes of nibbles: a 5-bit value less 16, times d.
    private static func q5_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Double>) {
        let d = half(block, 0)
        let qh = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        for j in 0..<16 {
            let q = byte(block, 6 + j)
            let high0 = UInt8(truncatingIfNeeded: ((qh >> UInt32(j)) << 4) & 0x10)
            let high1 = UInt8(truncatingIfNeeded: (qh >> UInt32(j + 12)) & 0x10)
            out[j] = Double(Float(Int(q & 0x0F | high0) - 16) * d)
            out[j + 16] = Double(Float(Int(q >> 4 | high1) - 16) * d)
        }
    }

    /// d (f16), 32 signed bytes: value × d.
    private static func q8_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Double>) {
        let d = half(block, 0)
        for j in 0..<32 {
            out[j] = Double(Float(block.load(fromByteOffset: 2 + j, as: Int8.self)) * d)
        }
    }

    /// d and dmin (f16), 12 bytes of 6-bit scales and mins for 8 sub-blocks, 128 bytes of nibbles.
    private static func q4_K(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Double>) {
        let d = half(block, 0), dmin = half(block, 2)
        let scales = block + 4
        var q = block + 16
        var y = out
        var subBlock = 0
        for _ in stride(from: 0, to: 256, by: 64) {
            let (scale1, min1) = scaleAndMin(subBlock, scales)
            let (scale2, min2) = scaleAndMin(subBlock + 1, scales)
            let d1 = d * Float(scale1), m1 = dmin * Float(min1)
            let d2 = d * Float(scale2), m2 = dmin * Float(min2)
            for l in 0..<32 { y[l] = Double(d1 * Float(q.load(fromByteOffset: l, as: UInt8.self) & 0x0F) - m1) }
            for l in 0..<32 { y[32 + l] = Double(d2 * Float(q.load(fromByteOffset: l, as: UInt8.self) >> 4) - m2) }
            q += 32
            y += 64
            subBlock += 2
        }
    }

    /// The 6-bit scale and min of sub-block `j` (ggml's `get_scale_min_k4`).
    @inline(__always)
    private static func scaleAndMin(_ j: Int, _ q: UnsafeRawPointer) -> (UInt8, UInt8) {
        let at = { (index: Int) in q.load(fromByteOffset: index, as: UInt8.self) }
        if j < 4 { return (at(j) & 63, at(j + 4) & 63) }
        return ((at(j + 4) & 0x0F) | ((at(j - 4) >> 6) << 4), (at(j + 4) >> 4) | ((at(j) >> 6) << 4))
    }

    /// 128 bytes of low nibbles, 64 of 2-bit highs, 16 signed scales, d (f16): a 6-bit value less
    /// 32, times d times its sub-block's scale.
    private static func q6_K(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Double>) {
        let d = half(block, 208)
        var ql = block
        var qh = block + 128
        var scale = block + 192
        var y = out
        for _ in stride(from: 0, to: 256, by: 128) {
            for l in 0..<32 {
                let index = l / 16
                let low0 = ql.load(fromByteOffset: l, as: UInt8.self), low32 = ql.load(fromByteOffset: l + 32, as: UInt8.self)
                let high = qh.load(fromByteOffset: l, as: UInt8.self)
                let q1 = Int(low0 & 0x0F | ((high >> 0) & 3) << 4) - 32
                let q2 = Int(low32 & 0x0F | ((high >> 2) & 3) << 4) - 32
                let q3 = Int(low0 >> 4 | ((high >> 4) & 3) << 4) - 32
                let q4 = Int(low32 >> 4 | ((high >> 6) & 3) << 4) - 32
                let s = { (offset: Int) in Float(scale.load(fromByteOffset: index + offset, as: Int8.self)) }
                y[l] = Double(d * s(0) * Float(q1))
                y[l + 32] = Double(d * s(2) * Float(q2))
                y[l + 64] = Double(d * s(4) * Float(q3))
                y[l + 96] = Double(d * s(6) * Float(q4))
            }
            y += 128
            ql += 64
            qh += 32
            scale += 8
        }
    }
}
