import EvidenceFormats
import EvidenceKit
import Foundation

/// A cell's shell and magic lines → `code.shell` findings, and what they change of the
/// environment: packages installed (`!pip install trl==0.14`, `%pip`, `uv pip`, `conda`) and
/// variables set (`%env`, `export`), credentials among them masked.
enum EnvironmentCommands {
    static func emit(_ command: IPythonLines.Command, cell: Locator, into sink: any FindingSink) {
        let words = command.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var text = SecretScanner.masked(command.text)
        if let first = words.first, ["env", "set_env", "export"].contains(first), words.count >= 2 {
            let assignment = words[1...].joined(separator: " ")
            let parts = assignment.contains("=") ? assignment.split(separator: "=", maxSplits: 1).map(String.init)
                : words.count >= 3 ? [words[1], words[2...].joined(separator: " ")] : [words[1]]
            let value = parts.count > 1 ? parts[1] : nil
            if variable(name: parts[0], value: value, line: command.line, at: cell, into: sink), let value {
                text = text.replacingOccurrences(of: value, with: "[masked …\(value.suffix(4))]")
            }
        }
        sink.emit(Finding("code.shell", summary: (command.kind == "shell" ? "!" : command.kind == "magic" ? "%" : "%%") + text,
                          attributes: ["command": .string(text), "kind": .string(command.kind),
                                       "source_line": .integer(Int64(command.line))],
                          at: cell))
        if let install = words.firstIndex(of: "install"), install > 0,
           ["pip", "pip3", "conda", "mamba", "micromamba"].contains(words[install - 1]) {
            var skipNext = false
            for word in words[(install + 1)...] {
                if skipNext { skipNext = false; continue }
                if word.hasPrefix("-") {
                    skipNext = ["-r", "-c", "-e", "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--target",
                                "-t", "-n", "--name", "-p", "--prefix", "--channel"].contains(word)
                    continue
                }
                PackageRequirement.parse(word).map {
                    sink.emit($0.finding(source: words[install - 1] + " install", at: cell, line: command.line))
                }
            }
        }
    }

    /// An environment variable set to `value`: reported with its value, unless the value looks
    /// like a credential (then masked, as a `secret.candidate`).
    /// Returns whether the value was masked.
    @discardableResult
    static func variable(name: String, value: String?, line: Int, at cell: Locator, into sink: any FindingSink) -> Bool {
        let secrets = value.map { SecretScanner.findings(key: name, value: $0, pointer: "\(cell.jsonPointer ?? "") line \(line)", at: cell) } ?? []
        var attributes: [String: Value] = ["name": .string(name), "source_line": .integer(Int64(line))]
        if secrets.isEmpty { attributes["value"] = value.map(Value.string) } else { attributes["masked"] = true }
        sink.emit(Finding("environment.variable", summary: "\(name) set" + (secrets.isEmpty ? value.map { " to \($0)" } ?? "" : " (masked)"),
                          attributes: attributes, at: cell))
        secrets.forEach(sink.emit)
        return !secrets.isEmpty
    }
}
