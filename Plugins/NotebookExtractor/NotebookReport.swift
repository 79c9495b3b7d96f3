import EvidenceFormats
import EvidenceKit

/// What is emitted once the whole notebook has been read and its version and language are
/// known: the checks, each cell with its hashes and what its code names, the execution order,
/// and the summary.
struct NotebookReport {
    let reader: NotebookReader
    let sink: any ContainerSink

    /// The language the code cells are read as; Python when the notebook does not say.
    private var language: String { (reader.metadata.language ?? "python").lowercased() }

    func emit() throws {
        let version = versionText
        if let major = reader.nbformat, major < 3 || major > 4 {
            sink.emit(Finding("notebook.unsupported_version", severity: .warning,
                              summary: NotebookExtractorError.unsupportedVersion(version ?? "?").localizedDescription,
                              attributes: ["nbformat": .string(version ?? "?"), "check": "unsupported_version"]))
            if major < 3 { return summary(version: version, order: ExecutionOrder([]), techniques: []) }
        } else if reader.nbformat == nil {
            sink.warn(.notANotebook(missing: "nbformat"), at: Locator(jsonPointer: "/nbformat"))
        }
        if reader.nbformat == 3, !reader.worksheets, !reader.cells.isEmpty {
            sink.warn("an nbformat 3 notebook with a top-level 'cells' list, as nbformat 4 writes: read as 4",
                      at: Locator(jsonPointer: "/cells"), attributes: ["check": "version_layout"])
        }
        NotebookValidation.check(reader.cells, major: reader.nbformat, minor: reader.nbformatMinor, into: sink)
        let python = PythonCellScanner(sink: sink, paths: reader.outputs.scanner)
        for cell in reader.cells {
            // Reading the cells' code reads nothing: the host's clock is checked here.
            if cell.index % 256 == 255 { try reader.limits.checkDeadline() }
            emit(cell, python: python)
        }
        python.emitTechniques()
        let order = ExecutionOrder(reader.cells)
        order.emit(into: sink)
        summary(version: version, order: order, techniques: python.techniques)
    }

    private var versionText: String? {
        reader.nbformat.map { "\($0)" + (reader.nbformatMinor.map { ".\($0)" } ?? "") }
    }

    private func emit(_ cell: NotebookCell, python: PythonCellScanner) {
        let isCode = cell.type == "code"
        let cellLanguage = (cell.language ?? language).lowercased()
        let readsPython = isCode && cellLanguage == "python" && !cell.source.isCut
        let ipython = readsPython ? IPythonLines(cell.source.string) : nil
        let tokens = ipython.map { PythonTokenizer.tokens($0.python) }
        let normalized = tokens.map(SourceNormalizer.python) ?? SourceNormalizer.text(cell.source.string)
        var attributes: [String: Value] = [
            "index": .integer(Int64(cell.index)), "cell_type": .string(cell.typeName),
            "line_count": .integer(Int64(lineCount(cell.source))), "source_bytes": .integer(cell.source.length),
            "source_sha256": .string(cell.source.sha256), "outputs": .integer(Int64(cell.outputs)),
        ]
        attributes["id"] = cell.id.map(Value.string)
        attributes["execution_count"] = cell.executionCount
        attributes["level"] = cell.level.map { .integer(Int64($0)) }
        if !cell.attachments.isEmpty { attributes["attachments"] = .list(cell.attachments.map(Value.string)) }
        if !cell.tags.isEmpty { attributes["tags"] = .list(cell.tags.map(Value.string)) }
        if !cell.source.isCut {
            attributes["normalized_sha256"] = .string(SourceNormalizer.sha256(normalized))
            attributes["normalization"] = .string(SourceNormalizer.recipe)
        }
        sink.emit(Finding("notebook.cell", summary: "cell \(cell.index) (\(cell.typeName))"
                          + (cell.count.map { " [\($0)]" } ?? "") + ": \(SecretScanner.masked(firstLine(cell.source.string)))",
                          attributes: attributes, at: cell.locator))
        if cell.source.isCut {
            sink.limitation("cell \(cell.index)'s source (\(cell.source.length) bytes) is past what is kept in memory: hashed, not read",
                            limit: "memory_bytes", at: cell.locator)
        }
        fingerprint(cell, language: cellLanguage, python: ipython?.python)
        for command in ipython?.commands ?? [] { EnvironmentCommands.emit(command, cell: cell.locator, into: sink) }
        if let tokens { python.scan(tokens, cell: cell.locator, tags: cell.tags) } else { secrets(cell) }
    }

    /// A code cell's winnowed fingerprints (`code.fingerprints` at the cell), as the code
    /// extractor makes them for a file, so `compare.code` matches a cell against a script; the
    /// Python without its IPython lines, when the cell is Python.
    private func fingerprint(_ cell: NotebookCell, language name: String, python: String?) {
        guard cell.type == "code", !cell.source.isCut, let language = SourceLanguage.named(name) else { return }
        let winnowing = Winnowing.of(python ?? cell.source.string, language: language)
        guard winnowing.tokens > 0 else { return }
        winnowing.report(language: language, lines: lineCount(cell.source), at: cell.locator, into: sink)
    }

    /// Credentials in a cell that is not read as Python (Markdown, raw, other kernels).
    private func secrets(_ cell: NotebookCell) {
        var seen: Set<Value> = []
        for (number, line) in cell.source.string.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for finding in SecretScanner.findings(key: "", value: String(line), pointer: "\(cell.pointer) line \(number + 1)",
                                                  at: cell.locator) where seen.insert(finding.attributes["sha256"] ?? .null).inserted {
                sink.emit(finding)
            }
        }
    }

    private func lineCount(_ text: NotebookText) -> Int {
        guard !text.bytes.isEmpty else { return 0 }
        let breaks = text.bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return text.bytes.last == 0x0A ? breaks : breaks + 1
    }

    private func firstLine(_ text: String) -> String {
        String((text.split(separator: "\n").first ?? "").prefix(80))
    }

    private func summary(version: String?, order: ExecutionOrder, techniques: [String]) {
        var counts: [String: Value] = ["code": 0, "markdown": 0, "raw": 0]
        for cell in reader.cells {
            if case .integer(let count)? = counts[cell.typeName] { counts[cell.typeName] = .integer(count + 1) } else { counts[cell.typeName] = 1 }
        }
        var attributes = reader.metadata.attributes
        attributes["nbformat"] = version.map(Value.string)
        attributes["cells"] = .object(counts)
        attributes["cell_count"] = .integer(Int64(reader.cells.count))
        attributes["executed_cells"] = .integer(Int64(order.executed))
        attributes["outputs"] = .integer(Int64(reader.outputs.total))
        attributes["output_types"] = .object(reader.outputs.counts.mapValues { .integer(Int64($0)) })
        attributes["images"] = .integer(Int64(reader.embedded.images))
        attributes["execution_order"] = .object(order.counts)
        attributes["techniques"] = .list(techniques.map(Value.string))
        if reader.metadata.language == nil { attributes["language_assumed"] = "python" }
        var mentions = reader.metadata.authors.map { EntityRef(kind: .person, value: $0, role: "author") }
        mentions += techniques.map { EntityRef(kind: .technique, value: $0) }
        let kernel = reader.metadata.kernelDisplayName ?? reader.metadata.kernel ?? "no kernel named"
        sink.emit(Finding("notebook.summary", summary: "nbformat \(version ?? "?") notebook, \(kernel): \(reader.cells.count) cells, "
                          + "\(order.executed) executed, \(reader.outputs.total) outputs, \(reader.embedded.images) images"
                          + (order.anomalies.isEmpty ? "" : ", \(order.anomalies.count) execution-order anomalies"),
                          attributes: attributes, mentions: mentions))
    }
}
