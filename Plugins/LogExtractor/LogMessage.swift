/// A log line's message: the text after its time, separators (`]`, `-`, `:`, `|`) dropped,
/// bounded in bytes at a character boundary (the full line stays in the evidence, at its locator).
enum LogMessage {
    static func after(_ start: Int, in bytes: UnsafeRawBufferPointer, limit: Int) -> (text: String, cut: Bool) {
        var index = start
        while index < bytes.count, [0x20, 0x09, 0x5D, 0x2D, 0x3A, 0x7C, 0x2C].contains(bytes[index]) { index += 1 }
        return bounded(UnsafeRawBufferPointer(rebasing: bytes[index...]), limit: limit)
    }

    static func bounded(_ text: String, limit: Int) -> (text: String, cut: Bool) {
        var text = text
        return text.withUTF8 { bounded(UnsafeRawBufferPointer($0), limit: limit) }
    }

    private static func bounded(_ bytes: UnsafeRawBufferPointer, limit: Int) -> (text: String, cut: Bool) {
        guard bytes.count > limit else { return (String(decoding: bytes, as: UTF8.self), false) }
        var end = max(0, limit)
        // Back off to the start of a character: continuation bytes are 10xxxxxx.
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return (String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<end]), as: UTF8.self), true)
    }
}
