import Foundation

/// How a configuration file's bytes are text: UTF-8 (with or without a BOM), UTF-16 with a BOM,
/// or binary (a NUL in the first 8 KiB). Invalid UTF-8 is decoded with U+FFFD and said so.
enum TextEncoding {
    case utf8
    case utf8WithInvalidBytes
    case utf16
    case binary

    /// A warning to record about the encoding, if any.
    var note: String? {
        switch self {
        case .utf8, .binary: return nil
        case .utf8WithInvalidBytes: return "not valid UTF-8: invalid bytes shown as U+FFFD"
        case .utf16: return "UTF-16 text (decoded); byte offsets refer to the UTF-16 file"
        }
    }

    /// The text of `data` and its encoding (no text for binary content).
    static func decode(_ data: Data) -> (text: String, encoding: TextEncoding) {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            // A head cut in the middle of a code unit decodes up to it.
            let even = data.prefix(data.count & ~1)
            return (String(data: even, encoding: .utf16) ?? "", .utf16)
        }
        if data.prefix(8192).contains(0) { return ("", .binary) }
        if let text = String(data: data, encoding: .utf8) { return (text, .utf8) }
        return (String(decoding: data, as: UTF8.self), .utf8WithInvalidBytes)
    }
}
