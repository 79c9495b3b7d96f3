import Foundation

/// How a configuration file's bytes are text: UTF-8 (with or without a BOM), UTF-32 or UTF-16 with
/// a BOM (decoded, and read as UTF-8), binary (a NUL in the first 8 KiB), or wide text that does
/// not decode. Invalid UTF-8 is decoded with U+FFFD and said so.
enum TextEncoding: Equatable {
    case utf8
    case utf8WithInvalidBytes
    case wide(String)
    case undecodable(String)
    case binary

    /// A warning to record about the encoding, if any.
    var note: String? {
        switch self {
        case .utf8: return nil
        case .utf8WithInvalidBytes: return "not valid UTF-8: invalid bytes shown as U+FFFD"
        case .wide(let name): return "\(name) text (decoded); byte offsets refer to the text re-encoded as UTF-8"
        case .undecodable(let name): return "\(name) text that does not decode: not parsed"
        case .binary: return "binary content in a file named like a configuration: not parsed"
        }
    }

    /// Whether the text can be parsed.
    var isText: Bool {
        switch self {
        case .utf8, .utf8WithInvalidBytes, .wide: return true
        case .undecodable, .binary: return false
        }
    }

    /// The text of `data` and its encoding (no text when it is not text). A head cut in the middle
    /// of a character decodes up to it.
    static func decode(_ data: Data) -> (text: String, encoding: TextEncoding) {
        // UTF-32's little-endian BOM begins with UTF-16's: it is told first.
        let wide: (name: String, encoding: String.Encoding, unit: Int)?
        if data.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || data.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            wide = ("UTF-32", data.first == 0xFF ? .utf32LittleEndian : .utf32BigEndian, 4)
        } else if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            wide = ("UTF-16", data.first == 0xFF ? .utf16LittleEndian : .utf16BigEndian, 2)
        } else {
            wide = nil
        }
        if let wide {
            let whole = data.prefix(data.count - data.count % wide.unit)
            guard let text = String(data: whole, encoding: wide.encoding) else { return ("", .undecodable(wide.name)) }
            return (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, .wide(wide.name))
        }
        if data.prefix(8192).contains(0) { return ("", .binary) }
        if let text = String(data: data, encoding: .utf8) { return (text, .utf8) }
        return (String(decoding: data, as: UTF8.self), .utf8WithInvalidBytes)
    }
}
