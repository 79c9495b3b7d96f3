import EvidenceFormats
import EvidenceKit
import Foundation

/// Jupyter notebooks (nbformat 3 and 4.0–4.5, and later 4.x minors), read completely and never
/// executed: every cell with its hashes, the execution order and times, what the Python names —
/// imports, models, datasets, hyperparameters, RL techniques, packages — and what the outputs
/// show of machines, users, GPUs and versions; images handed on as children.
public struct NotebookExtractor: ConfigurableExtractor, ContainerExtractor {
    /// What an investigator may set (`--extractor-option notebook.output_text_bytes=…`).
    public struct Options: Codable, Sendable {
        /// Bytes of one output's text kept for scanning; the rest is hashed, not scanned.
        public var outputTextBytes: Int
        /// Whether images and other binary outputs are decoded and handed on as children.
        public var images: Bool

        enum CodingKeys: String, CodingKey {
            case outputTextBytes = "output_text_bytes", images
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func extract(_ artifact: Artifact, into sink: any ContainerSink) throws {
        if let what = Self.notJSON(artifact.head) {
            throw EvidenceError.notMyFormat(NotebookExtractorError.notJSON(what: what).localizedDescription)
        }
        let reader = NotebookReader(artifact, sink: sink, options: options)
        try reader.read()
        try NotebookReport(reader: reader, sink: sink).emit()
    }

    /// What the head is when it cannot begin a JSON object: a zip, another binary, other text.
    static func notJSON(_ head: Data) -> String? {
        var bytes = head.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let first = bytes.first else { return "empty" }
        if first == UInt8(ascii: "{") { return nil }
        if bytes.starts(with: [0x50, 0x4B]) { return "a zip archive" }
        return first < 0x20 || first >= 0x80 ? "binary" : "text that is not a JSON object"
    }
}

extension NotebookExtractor: ContentRecognizing {
    /// A JSON object whose head names `nbformat` and `cells` or `worksheets`, or that opens with
    /// a `cells` list of cells (nbformat 4 writes `nbformat` last, past a large head).
    public static func claims(head: Data, name: String) -> Bool {
        guard notJSON(head) == nil else { return false }
        let hasCells = head.range(of: Data(#""cells""#.utf8)) != nil
        if head.range(of: Data(#""nbformat""#.utf8)) != nil, hasCells || head.range(of: Data(#""worksheets""#.utf8)) != nil {
            return true
        }
        guard hasCells, head.range(of: Data(#""cell_type""#.utf8)) != nil else { return false }
        // `{ "cells": [` as the first key.
        let text = head.prefix(64).filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        return text.dropFirst(text.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0).starts(with: Array(#"{"cells":["#.utf8))
    }
}
