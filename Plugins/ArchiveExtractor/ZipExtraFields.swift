/// The extra fields of zip headers (APPNOTE 4.5): which give a UTC time, and the zip64 values.
///
/// libarchive takes an entry's time from its extended-timestamp (`UT`, 0x5455) or old Info-ZIP
/// Unix (`UX`, 0x5855) extra field when one is present, and from the zone-less DOS fields
/// otherwise, but does not say which. A UTC time must not be re-read in the investigator's
/// `--timezone`; a DOS time must. The central directory's and the local header's extra
/// fields both count (libarchive reads both).
enum ZipExtraFields {
    /// Whether extra fields hold a modification time libarchive reads as UTC.
    static func hasUTCTime<C: Collection>(_ extra: C) -> Bool where C.Element == UInt8, C.Index == Int {
        fields(extra).contains { field in
            (field.id == 0x5455 && field.data.count >= 5 && extra[field.data.lowerBound] & 0x01 != 0)
                || (field.id == 0x5855 && field.data.count >= 8)
        }
    }

    /// The fields of an extra block (id, data), up to the first that runs past its end.
    static func fields<C: Collection>(_ extra: C) -> [(id: UInt16, data: Range<Int>)]
    where C.Element == UInt8, C.Index == Int {
        var found: [(id: UInt16, data: Range<Int>)] = []
        var offset = extra.startIndex
        while offset + 4 <= extra.endIndex {
            let id = UInt16(extra[offset]) | UInt16(extra[offset + 1]) << 8
            let size = Int(extra[offset + 2]) | Int(extra[offset + 3]) << 8
            guard offset + 4 + size <= extra.endIndex else { break }
            found.append((id, (offset + 4)..<(offset + 4 + size)))
            offset += 4 + size
        }
        return found
    }

    /// The zip64 field's (0x0001) values, in their order, for the 32-bit fields marked as too
    /// large (all ones): uncompressed size, compressed size, local header offset.
    static func zip64(_ extra: [UInt8], uncompressed: Bool, compressed: Bool, offset: Bool)
        -> (uncompressed: UInt64?, compressed: UInt64?, offset: UInt64?) {
        guard let field = fields(extra).first(where: { $0.id == 0x0001 }) else { return (nil, nil, nil) }
        let data = Array(extra[field.data])
        var position = 0
        func next(_ wanted: Bool) -> UInt64? {
            guard wanted, position + 8 <= data.count else { return nil }
            defer { position += 8 }
            return ZipBytes.le64(data, position)
        }
        let uncompressedSize = next(uncompressed)
        let compressedSize = next(compressed)
        return (uncompressedSize, compressedSize, next(offset))
    }
}
