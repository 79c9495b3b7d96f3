import EvidenceKit
import Foundation

/// A call in Python source — `GRPOConfig(beta=0.04, …)`, `AutoModel.from_pretrained("…")` — with
/// its dotted callee and its arguments as token runs, read from a cell's tokens.
struct PythonCall {
    /// `trl.GRPOConfig`, `AutoModelForCausalLM.from_pretrained`.
    let callee: String
    let positional: [ArraySlice<PythonToken>]
    let keywords: [(name: String, value: ArraySlice<PythonToken>)]
    let line: Int

    /// The callee's last component.
    var name: String { callee.split(separator: ".").last.map(String.init) ?? callee }

    /// Every call in `tokens` (nested ones too), in order; definitions (`def f(`) are not calls.
    static func all(in tokens: [PythonToken]) -> [PythonCall] {
        var calls: [PythonCall] = []
        var index = 0
        while index + 1 < tokens.count {
            defer { index += 1 }
            guard tokens[index].kind == .name, tokens[index + 1].isOp("(") else { continue }
            if index > 0, tokens[index - 1].isName("def") || tokens[index - 1].isName("class") { continue }
            var start = index
            while start >= 2, tokens[start - 1].isOp("."), tokens[start - 2].kind == .name { start -= 2 }
            let callee = tokens[start...index].filter { $0.kind == .name }.map(\.text).joined(separator: ".")
            let arguments = Self.arguments(tokens, open: index + 1)
            var positional: [ArraySlice<PythonToken>] = []
            var keywords: [(String, ArraySlice<PythonToken>)] = []
            for argument in arguments where !argument.isEmpty {
                let first = argument.first!
                if argument.count >= 2, first.kind == .name, argument[argument.startIndex + 1].isOp("=") {
                    keywords.append((first.text, argument.dropFirst(2)))
                } else if !first.isOp("*"), !first.isOp("**") {
                    positional.append(argument)
                }
            }
            calls.append(PythonCall(callee: callee, positional: positional, keywords: keywords, line: tokens[index].line))
        }
        return calls
    }

    /// The arguments of the call whose `(` is at `open`: runs of tokens between top-level commas.
    private static func arguments(_ tokens: [PythonToken], open: Int) -> [ArraySlice<PythonToken>] {
        var arguments: [ArraySlice<PythonToken>] = []
        var depth = 0
        var start = open + 1
        var index = open + 1
        while index < tokens.count {
            let token = tokens[index]
            if token.kind == .op {
                switch token.text {
                case "(", "[", "{": depth += 1
                case ")", "]", "}":
                    if depth == 0 {
                        arguments.append(tokens[start..<index].filter { $0.kind != .comment }[...])
                        return arguments
                    }
                    depth -= 1
                case "," where depth == 0:
                    arguments.append(tokens[start..<index].filter { $0.kind != .comment }[...])
                    start = index + 1
                default: break
                }
            }
            index += 1
        }
        return arguments
    }

    /// The value of a literal — a number, a string (implicitly concatenated too; not an
    /// f-string or bytes), `True`, `False`, `None`, a negative number — or `nil`.
    static func literal(_ tokens: ArraySlice<PythonToken>) -> Value? {
        let tokens = tokens.filter { $0.kind != .comment && $0.kind != .newline }
        guard let first = tokens.first else { return nil }
        if tokens.count == 2, first.isOp("-"), tokens[1].kind == .number, let number = number(tokens[1].text) {
            switch number {
            case .integer(let value): return .integer(-value)
            case .float(let value): return .float(-value)
            default: return nil
            }
        }
        if tokens.allSatisfy({ if case .string(let prefix) = $0.kind { return !prefix.contains("f") && !prefix.contains("b") }; return false }) {
            return .string(tokens.map(\.text).joined())
        }
        guard tokens.count == 1 else { return nil }
        switch first.kind {
        case .number: return number(first.text)
        case .name:
            switch first.text {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .null
            default: return nil
            }
        default: return nil
        }
    }

    /// A Python number literal's value (`3e-4`, `1_000`, `0x10`).
    static func number(_ text: String) -> Value? {
        let clean = text.replacingOccurrences(of: "_", with: "").lowercased()
        if let integer = Int64(clean) { return .integer(integer) }
        if clean.hasPrefix("0x"), let integer = Int64(clean.dropFirst(2), radix: 16) { return .integer(integer) }
        if clean.hasSuffix("j") { return nil }
        return Double(clean).map(Value.float)
    }
}
