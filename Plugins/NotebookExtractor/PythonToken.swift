/// One token of Python source, as ``PythonTokenizer`` reads it.
struct PythonToken: Equatable {
    enum Kind: Equatable {
        case name, number
        /// A string literal: `text` is its content between the quotes, escapes as written;
        /// `prefix` its lower-cased prefix (`r`, `b`, `f`, …).
        case string(prefix: String)
        case op
        case comment
        /// The end of a logical line (a `;` is one too).
        case newline
        /// The indentation grows or shrinks at the start of a logical line.
        case indent, dedent
    }

    let kind: Kind
    let text: String
    /// The line in the cell's source, from 1.
    let line: Int

    func isOp(_ symbol: String) -> Bool { kind == .op && text == symbol }
    func isName(_ word: String) -> Bool { kind == .name && text == word }
}
