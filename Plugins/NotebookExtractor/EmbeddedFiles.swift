import EvidenceFormats
import EvidenceKit
import Foundation

/// Images and other binary outputs and attachments, decoded from base64 and handed to the host
/// as child artifacts — hashed, recognized, numbered and exportable like any archive member —
/// named after their cell and output (`cell-3/output-0.png`, `cell-2/attachments/plot.png`).
/// SVG is handed as the text it is. Invalid base64 is a warning, not a child.
final class EmbeddedFiles {
    /// The MIME types decoded from base64, with the extension their children get.
    static let binaryTypes: [String: String] = [
        "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "application/pdf": "pdf",
        "image/bmp": "bmp", "image/webp": "webp", "image/tiff": "tiff",
    ]

    private let json: NotebookJSON
    private let sink: any ContainerSink
    /// Decoded bytes held in memory before a child is streamed instead (and its validity is
    /// then known only at its end).
    private let heldBytes: Int
    private let decodeImages: Bool
    /// Children handed so far: each child's entry index.
    private(set) var handed = 0
    /// Binary outputs and attachments seen, decoded or not.
    private(set) var images = 0
    /// Set when the host's budget stopped the children: the rest are skipped.
    private var stopped = false

    init(json: NotebookJSON, sink: any ContainerSink, limits: ExtractionLimits, decodeImages: Bool) {
        self.json = json
        self.sink = sink
        heldBytes = max(min(limits.maxInMemoryBytes / 4, 32 << 20), 4096)
        self.decodeImages = decodeImages
    }

    /// The output's value for `mime` (next in the scanner), decoded into a child.
    func output(mime: String, cell: Int, output: Int, pointer: String) throws {
        let path = "cell-\(cell)/output-\(output)." + (Self.binaryTypes[mime] ?? "svg")
        try hand(path: path, mime: mime, at: Locator(jsonPointer: pointer, cellIndex: cell),
                 attributes: ["cell_index": .integer(Int64(cell)), "output_index": .integer(Int64(output))])
    }

    /// An attachment's MIME bundle (next in the scanner): each binary or SVG entry a child.
    func attachment(name: String, cell: Int, pointer: String) throws {
        let safeName = name.isEmpty ? "unnamed" : name.replacingOccurrences(of: "/", with: "_")
        var entries = 0
        try json.members { mime in
            guard Self.binaryTypes[mime] != nil || mime == "image/svg+xml" else { return false }
            let path = "cell-\(cell)/attachments/" + (entries == 0 ? safeName : "\(safeName).\(entries)")
            entries += 1
            try hand(path: path, mime: mime, at: Locator(jsonPointer: "\(pointer)/\(JSONScanner.escape(mime))", cellIndex: cell),
                     attributes: ["cell_index": .integer(Int64(cell)), "attachment": .string(name)])
            return true
        }
    }

    private func hand(path: String, mime: String, at locator: Locator, attributes: [String: Value]) throws {
        images += 1
        let encoded = try StringRunSource(json)
        defer { try? encoded.finish() }
        guard decodeImages, !stopped else { return try encoded.finish() }
        if encoded.notStrings > 0, mime != "image/svg+xml" {
            sink.warn(.notText(key: mime), at: locator)
        }
        let isText = mime == "image/svg+xml"
        let base64 = isText ? nil : Base64DecodingSource(encoded)
        let decoder: any ByteSource = base64 ?? encoded
        let held: Data, complete: Bool
        do {
            (held, complete) = try Self.read(decoder, upTo: heldBytes)
        } catch let failure as Base64DecodingSource.Failure {
            return sink.warn(.invalidBase64(mimeType: mime, reason: failure.reason), at: locator)
        }
        // Larger than is held: streamed from here, and its validity known only at its end.
        let content = HashingSource(complete ? DataByteSource(held) : PrefixedSource(held, then: decoder))
        var memberAttributes = attributes
        memberAttributes["mime_type"] = .string(mime)
        memberAttributes["json_pointer"] = .string(locator.jsonPointer ?? "")
        let member = Member(path: path, type: .file, size: complete ? Int64(held.count) : nil, entryIndex: handed,
                            attributes: memberAttributes)
        handed += 1
        do {
            // The host reads the child before this returns; a read that fails is recorded on the child.
            try sink.member(member, content: content)
        } catch EvidenceError.limitReached(let limit, let detail) {
            stopped = true
            sink.limitation("embedded files from \(path) on were not handed on: \(detail)", limit: limit, at: locator)
            return
        }
        let failure = base64?.failure?.reason
        if let failure {
            sink.warn(.invalidBase64(mimeType: mime, reason: "\(failure); the child \(path) is cut there"), at: locator)
        }
        var findingAttributes = memberAttributes
        findingAttributes["member"] = .string(path)
        findingAttributes["bytes"] = .integer(content.count)
        if failure == nil { findingAttributes["sha256"] = content.digest.map(Value.string) }
        sink.emit(Finding("notebook.image", summary: "\(mime), \(content.count) bytes: \(path)",
                          attributes: findingAttributes, at: locator))
    }

    /// Up to `limit` bytes of `source`, and whether that was all of it.
    private static func read(_ source: any ByteSource, upTo limit: Int) throws -> (Data, ended: Bool) {
        var held = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while held.count < limit {
            let wanted = min(buffer.count, limit - held.count)
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<wanted])) }
            if count == 0 { return (held, true) }
            held.append(contentsOf: buffer[0..<count])
        }
        return (held, false)
    }
}
