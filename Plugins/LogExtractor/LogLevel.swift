/// The severity a log line states: a word (`INFO`, `[WARNING]`, `level=error`), glog's letter, or
/// a syslog priority (`<34>`), in the spelling the line has, upper-cased.
enum LogLevel {
    private static let words: Set<String> = ["TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR",
                                             "CRITICAL", "CRIT", "FATAL", "ALERT", "EMERG", "SEVERE"]
    private static let syslogNames = ["EMERG", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO", "DEBUG"]
    private static let glogNames: [UInt8: String] = [UInt8(ascii: "I"): "INFO", UInt8(ascii: "W"): "WARNING",
                                                     UInt8(ascii: "E"): "ERROR", UInt8(ascii: "F"): "FATAL"]

    /// A level word among the first `within` bytes of `bytes`, from `start`.
    static func find(in bytes: UnsafeRawBufferPointer, from start: Int, within: Int = 80) -> String? {
        let end = min(bytes.count, start + within)
        var index = start
        while index < end {
            guard isUpper(bytes[index]), index == 0 || !isLetter(bytes[index - 1]) else {
                index += 1
                continue
            }
            var stop = index
            while stop < end, isUpper(bytes[stop]) { stop += 1 }
            if stop - index >= 3, stop - index <= 8, stop == bytes.count || !isLetter(bytes[stop]) {
                let word = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<stop]), as: UTF8.self)
                if words.contains(word) { return word }
            }
            index = stop
        }
        return nil
    }

    /// The level a syslog priority states (`<34>`: facility 4, severity 2, CRIT).
    static func syslogPriority(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count >= 3, bytes[0] == UInt8(ascii: "<") else { return nil }
        var value = 0
        var index = 1
        while index < min(bytes.count, 5), bytes[index] >= 0x30, bytes[index] <= 0x39 {
            value = value * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        guard index > 1, index < bytes.count, bytes[index] == UInt8(ascii: ">"), value <= 191 else { return nil }
        return syslogNames[value % 8]
    }

    /// glog's severity letter.
    static func glog(_ letter: UInt8) -> String? { glogNames[letter] }

    /// A level as a JSON record writes it (`"level": "warn"`).
    static func normalized(_ text: String) -> String { text.uppercased() }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || (byte >= 0x61 && byte <= 0x7A) }
}
