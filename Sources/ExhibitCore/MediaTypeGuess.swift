import EvidenceKit
import Foundation

/// A media-type guess from an artifact's first bytes and name, for every artifact, whether or
/// not an extractor accepts it. A guess, and recorded as one.
enum MediaTypeGuess {
    /// Each signature is named by the media type it shows.
    private static let signatures: [MagicSignature] = [
        MagicSignature("application/gzip", bytes: [0x1F, 0x8B]),
        MagicSignature("application/x-bzip2", bytes: Array("BZh".utf8)),
        MagicSignature("application/x-xz", bytes: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]),
        MagicSignature("application/zstd", bytes: [0x28, 0xB5, 0x2F, 0xFD]),
        MagicSignature("application/x-lz4", bytes: [0x04, 0x22, 0x4D, 0x18]),
        MagicSignature("application/zip", bytes: Array("PK\u{3}\u{4}".utf8)),
        MagicSignature("application/zip", bytes: Array("PK\u{5}\u{6}".utf8)),
        MagicSignature("application/x-7z-compressed", bytes: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]),
        MagicSignature("application/vnd.rar", bytes: Array("Rar!\u{1A}\u{7}".utf8)),
        MagicSignature("application/x-archive", bytes: Array("!<arch>\n".utf8)),
        MagicSignature("application/x-cpio", bytes: Array("070701".utf8)),
        MagicSignature("application/x-cpio", bytes: Array("070707".utf8)),
        MagicSignature("application/x-tar", at: 257, bytes: Array("ustar".utf8)),
        MagicSignature("application/x-iso9660-image", at: 32769, bytes: Array("CD001".utf8)),
        MagicSignature("application/pdf", bytes: Array("%PDF-".utf8)),
        MagicSignature("image/png", bytes: [0x89, 0x50, 0x4E, 0x47]),
        MagicSignature("image/jpeg", bytes: [0xFF, 0xD8, 0xFF]),
        MagicSignature("application/x-executable", bytes: [0x7F, 0x45, 0x4C, 0x46]),
        MagicSignature("application/vnd.sqlite3", bytes: Array("SQLite format 3\u{0}".utf8)),
    ]

    private static let byExtension: [String: String] = [
        "json": "application/json", "jsonl": "application/jsonl", "yaml": "application/yaml",
        "yml": "application/yaml", "toml": "application/toml", "ipynb": "application/x-ipynb+json",
        "py": "text/x-python", "md": "text/markdown", "txt": "text/plain", "log": "text/plain",
        "csv": "text/csv", "safetensors": "application/octet-stream", "html": "text/html",
    ]

    static func guess(head: Data, name: String) -> String {
        if let signature = signatures.first(where: { $0.matches(head) }) { return signature.name }
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
        head.prefix(4096).withUnsafeBytes { sample in
            var printable = 0
            for byte in sample {
                if byte == 0 { return false }
                if byte >= 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { printable += 1 }
            }
            return printable * 100 >= sample.count * 95
        }
    }
}
