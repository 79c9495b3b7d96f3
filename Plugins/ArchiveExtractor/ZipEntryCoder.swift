/// The memory a zip entry's decoder will ask for, read from the first bytes of its data before
/// libarchive decodes it (APPNOTE 5.8, 5.11; libarchive's zipx readers): libarchive gives
/// liblzma no limit for LZMA (method 14) and xz (95) entries, and allocates the PPMd model
/// (98) that the entry's two header bytes state. Other methods need little.
enum ZipEntryCoder {
    /// The method's name and the bytes it will allocate, or nil for a method that needs little.
    /// `data` are the entry's first bytes (32 are enough).
    static func memory(method: UInt16, data: [UInt8]) -> (name: String, bytes: Int64)? {
        switch method {
        case 14:   // LZMA: version (2), properties size (2), properties: lc/lp/pb, dictionary (LE32)
            guard data.count >= 9 else { return ("zip LZMA", Int64(UInt32.max)) }
            return ("zip LZMA", Int64(ZipBytes.le32(data, 5)))
        case 95:   // an xz stream: its first block header's LZMA2 properties
            return ("zip xz", xzDictionary(data) ?? Int64(UInt32.max))
        case 98:   // PPMd (variant I): order (4 bits), model size in MiB - 1 (8 bits), restore method
            guard data.count >= 2 else { return ("zip PPMd", 256 << 20) }
            return ("zip PPMd", (((Int64(ZipBytes.le16(data, 0)) >> 4) & 0xFF) + 1) << 20)
        default:
            return nil
        }
    }

    /// The LZMA2 dictionary of an xz stream's first block (xz file format 1.1.0, §3.1): after
    /// the 12-byte stream header, the block header's flags, optional sizes, then filter flags.
    static func xzDictionary(_ data: [UInt8]) -> Int64? {
        guard data.count > 14, data.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) else { return nil }
        var position = 14
        let flags = data[13]
        func varint() -> UInt64? {
            var value: UInt64 = 0
            for shift in stride(from: 0, to: 63, by: 7) {
                guard position < data.count else { return nil }
                let byte = data[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
            }
            return nil
        }
        if flags & 0x40 != 0 { guard varint() != nil else { return nil } }   // compressed size
        if flags & 0x80 != 0 { guard varint() != nil else { return nil } }   // uncompressed size
        for _ in 0...Int(flags & 0x03) {
            guard let id = varint(), let size = varint(), position + Int(min(size, 1 << 20)) <= data.count else { return nil }
            if id == 0x21, size == 1 { return SevenZipCoders.Coder(method: [0x21], properties: [data[position]]).memory }
            position += Int(size)
        }
        return nil
    }
}
