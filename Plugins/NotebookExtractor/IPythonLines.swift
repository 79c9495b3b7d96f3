import Foundation

/// The IPython of a code cell set apart from its Python: shell lines (`!pip install trl==0.14`,
/// `files = !ls`), line magics (`%env`, `%pip`) and cell magics (`%%bash`, `%%writefile`).
/// The Python left is the cell with those lines blanked, so line numbers still hold.
struct IPythonLines {
    /// One shell or magic line: its 1-based line in the cell, and the command without `!` / `%`.
    struct Command {
        let line: Int
        /// `shell` (`!`), `magic` (`%`) or `cell_magic` (`%%`).
        let kind: String
        let text: String
    }

    private(set) var commands: [Command] = []
    /// The cell's Python, IPython lines blanked; empty when a cell magic makes it something else.
    private(set) var python = ""

    /// Cell magics whose body is not Python.
    private static let foreignCellMagics: Set<String> = ["bash", "sh", "script", "system", "html", "javascript", "js", "latex",
                                                         "markdown", "perl", "ruby", "svg", "sql", "R", "julia"]

    init(_ source: String) {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.first, first.hasPrefix("%%") {
            let words = first.dropFirst(2).split(separator: " ")
            let magic = words.first.map(String.init) ?? ""
            commands.append(Command(line: 1, kind: "cell_magic", text: String(first.dropFirst(2))))
            lines[0] = ""
            let writesPython = magic == "writefile" && words.last.map { $0.hasSuffix(".py") } == true
            if Self.foreignCellMagics.contains(magic) || (magic == "writefile" && !writesPython) {
                if magic == "bash" || magic == "sh" || magic == "script" || magic == "system" {
                    for (index, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                        commands.append(Command(line: index + 1, kind: "shell", text: line.trimmingCharacters(in: .whitespaces)))
                    }
                }
                return
            }
        }
        for index in lines.indices {
            let trimmed = lines[index].drop { $0 == " " || $0 == "\t" }
            if let first = trimmed.first, first == "!" || first == "%" {
                let isMagic = first == "%"
                commands.append(Command(line: index + 1, kind: isMagic ? "magic" : "shell", text: String(trimmed.dropFirst())))
                lines[index] = ""
            } else if let captured = Self.capturedShell(trimmed) {
                commands.append(Command(line: index + 1, kind: "shell", text: captured))
                lines[index] = ""
            }
        }
        python = lines.joined(separator: "\n")
    }

    /// `files = !ls` and `out = %sx ls`: the command, if the line is one.
    private static func capturedShell(_ line: Substring) -> String? {
        guard let equals = line.firstIndex(of: "="), equals != line.startIndex else { return nil }
        let target = line[..<equals].trimmingCharacters(in: .whitespaces)
        guard !target.isEmpty, target.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "," || $0 == " " }) else { return nil }
        let rest = line[line.index(after: equals)...].drop { $0 == " " }
        guard let first = rest.first, first == "!" || (first == "%" && rest.dropFirst().first?.isLetter == true) else { return nil }
        return String(rest.dropFirst())
    }
}
