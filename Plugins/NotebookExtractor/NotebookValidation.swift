import EvidenceKit
import Foundation

/// The checks nbformat's schema makes of cells, made on the bytes as they are (nbformat's own
/// `validate()` and `upgrade()` insert random ids; nothing here repairs): required keys, 4.5
/// cell ids — missing, duplicate, invalid, or present before 4.5 — execution counts, and text
/// that is neither a string nor a list of strings. Each a warning with its cell.
enum NotebookValidation {
    /// Keys every cell of a type must have (nbformat 4; `id` from 4.5).
    private static let required: [String: [String]] = [
        "code": ["cell_type", "metadata", "source", "execution_count", "outputs"],
        "markdown": ["cell_type", "metadata", "source"],
        "raw": ["cell_type", "metadata", "source"],
    ]
    /// nbformat 3's cell types.
    private static let version3Types: Set<String> = ["code", "markdown", "raw", "heading"]
    private static let validID = try! NSRegularExpression(pattern: "^[a-zA-Z0-9-_]{1,64}$")

    static func check(_ cells: [NotebookCell], major: Int?, minor: Int?, into sink: any FindingSink) {
        let idsRequired = major.map { $0 > 4 } == true || (major == 4 && (minor ?? 0) >= 5)
        var ids: [String: Int] = [:]
        for cell in cells {
            let known = major == 3 ? version3Types.contains(cell.typeName) : required[cell.typeName] != nil
            if !known { sink.warn(.unknownCellType(cell.typeName), at: cell.locator) }
            if major == 4, let keys = required[cell.typeName] {
                for key in keys where !cell.keys.contains(key) { sink.warn(.missingKey(cellType: cell.typeName, key: key), at: cell.locator) }
            }
            if !cell.sourceIsText { sink.warn(.notText(key: major == 3 ? "input" : "source"), at: cell.locator) }
            if !cell.source.isValidUTF8 { sink.warn(.invalidUTF8(what: "the source of cell \(cell.index)"), at: cell.locator) }
            checkCount(cell, into: sink)
            guard let id = cell.id else {
                if idsRequired { sink.warn(.missingID, at: cell.locator) }
                continue
            }
            if !idsRequired, major != nil { sink.warn(.idBeforeVersion(version: "\(major!).\(minor ?? 0)"), at: cell.locator) }
            if validID.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) == nil {
                sink.warn(.invalidID(id: id), at: cell.locator)
            }
            if let first = ids[id] { sink.warn(.duplicateID(id: id, firstCell: first), at: cell.locator) } else { ids[id] = cell.index }
        }
    }

    private static func checkCount(_ cell: NotebookCell, into sink: any FindingSink) {
        switch cell.executionCount {
        case nil, .null?, .integer?: return
        case .string("*")?: sink.warn(.runningPrompt(key: cell.keys.contains("prompt_number") ? "prompt_number" : "execution_count"), at: cell.locator)
        case let other?: sink.warn(.invalidExecutionCount(other.description), at: cell.locator)
        }
    }
}
