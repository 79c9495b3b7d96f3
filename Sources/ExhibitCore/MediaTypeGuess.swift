import EvidenceKit
import Foundation

/// A media-type guess from an artifact's first bytes and name, for every artifact, whether or
/// not an extractor accepts it. A guess, and recorded as one.
enum MediaTypeGuess {
    private static let signatures: [(offset: Int, bytes: [UInt8], type: String)] = [
        (0, [0x1F, 0x8B], "application/gzip"),
        (0, Array("BZh".utf8), "application/x-bzip2"),
        (0, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "application/x-xz"),
        (0, [0x28, 0xB5, 0x2F, 0xFD], "application/zstd"),
        (0, [0x04, 0x22, 0x4D, 0x18], "application/x-lz4"),
        (0, Array("PK\u{3}\u{4}".utf8), "application/zip"),
        (0, Array("PK\u{5}\u{6}".utf8), "application/zip"),
        (0, [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "application/x-7z-compressed"),
        (0, Array("Rar!\u{1A}\u{7}".utf8), "application/vnd.rar"),
        (0, Array("!<arch>\n".utf8), "application/x-archive"),
        (0, Array("070701".utf8), "application/x-cpio"),
        (0, Array("070707".utf8), "application/x-cpio"),
        (257, Array("ustar".utf8), "application/x-tar"),
        (32769, Array("CD001".utf8), "application/x-iso9660-image"),
        (0, Array("%PDF-".utf8), "application/pdf"),
        (0, [0x89, 0x50, 0x4E, 0x47], "image/png"),
        (0, [0xFF, 0xD8, 0xFF], "image/jpeg"),
        (0, [0x7F, 0x45, 0x4C, 0x46], "application/x-executable"),
        (0, Array("SQLite format 3\u{0}".utf8), "application/vnd.sqlite3"),
    ]

    private static let byExtension: [String: String] = [
        "json": "application/json", "jsonl": "application/jsonl", "yaml": "application/yaml",
        "yml": "application/yaml", "toml": "application/toml", "ipynb": "application/x-ipynb+json",
        "py": "text/x-python", "md": "text/markdown", "txt": "text/plain", "log": "text/plain",
        "csv": "text/csv", "safetensors": "application/octet-stream", "html": "text/html",
    ]

    static func guess(head: Data, name: String) -> String {
        for signature in signatures
        where MagicSignature(signature.type, at: signature.offset, bytes: signature.bytes).matches(head) {
            return signature.type
        }
        if let type = byExtension[pathExtension(name)] { return type }
        if head.isEmpty { return "application/x-empty" }
        if isMostlyText(head) {
            let first = head.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
            if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return "application/json" }
            return "text/plain"
        }
        return "application/octet-stream"
    }

    /// The lower-cased text after the last dot of the last path component (`""` if none).
    static func pathExtension(_ name: String) -> String {
        let bytes = name.utf8
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")),
              !bytes[dot...].contains(UInt8(ascii: "/")), dot != bytes.startIndex else { return "" }
        return String(decoding: bytes[bytes.index(after: dot)...].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 },
                      as: UTF8.self)
    }

    /// No NUL byte and at least 95% printable in the first 4 KiB (UTF-8 lead and continuation
    /// bytes count as printable).
    private static func isMostlyText(_ head: Data) -> Bool {
        let sample = head.prefix(4096)
        if sample.contains(0) { return false }
        let printable = sample.filter { $0 >= 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }.count
        return printable * 100 >= sample.count * 95
    }
}
