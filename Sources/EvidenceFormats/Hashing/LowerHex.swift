/// Bytes as lower-case hexadecimal text — digests above all — for extractors, which cannot
/// import the host's `ExhibitFoundation.Hex`. A table lookup per nibble: `String(format: "%02x")`
/// per byte cost a notebook of a few KiB more than reading it.
///
/// ```swift
/// LowerHex.text([0xDE, 0xAD, 0x01])                 // "dead01"
/// LowerHex.text(SHA256.hash(data: data))            // a digest's 64 digits
/// ```
public enum LowerHex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func text<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
