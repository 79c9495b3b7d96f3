import EvidenceFormats
import Crypto
import EvidenceKit
import Foundation

/// Text read from a notebook — a cell's source, a stream's output — hashed in full as it
/// streams past, and kept up to a bound for reading: a 500 MB output is hashed, never held.
struct NotebookText {
    /// How many bytes are kept for reading.
    let keeping: Int
    private(set) var bytes: [UInt8] = []
    /// Every byte, kept or not.
    private(set) var length: Int64 = 0
    private var hasher = SHA256()

    init(keeping: Int) {
        self.keeping = keeping
    }

    /// Whether bytes past the bound were hashed but not kept.
    var isCut: Bool { length > Int64(bytes.count) }

    /// The SHA-256 of every byte, as lower-case hex.
    var sha256: String { LowerHex.text(hasher.finalize()) }

    /// The kept bytes as text (invalid UTF-8 shown as U+FFFD; see ``isValidUTF8``).
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether the kept bytes are valid UTF-8 (a cut may split a character at the end).
    var isValidUTF8: Bool { String(validating: isCut ? bytes.dropLast(3) : bytes[...], as: UTF8.self) != nil }

    mutating func append(_ source: any ByteSource) throws {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { return }
            append(buffer[0..<count])
        }
    }

    mutating func append<C: Collection>(_ chunk: C) where C.Element == UInt8 {
        let chunk = Array(chunk)
        hasher.update(data: chunk)
        length += Int64(chunk.count)
        if bytes.count < keeping { bytes.append(contentsOf: chunk.prefix(keeping - bytes.count)) }
    }
}
