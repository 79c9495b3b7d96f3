import Foundation

/// Substring search on UTF-8 bytes: a cheap test before a regular expression or a parser runs
/// (shared by the config extractor's scanners and the log extractor's line tests).
///
/// ```swift
/// ByteSearch.contains(Array("see https://x".utf8), Array("://".utf8))   // true
/// ```
public enum ByteSearch {
    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// The offset of the first `needle` (ASCII) in `bytes`: `memchr` to each candidate first
    /// byte, then a comparison of the rest.
    public static func find(_ needle: StaticString, in bytes: UnsafeRawBufferPointer) -> Int? {
        let count = needle.utf8CodeUnitCount
        guard let base = bytes.baseAddress, count > 0, bytes.count >= count else { return nil }
        let first = Int32(needle.utf8Start.pointee)
        var from = 0
        while from <= bytes.count - count, let hit = memchr(base + from, first, bytes.count - count + 1 - from) {
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, needle.utf8Start, count) == 0 { return at }
            from = at + 1
        }
        return nil
    }

    /// Whether `bytes` contain `needle` (ASCII).
    public static func contains(_ needle: StaticString, in bytes: UnsafeRawBufferPointer) -> Bool {
        find(needle, in: bytes) != nil
    }
}
