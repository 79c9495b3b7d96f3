import EvidenceFormats
import EvidenceKit
import Foundation

/// Reads one notebook front to back through the shared scanner, once: cells and their outputs as
/// they stream past (images handed to the host as children on the way), the metadata, the
/// version. What depends on the version or the kernel's language — nbformat 4 writes both after
/// the cells — is decided at the end, from what was kept of each cell.
final class NotebookReader {
    let json: NotebookJSON
    let sink: any ContainerSink
    let limits: ExtractionLimits
    let options: NotebookExtractor.Options
    private(set) var cells: [NotebookCell] = []
    private(set) var metadata = NotebookMetadata()
    private(set) var nbformat: Int?
    private(set) var nbformatMinor: Int?
    /// Whether the cells came in nbformat 3's worksheets.
    private(set) var worksheets = false
    /// The cell being read, for the place of a problem.
    private(set) var currentCell: Int?
    /// Source bytes that may still be kept for reading (code analysis, normalized hashes).
    private var sourceBudget: Int
    let embedded: EmbeddedFiles
    let outputs: OutputReader

    init(_ artifact: Artifact, sink: any ContainerSink, options: NotebookExtractor.Options) {
        json = NotebookJSON(artifact.content, limits: artifact.limits)
        self.sink = sink
        limits = artifact.limits
        self.options = options
        sourceBudget = max(artifact.limits.maxInMemoryBytes / 4, 64 * 1024)
        embedded = EmbeddedFiles(json: json, sink: sink, limits: artifact.limits, decodeImages: options.images)
        outputs = OutputReader(json: json, sink: sink, embedded: embedded, textBytes: options.outputTextBytes)
    }

    /// Reads everything that can be read; a malformed document ends the reading with a warning
    /// at its place, and what came before is kept.
    func read() throws {
        do {
            try readDocument()
        } catch let failure as JSONScanner.Failure {
            var place = failure.locator
            if let currentCell { place.cellIndex = currentCell }
            sink.warn(.malformedJSON(reason: failure.message), at: place)
        }
        for (message, place) in json.scanner.warnings.prefix(100) { sink.warn(message, at: place) }
    }

    private func readDocument() throws {
        guard try json.members({ key in
            switch key {
            case "cells":
                guard nbformat.map({ $0 >= 3 }) ?? true else { return false }
                if try !json.elements({ index in try readCell(index: cells.count, pointer: "/cells/\(index)") }) {
                    sink.warn(.notAList(key: "cells"), at: Locator(jsonPointer: "/cells"))
                }
            case "worksheets":
                guard nbformat.map({ $0 == 3 }) ?? true else { return false }
                worksheets = true
                try readWorksheets()
            case "metadata":
                metadata = try json.notebookMetadata()
                let times = ["start_time", "end_time"].compactMap { field in
                    metadata.papermill[field].flatMap { $0 == .null ? nil : (field, $0.description) }
                }
                ExecutionTimes.emit(times, source: "papermill", cell: Locator(jsonPointer: "/metadata/papermill"), into: sink)
            case "nbformat":
                nbformat = try json.scalar().flatMap(Self.integer)
            case "nbformat_minor":
                nbformatMinor = try json.scalar().flatMap(Self.integer)
            default:
                return false
            }
            return true
        }) else {
            sink.warn(.notANotebook(missing: "top-level object"), at: Locator(byteOffset: 0))
            return
        }
        currentCell = nil
        // Anything after the document (a second document, garbage) is malformed JSON.
        _ = try json.scanner.next()
    }

    private func readWorksheets() throws {
        let read = try json.elements { sheet in
            try json.members { key in
                guard key == "cells" else { return false }
                if try !json.elements({ index in try readCell(index: cells.count, pointer: "/worksheets/\(sheet)/cells/\(index)") }) {
                    sink.warn(.notAList(key: "cells"), at: Locator(jsonPointer: "/worksheets/\(sheet)/cells"))
                }
                return true
            }
        }
        if !read { sink.warn(.notAList(key: "worksheets"), at: Locator(jsonPointer: "/worksheets")) }
    }

    private func readCell(index: Int, pointer: String) throws {
        currentCell = index
        var cell = NotebookCell(index: index, pointer: pointer, keepingSource: sourceBudget)
        let isObject = try json.members { key in
            cell.keys.insert(key)
            switch key {
            case "cell_type": cell.type = try json.string()
            case "id": cell.id = try json.scalar()?.description
            case "execution_count", "prompt_number": cell.executionCount = try json.scalar()
            case "source", "input": cell.sourceIsText = try json.multilineText(into: &cell.source)
            case "level": cell.level = try json.scalar().flatMap(Self.integer)
            case "language": cell.language = try json.string()
            case "metadata": try readCellMetadata(&cell)
            case "outputs":
                if try !json.elements({ output in
                    try outputs.read(cell: index, output: output, pointer: "\(pointer)/outputs/\(output)")
                    cell.outputs += 1
                }) {
                    sink.warn(.notAList(key: "outputs"), at: cell.locator)
                }
            case "attachments":
                try json.members { name in
                    cell.attachments.append(name)
                    try embedded.attachment(name: name, cell: index, pointer: "\(pointer)/attachments/\(JSONScanner.escape(name))")
                    return true
                }
            default: return false
            }
            return true
        }
        guard isObject else {
            sink.warn("cell \(index) is not an object: skipped", at: Locator(jsonPointer: pointer, cellIndex: index),
                      attributes: ["check": "not_an_object"])
            return
        }
        sourceBudget -= cell.source.bytes.count
        cells.append(cell)
    }

    /// A cell's metadata: the execution times Jupyter (4.4's `execution`), the ExecuteTime
    /// extension and papermill record (a time papermill has not filled yet is `null`: left
    /// out), and its tags; the rest is skipped.
    private func readCellMetadata(_ cell: inout NotebookCell) throws {
        try json.members { key in
            switch key {
            case "execution", "ExecuteTime", "papermill":
                var times: [(String, String)] = []
                try json.members { field in
                    guard let value = try json.scalar(), value != .null else { return true }
                    times.append((field, value.description))
                    return true
                }
                ExecutionTimes.emit(times, source: key, cell: cell.locator, into: sink)
            case "tags":
                var tags: [String] = []
                try json.elements { _ in
                    if let tag = try json.string(maxBytes: 128), tags.count < NotebookCell.maxTags { tags.append(tag) }
                }
                cell.tags = tags
            default: return false
            }
            return true
        }
    }

    static func integer(_ value: Value) -> Int? {
        switch value {
        case .integer(let number): return Int(number)
        case .float(let number) where number.rounded() == number && abs(number) < 1e9: return Int(number)
        default: return nil
        }
    }
}
