import EvidenceKit

/// What the reader learned of one cell, kept until the notebook's end, when its version and
/// language are known (nbformat 4 writes them after the cells).
struct NotebookCell {
    /// The cell's place in the notebook, from 0 (across worksheets in nbformat 3).
    let index: Int
    /// Its JSON pointer: `/cells/3`, or `/worksheets/0/cells/3`.
    let pointer: String
    var type: String?
    var id: String?
    /// The keys the cell has, for the schema's required keys.
    var keys: Set<String> = []
    /// `execution_count` (nbformat 4) or `prompt_number` (nbformat 3), as written.
    var executionCount: Value?
    var source: NotebookText
    /// Whether `source` is a string or a list of strings, as the format requires.
    var sourceIsText = true
    var outputs = 0
    var attachments: [String] = []
    /// `metadata.tags` (papermill's `parameters` and `injected-parameters` among them), the
    /// first ``maxTags``, each cut at 128 bytes.
    var tags: [String] = []
    static let maxTags = 32
    /// nbformat 3: a heading cell's level and a code cell's language.
    var level: Int?
    var language: String?

    init(index: Int, pointer: String, keepingSource: Int) {
        self.index = index
        self.pointer = pointer
        source = NotebookText(keeping: keepingSource)
    }

    /// Where findings about the cell point.
    var locator: Locator { Locator(jsonPointer: pointer, cellIndex: index) }

    /// The execution count when it is a number.
    var count: Int? {
        if case .integer(let count)? = executionCount { return Int(count) }
        return nil
    }

    /// The type as nbformat 4 names it (nbformat 3's `heading` is its own type).
    var typeName: String { type ?? "unknown" }
}
