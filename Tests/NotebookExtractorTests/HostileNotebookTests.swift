import Crypto
import EvidenceKit
import Foundation
import Testing
@testable import NotebookExtractor

/// Hostile notebooks generated here (too large to commit): each read within its budget, the
/// problem a warning with its cell, the rest of the notebook read.
@Suite struct HostileNotebookTests {
    private func notebook(cells: [String], metadata: String = "{}") -> Data {
        Data(#"{"cells": [\#(cells.joined(separator: ","))], "metadata": \#(metadata), "nbformat": 4, "nbformat_minor": 5}"#.utf8)
    }

    private func imageCell(_ index: Int, base64: String) -> String {
        #"{"cell_type": "code", "execution_count": 1, "id": "c\#(index)", "metadata": {}, "source": "plot()", "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": "\#(base64)"}}]}"#
    }

    private func codeCell(_ index: Int, _ source: String) -> String {
        #"{"cell_type": "code", "execution_count": null, "id": "c\#(index)", "metadata": {}, "source": "\#(source)", "outputs": []}"#
    }

    /// An output larger than is held in memory streams to the host, decoded on the way; its
    /// digest is the digest of every decoded byte.
    @Test func aLargeImageStreamsThroughAndIsHashedWhole() throws {
        var bytes = [UInt8](repeating: 0, count: 3 << 20)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 13) }
        let data = notebook(cells: [imageCell(0, base64: Data(bytes).base64EncodedString(options: .lineLength76Characters)
                                              .replacingOccurrences(of: "\r\n", with: "\\n")),
                                    codeCell(1, "import torch")])
        let sink = try extractNotebook("big.ipynb", data, limits: ExtractionLimits(maxInMemoryBytes: 1 << 20))
        let image = try #require(sink.of("notebook.image").first)
        let expected = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        #expect(image.attributes["sha256"] == .string(expected))
        #expect(image.attributes["bytes"] == .integer(Int64(bytes.count)))
        #expect(sink.members.first?.bytesRead == Int64(bytes.count))
        #expect(sink.strings("code.import", "module") == ["torch"])
    }

    /// Invalid base64 past what is held: the child is cut where it breaks, a warning says so.
    @Test func invalidBase64InAStreamedImageIsAWarning() throws {
        let valid = Data(repeating: 7, count: 2 << 20).base64EncodedString()
        let data = notebook(cells: [imageCell(0, base64: valid + "!!!!"), codeCell(1, "import os")])
        let sink = try extractNotebook("cut.ipynb", data, limits: ExtractionLimits(maxInMemoryBytes: 1 << 20))
        let warnings = sink.of("extraction.warning").filter { $0.attributes["check"] == "invalid_base64" }
        #expect(warnings.count == 1 && warnings.first?.locator.cellIndex == 0)
        #expect(sink.of("notebook.image").first?.attributes["sha256"] == nil)
        #expect(sink.strings("code.import", "module") == ["os"])
    }

    /// 10,000 levels of nested metadata, in a cell and in the notebook, are skipped, not descended.
    @Test func deepMetadataIsSkipped() throws {
        let deep = String(repeating: #"{"a": "#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        let cell = #"{"cell_type": "code", "execution_count": 3, "id": "x", "metadata": {"deep": \#(deep)}, "source": "lr = 0.01", "outputs": []}"#
        let sink = try extractNotebook("deep.ipynb", notebook(cells: [cell], metadata: #"{"deep": \#(deep)}"#))
        #expect(sink.of("extraction.warning").isEmpty)
        #expect(sink.of("training.hyperparameter").first?.attributes["value"] == .float(0.01))
    }

    /// Deep nesting where the notebook's structure is read (an output's `data`): a warning at its
    /// cell, and what came before is kept.
    @Test func deepNestingInsideTheStructureIsAWarning() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let cell = #"{"cell_type": "code", "execution_count": 1, "id": "y", "metadata": {}, "source": "x = 1", "outputs": [{"output_type": "stream", "name": "stdout", "text": \#(deep)}]}"#
        let sink = try extractNotebook("deep.ipynb", notebook(cells: [codeCell(0, "import re"), cell]))
        #expect(sink.strings("code.import", "module") == ["re"])
        #expect(sink.of("notebook.summary").count == 1)
    }

    /// Broken JSON in the middle of a cell: a warning with the cell, the cells before it read.
    @Test func malformedJSONKeepsTheCellsBefore() throws {
        let broken = #"{"cell_type": "code", "execution_count": 2, "id": "b", "metadata": {}, "source": "x = 1", "outputs": [}"#
        let data = notebook(cells: [codeCell(0, "import json"), broken])
        let sink = try extractNotebook("broken.ipynb", data)
        let warning = try #require(sink.of("extraction.warning").first { $0.attributes["check"] == "malformed_json" })
        #expect(warning.locator.byteOffset != nil && warning.locator.cellIndex == 1)
        #expect(sink.strings("code.import", "module") == ["json"])
    }

    @Test func aZipNamedIpynbIsDeclined() throws {
        #expect(throws: EvidenceError.self) {
            try extractNotebook("x.ipynb", Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 40)))
        }
        #expect(!NotebookExtractor.claims(head: Data([0x50, 0x4B, 0x03, 0x04]), name: "x.ipynb"))
    }

    /// nbformat 4 writes `nbformat` after the cells: a notebook whose head is all outputs is
    /// still claimed by content.
    @Test func aLargeNotebookIsClaimedFromItsFirstKey() {
        let head = Data(#"{\#n "cells": [\#n  {\#n   "cell_type": "code","#.utf8) + Data(repeating: 0x41, count: 70_000)
        #expect(NotebookExtractor.claims(head: head.prefix(65_536), name: "anything.json"))
        #expect(!NotebookExtractor.claims(head: Data(#"{"cells": 3, "model_type": "llama"}"#.utf8), name: "config.json"))
    }
}
