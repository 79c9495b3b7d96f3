import EvidenceFormats
import EvidenceKit

/// What the Python of a notebook's code cells names: imported modules (`code.import`), models
/// and datasets (`from_pretrained("…")`, `load_dataset("…")`, `hf_hub_download`, checkpoint
/// paths), training settings from assignments and keyword arguments under the shared
/// vocabulary's names (`training.hyperparameter`), RL techniques from trainer classes and configs
/// (`rl.technique`), environment variables and credentials. Read from tokens; nothing is run.
final class PythonCellScanner {
    private let sink: any FindingSink
    /// Paths with user names are looked for in the code's strings as in the outputs, once per notebook.
    private let paths: OutputTextScanner
    /// String constants assigned in earlier cells and this one (`model_id = "…"`), so that a
    /// name passed to `from_pretrained` is resolved as the kernel would have.
    private var constants: [String: String] = [:]
    /// Techniques seen in the notebook, in order.
    private(set) var techniques: [String] = []

    init(sink: any FindingSink, paths: OutputTextScanner) {
        self.sink = sink
        self.paths = paths
    }

    /// A technique as the notebook shows it: where it is shown most strongly (the first cell
    /// that uses a class or an argument of it; an import alone is weaker), how, and the settings
    /// given with it.
    private struct ShownTechnique {
        var locator: Locator
        var used: Bool
        var evidence: [String] = []
        var keys: [String: Value] = [:]
    }

    private var shown: [String: ShownTechnique] = [:]

    /// What one cell's findings need to share.
    private struct CellFindings {
        let locator: Locator
        /// What papermill made of the cell, by its tag: `injected` (the values it ran the
        /// notebook with, in the cell it wrote) or `default` (the template's `parameters` cell).
        var papermill: String?
        var seen: Set<String> = []
        var evidence: [String: [String]] = [:]
        var used: Set<String> = []
        var techniqueOrder: [String] = []
        var rlKeys: [String: Value] = [:]

        mutating func firstTime(_ key: String) -> Bool { seen.insert(key).inserted }

        mutating func show(_ technique: String, by what: String, used isUse: Bool = true) {
            if evidence[technique] == nil { techniqueOrder.append(technique) }
            if !(evidence[technique] ?? []).contains(what) { evidence[technique, default: []].append(what) }
            if isUse { used.insert(technique) }
        }
    }

    func scan(_ tokens: [PythonToken], cell locator: Locator, tags: [String] = []) {
        var cell = CellFindings(locator: locator)
        cell.papermill = tags.contains("injected-parameters") ? "injected" : tags.contains("parameters") ? "default" : nil
        for statement in Self.statements(tokens) {
            if statement.first?.isName("import") == true || statement.first?.isName("from") == true {
                imports(statement, &cell)
            } else {
                assignment(statement, &cell)
            }
        }
        for call in PythonCall.all(in: tokens) { self.call(call, &cell) }
        for token in tokens {
            guard case .string = token.kind else { continue }
            if Self.isCheckpointPath(token.text) { reference(.model, token.text, call: "", role: "checkpoint", line: token.line, &cell) }
            secrets(key: "", value: token.text, line: token.line, &cell)
            paths.userPaths(token.text, bytes: Array(token.text.utf8), at: locator)
        }
        remember(cell)
    }

    // MARK: Statements

    /// Logical lines, without indentation and comments.
    static func statements(_ tokens: [PythonToken]) -> [[PythonToken]] {
        var statements: [[PythonToken]] = []
        var current: [PythonToken] = []
        for token in tokens {
            switch token.kind {
            case .newline:
                if !current.isEmpty { statements.append(current) }
                current = []
            case .comment, .indent, .dedent: continue
            default: current.append(token)
            }
        }
        if !current.isEmpty { statements.append(current) }
        return statements
    }

    private func imports(_ statement: [PythonToken], _ cell: inout CellFindings) {
        let line = statement[0].line
        if statement[0].isName("from") {
            var module = ""
            var index = 1
            while index < statement.count, !statement[index].isName("import") {
                module += statement[index].text
                index += 1
            }
            let names = statement.dropFirst(index + 1).filter { $0.kind == .name && $0.text != "as" }.map(\.text)
            for name in names {
                if let technique = MLVocabulary.rlTrainerClasses[name] { cell.show(technique, by: "import \(name)", used: false) }
            }
            emitImport(module: module, names: names, alias: nil, line: line, &cell)
            return
        }
        // import a.b as c, d
        var parts: [[PythonToken]] = [[]]
        for token in statement.dropFirst() {
            if token.isOp(",") { parts.append([]) } else { parts[parts.count - 1].append(token) }
        }
        for part in parts where !part.isEmpty {
            let asIndex = part.firstIndex { $0.isName("as") }
            let module = part[..<(asIndex ?? part.endIndex)].map(\.text).joined()
            let alias = asIndex.flatMap { part.indices.contains($0 + 1) ? part[$0 + 1].text : nil }
            emitImport(module: module, names: [], alias: alias, line: line, &cell)
        }
    }

    private func emitImport(module: String, names: [String], alias: String?, line: Int, _ cell: inout CellFindings) {
        guard !module.isEmpty, cell.firstTime("import \(module) \(names)") else { return }
        var attributes: [String: Value] = ["module": .string(module), "source_line": .integer(Int64(line))]
        if !names.isEmpty { attributes["names"] = .list(names.map(Value.string)) }
        attributes["alias"] = alias.map(Value.string)
        let top = module.split(separator: ".").first.map(String.init) ?? module
        sink.emit(Finding("code.import", summary: names.isEmpty ? "import \(module)" : "from \(module) import \(names.joined(separator: ", "))",
                          attributes: attributes, at: cell.locator,
                          mentions: module.hasPrefix(".") ? [] : [EntityRef(kind: .softwarePackage, value: top, role: "import")]))
    }

    /// `lr = 3e-4`, `MODEL_ID: str = "…"`, `args.learning_rate = 1e-5`, `os.environ["HF_TOKEN"] = "…"`.
    private func assignment(_ statement: [PythonToken], _ cell: inout CellFindings) {
        guard let equals = statement.firstIndex(where: { $0.isOp("=") }), equals > 0 else { return }
        let target = statement[..<equals]
        let value = PythonCall.literal(statement[(equals + 1)...])
        let line = statement[0].line
        if target.count >= 6, target[0].isName("os"), target[2].isName("environ"), target[3].isOp("["),
           case .string = target[4].kind {
            var text: String?
            if case .string(let assigned)? = value { text = assigned }
            EnvironmentCommands.variable(name: target[4].text, value: text, line: line, at: cell.locator, into: sink)
            return
        }
        // A single name, maybe dotted, maybe annotated: the last name before any ':'.
        let names = target.prefix { !$0.isOp(":") }
        guard let last = names.last, last.kind == .name,
              names.allSatisfy({ $0.kind == .name || $0.isOp(".") }), let value else { return }
        if case .string(let text) = value { constants[last.text] = text }
        setting(last.text, value, key: names.map(\.text).joined(), call: nil, configLike: false, line: line, &cell)
    }

    // MARK: Calls

    private func call(_ call: PythonCall, _ cell: inout CellFindings) {
        let name = call.name
        if let technique = MLVocabulary.rlTrainerClasses[name] { cell.show(technique, by: "\(name)(…)") }
        let configLike = name.hasSuffix("Config") || name.hasSuffix("Arguments") || name.hasSuffix("Trainer")
        let firstString = call.positional.lazy.compactMap { self.string($0) }.first
        func keyword(_ names: String...) -> String? {
            call.keywords.first { names.contains($0.name) }.flatMap { self.string($0.value) }
        }
        switch name {
        case "from_pretrained", "from_single_file":
            if let model = firstString ?? keyword("pretrained_model_name_or_path", "model_name_or_path", "model_id") {
                let role = call.callee.contains("Tokenizer") || call.callee.contains("Processor") ? "tokenizer" : "model"
                reference(.model, model, call: call.callee, role: role, line: call.line, &cell)
            }
        case "load_dataset", "load_from_disk":
            if let dataset = firstString ?? keyword("path", "dataset_path") {
                reference(.dataset, dataset, call: call.callee, role: "dataset", line: call.line, &cell)
            }
        case "hf_hub_download", "snapshot_download":
            if let repository = keyword("repo_id") ?? firstString {
                reference(.model, repository, call: call.callee, role: "hub_download", line: call.line, &cell)
            }
        default:
            // GRPOTrainer(model="…"), PPOTrainer(ref_model="…"): a trainer takes a model by name too.
            guard name.hasSuffix("Trainer") else { break }
            for role in ["model", "ref_model", "reward_model"] {
                if let model = keyword(role) { reference(.model, model, call: call.callee, role: role, line: call.line, &cell) }
            }
        }
        for (keyword, tokens) in call.keywords {
            if let technique = MLVocabulary.rlKeywordSignals[keyword] { cell.show(technique, by: "\(keyword)=") }
            if configLike, let signal = MLVocabulary.rlSignals.first(where: { $0.keys.contains(keyword) }) {
                cell.show(signal.technique, by: "\(keyword)=")
            }
            guard let value = PythonCall.literal(tokens) ?? self.string(tokens).map(Value.string) else { continue }
            if configLike, MLVocabulary.rlReportedKeys.contains(keyword) { cell.rlKeys[keyword] = MLVocabulary.canonical(value) }
            setting(keyword, value, key: "\(name)(\(keyword)=)", call: call.callee, configLike: configLike, line: call.line, &cell)
        }
    }

    /// A literal string, or a name bound to one earlier.
    private func string(_ tokens: ArraySlice<PythonToken>) -> String? {
        if case .string(let text)? = PythonCall.literal(tokens) { return text }
        if tokens.count == 1, let only = tokens.first, only.kind == .name { return constants[only.text] }
        return nil
    }

    /// A name bound to a value, by assignment or keyword: a training setting, a model or dataset
    /// named under a key that says so, a credential.
    private func setting(_ name: String, _ value: Value, key: String, call: String?, configLike: Bool, line: Int,
                         _ cell: inout CellFindings) {
        let normalized = MLVocabulary.hyperparameterName(forCodeName: name)
            ?? (configLike && MLVocabulary.rlReportedKeys.contains(name) ? name : nil)
        if let normalized, cell.firstTime("setting \(normalized) \(key) \(value)") {
            var attributes: [String: Value] = ["name": .string(normalized), "value": MLVocabulary.canonical(value),
                                               "key": .string(key), "source_line": .integer(Int64(line))]
            attributes["call"] = call.map(Value.string)
            attributes["papermill"] = cell.papermill.map(Value.string)
            sink.emit(Finding("training.hyperparameter", summary: "\(normalized) = \(value)", attributes: attributes, at: cell.locator))
        }
        guard case .string(let text) = value else { return }
        for mention in EntityScanner.mentions(key: name.lowercased(), value: value) {
            if mention.kind == .model || mention.kind == .dataset {
                reference(mention.kind, mention.value, call: call ?? "", role: name, line: line, &cell)
            }
        }
        secrets(key: name, value: text, line: line, &cell)
    }

    private func reference(_ kind: EntityKind, _ value: String, call: String, role: String, line: Int, _ cell: inout CellFindings) {
        guard cell.firstTime("\(kind.rawValue) \(value) \(role)") else { return }
        let what = kind == .dataset ? "dataset" : "model"
        var attributes: [String: Value] = [what: .string(value), "role": .string(role), "source_line": .integer(Int64(line))]
        if !call.isEmpty { attributes["call"] = .string(call) }
        sink.emit(Finding(kind == .dataset ? "code.dataset_reference" : "code.model_reference",
                          summary: "\(role == "checkpoint" ? "checkpoint" : what) \(value)" + (call.isEmpty ? "" : " (\(call))"),
                          attributes: attributes, at: cell.locator, mentions: [EntityRef(kind: kind, value: value, role: role)]))
    }

    private func secrets(key: String, value: String, line: Int, _ cell: inout CellFindings) {
        for finding in SecretScanner.findings(key: key, value: value, pointer: "\(cell.locator.jsonPointer ?? "") line \(line)",
                                              at: cell.locator) {
            guard case .string(let digest)? = finding.attributes["sha256"], cell.firstTime("secret \(digest)") else { continue }
            sink.emit(finding)
        }
    }

    /// A string that names a saved checkpoint: a weights file or a `checkpoint-N` folder.
    static func isCheckpointPath(_ text: String) -> Bool {
        guard text.count < 512, !text.contains(" "), !text.contains("\n") else { return false }
        let lowered = text.lowercased()
        return [".pt", ".pth", ".bin", ".safetensors", ".ckpt", ".gguf", ".onnx"].contains { lowered.hasSuffix($0) }
            || lowered.contains("checkpoint-")
    }

    // MARK: Techniques

    private func remember(_ cell: CellFindings) {
        for technique in cell.techniqueOrder {
            let used = cell.used.contains(technique)
            var known = shown[technique] ?? ShownTechnique(locator: cell.locator, used: used)
            if shown[technique] == nil { techniques.append(technique) }
            if used, !known.used { (known.locator, known.used) = (cell.locator, true) }
            for what in cell.evidence[technique] ?? [] where !known.evidence.contains(what) { known.evidence.append(what) }
            if used { known.keys.merge(cell.rlKeys) { first, _ in first } }
            shown[technique] = known
        }
    }

    /// One `rl.technique` per technique the notebook shows, at the cell that shows it most
    /// strongly, with the settings given with it and those that differ from the library's defaults.
    func emitTechniques() {
        for technique in techniques {
            guard let known = shown[technique] else { continue }
            var differing: [String: Value] = [:]
            for (key, value) in known.keys {
                if let standard = MLVocabulary.rlDefaults[technique]?[key], MLVocabulary.canonical(standard) != value {
                    differing[key] = .object(["value": value, "default": standard])
                }
            }
            sink.emit(Finding("rl.technique", summary: "\(technique) in code: " + known.evidence.joined(separator: ", ")
                                  + (differing.isEmpty ? "" : "; \(differing.count) non-default"),
                              attributes: ["technique": .string(technique), "evidence": .list(known.evidence.map(Value.string)),
                                           "keys": .object(known.keys), "non_default": .object(differing),
                                           "imported_only": .bool(!known.used)],
                              at: known.locator, mentions: [EntityRef(kind: .technique, value: technique)]))
        }
    }
}
