import EvidenceFormats
import EvidenceKit

/// Reads one output of a code cell: its text scanned (streams, plain-text results, tracebacks),
/// Trainer progress tables read as series, errors reported, images handed on as children —
/// nbformat 4's MIME bundles under `data` and nbformat 3's short keys at the output's top level.
final class OutputReader {
    /// nbformat 3's short keys and the MIME types they stand for.
    static let shortKeys: [String: String] = [
        "png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml", "html": "text/html", "latex": "text/latex",
        "json": "application/json", "javascript": "application/javascript", "pdf": "application/pdf", "text": "text/plain",
    ]
    static let knownTypes: Set<String> = ["stream", "display_data", "execute_result", "error", "pyout", "pyerr", "update_display_data"]

    private let json: NotebookJSON
    private let sink: any ContainerSink
    private let embedded: EmbeddedFiles
    private let textBytes: Int
    /// Outputs read, by output type.
    private(set) var counts: [String: Int] = [:]
    private(set) var total = 0
    let scanner: OutputTextScanner

    init(json: NotebookJSON, sink: any ContainerSink, embedded: EmbeddedFiles, textBytes: Int) {
        self.json = json
        self.sink = sink
        self.embedded = embedded
        self.textBytes = textBytes
        scanner = OutputTextScanner(sink: sink)
    }

    /// The parts of one output, as read.
    private struct Parts {
        var type: String?
        var stream: String?
        var mimeTypes: [String] = []
        var ename: String?
        var evalue: String?
        var tracebackLines = 0
        var textBytes: Int64 = 0
    }

    func read(cell: Int, output: Int, pointer: String) throws {
        let locator = Locator(jsonPointer: pointer, cellIndex: cell)
        var parts = Parts()
        let isObject = try json.members { key in
            switch key {
            case "output_type": parts.type = try json.string()
            case "name", "stream": parts.stream = try json.string()
            case "ename": parts.ename = try json.string()
            case "evalue": parts.evalue = try json.string(maxBytes: 4096)
            case "traceback": try readTraceback(&parts, at: locator)
            case "data":
                try json.members { mime in
                    parts.mimeTypes.append(mime)
                    return try readBundleEntry(mime, cell: cell, output: output, pointer: "\(pointer)/data/\(JSONScanner.escape(mime))",
                                               parts: &parts)
                }
            default:
                guard let mime = Self.shortKeys[key] else { return false }
                // A stream's `text` is its text, not a MIME entry (nbformat writes `output_type` first).
                if parts.type != "stream" { parts.mimeTypes.append(mime) }
                return try readBundleEntry(mime, cell: cell, output: output, pointer: "\(pointer)/\(key)", parts: &parts)
            }
            return true
        }
        total += 1
        guard isObject else {
            return sink.warn("output \(output) of cell \(cell) is not an object: skipped", at: locator,
                             attributes: ["check": "not_an_object"])
        }
        let type = parts.type ?? "unknown"
        counts[type, default: 0] += 1
        if parts.type == nil { sink.warn(.missingOutputType, at: locator) }
        else if !Self.knownTypes.contains(type) { sink.warn(.unknownOutputType(type), at: locator) }
        if type == "error" || type == "pyerr" || parts.ename != nil { emitError(parts, at: locator) }
        var attributes: [String: Value] = ["output_type": .string(type), "output_index": .integer(Int64(output)),
                                           "mime_types": .list(parts.mimeTypes.map(Value.string)),
                                           "text_bytes": .integer(parts.textBytes)]
        attributes["stream"] = parts.stream.map(Value.string)
        sink.emit(Finding("notebook.output", summary: "cell \(cell) output \(output): \(type)"
                          + (parts.stream.map { " (\($0))" } ?? ""), attributes: attributes, at: locator))
    }

    /// One entry of a MIME bundle: binary and SVG entries become children, text is scanned,
    /// the rest (JSON, JavaScript, widget views) is skipped.
    private func readBundleEntry(_ mime: String, cell: Int, output: Int, pointer: String, parts: inout Parts) throws -> Bool {
        if EmbeddedFiles.binaryTypes[mime] != nil || mime == "image/svg+xml" {
            try embedded.output(mime: mime, cell: cell, output: output, pointer: pointer)
            return true
        }
        guard mime == "text/plain" || mime == "text/html" else { return false }
        let locator = Locator(jsonPointer: pointer, cellIndex: cell)
        var text = NotebookText(keeping: textBytes)
        if try !json.multilineText(into: &text) { sink.warn(.notText(key: mime), at: locator) }
        parts.textBytes += text.length
        if !text.isValidUTF8 { sink.warn(.invalidUTF8(what: "the \(mime) of output \(output)"), at: locator) }
        if text.isCut {
            sink.limitation("\(text.length) bytes of \(mime) output: the first \(textBytes) were scanned", limit: "output_text_bytes",
                            at: locator)
        }
        if mime == "text/html" {
            ProgressTable.read(text.string, at: locator, into: sink)
        } else {
            scanner.scan(text.string, at: locator)
            TrainerLogLines.read(text.string, at: locator, into: sink)
        }
        return true
    }

    private func readTraceback(_ parts: inout Parts, at locator: Locator) throws {
        var text = NotebookText(keeping: textBytes)
        try json.elements { _ in
            if try json.peek() == .string {
                try text.append(try json.scanner.stringContent())
                text.append(Array("\n".utf8))
                parts.tracebackLines += 1
            } else {
                try json.scanner.skipValue()
            }
        }
        scanner.scan(OutputTextScanner.withoutANSI(text.string), at: locator)
    }

    private func emitError(_ parts: Parts, at locator: Locator) {
        let name = parts.ename ?? "?"
        var attributes: [String: Value] = ["ename": .string(name), "traceback_lines": .integer(Int64(parts.tracebackLines))]
        attributes["evalue"] = parts.evalue.map(Value.string)
        sink.emit(Finding("notebook.error", severity: .info, summary: "\(name): \(parts.evalue ?? "")",
                          attributes: attributes, at: locator))
    }
}
