import EvidenceKit
import Foundation

/// What the notebook extractor reports as wrong with a notebook, in one voice. Each becomes a
/// warning finding with its cell (the `check` attribute names the case) and reading goes on;
/// ``notJSON`` declines the artifact from its head.
enum NotebookExtractorError: Error, LocalizedError, Sendable, Equatable {
    /// The head is not JSON at all (a zip named `.ipynb`, a binary): not a notebook.
    case notJSON(what: String)
    /// The JSON could not be read further; what was read before is kept.
    case malformedJSON(reason: String)
    /// The document has no `nbformat`, or no `cells` / `worksheets`.
    case notANotebook(missing: String)
    /// nbformat 2 and older, or a major version after 4.
    case unsupportedVersion(String)
    /// A member that must be a list (`cells`, `outputs`, `worksheets`) is not.
    case notAList(key: String)
    case missingKey(cellType: String, key: String)
    /// nbformat 4.5 cell ids.
    case missingID
    case duplicateID(id: String, firstCell: Int)
    case invalidID(id: String)
    /// A cell id in a notebook that declares a version before 4.5, where ids are not allowed.
    case idBeforeVersion(version: String)
    /// `prompt_number: "*"`: the cell was running when the notebook was saved (nbformat 3).
    case runningPrompt(key: String)
    case invalidExecutionCount(String)
    /// A `source` or `text` that is neither a string nor a list of strings.
    case notText(key: String)
    case invalidUTF8(what: String)
    case unknownCellType(String)
    case unknownOutputType(String)
    case missingOutputType
    case invalidBase64(mimeType: String, reason: String)
    case invalidTimestamp(text: String, reason: String)

    var errorDescription: String? {
        switch self {
        case .notJSON(let what): return "not a notebook: the content is \(what), not JSON"
        case .malformedJSON(let reason): return "the notebook's JSON is malformed (\(reason)): what came before was read"
        case .notANotebook(let missing): return "no \(missing): not a notebook as nbformat describes one"
        case .unsupportedVersion(let version):
            return "nbformat \(version) is not supported (nbformat 3 and 4 are read): its cells were not read"
        case .notAList(let key): return "'\(key)' is not a list"
        case .missingKey(let type, let key): return "a \(type) cell without the required '\(key)'"
        case .missingID: return "a cell without an id (nbformat 4.5 requires one)"
        case .duplicateID(let id, let first): return "cell id '\(id)' was already used by cell \(first)"
        case .invalidID(let id): return "cell id '\(id)' is not 1–64 letters, digits, '-' or '_'"
        case .idBeforeVersion(let version): return "a cell id in an nbformat \(version) notebook (ids came with 4.5)"
        case .runningPrompt(let key): return "\(key) \"*\": the cell was running when the notebook was saved"
        case .invalidExecutionCount(let text): return "execution count \(text) is not a number or null"
        case .notText(let key): return "'\(key)' is neither a string nor a list of strings"
        case .invalidUTF8(let what): return "\(what) is not valid UTF-8 (read with U+FFFD)"
        case .unknownCellType(let type): return "cell type '\(type)' is not one nbformat defines: kept, its content not interpreted"
        case .unknownOutputType(let type): return "output type '\(type)' is not one nbformat defines: kept"
        case .missingOutputType: return "an output without 'output_type'"
        case .invalidBase64(let mime, let reason): return "\(mime) output is not valid base64 (\(reason)): not decoded"
        case .invalidTimestamp(let text, let reason): return "'\(text)' is not a time: \(reason)"
        }
    }

    /// The `check` attribute of the warning that reports it.
    var check: String {
        switch self {
        case .notJSON: return "not_json"
        case .malformedJSON: return "malformed_json"
        case .notANotebook: return "not_a_notebook"
        case .unsupportedVersion: return "unsupported_version"
        case .notAList: return "not_a_list"
        case .missingKey: return "missing_key"
        case .missingID: return "missing_id"
        case .duplicateID: return "duplicate_id"
        case .invalidID: return "invalid_id"
        case .idBeforeVersion: return "id_before_4_5"
        case .runningPrompt: return "running_prompt"
        case .invalidExecutionCount: return "invalid_execution_count"
        case .notText: return "not_text"
        case .invalidUTF8: return "invalid_utf8"
        case .unknownCellType: return "unknown_cell_type"
        case .unknownOutputType: return "unknown_output_type"
        case .missingOutputType: return "missing_output_type"
        case .invalidBase64: return "invalid_base64"
        case .invalidTimestamp: return "invalid_timestamp"
        }
    }
}

extension FindingSink {
    /// Reports a problem of the notebook as a warning at `locator`.
    func warn(_ problem: NotebookExtractorError, at locator: Locator) {
        warn(problem.localizedDescription, at: locator, attributes: ["check": .string(problem.check)])
    }
}
