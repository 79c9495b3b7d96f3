import ArgumentParser
import BuiltInExtractors
import CaseAnalyses
import CaseStore
import EvidenceKit
import ExhibitCore
import ExhibitFoundation
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Compare two sides of a case: analyses with their method, null, controls and limits.",
        discussion: """
            A side is a party, an exhibit number (EX-0003) or an artifact id; a side compared with \
            itself is a positive control. Each method writes its analyses in a committed write of \
            its own, replacing its earlier analyses of the same two sides; `exhibit analyses` lists \
            them and the bundle carries them. Methods: \
            \(Comparison.methods.map(\.id).joined(separator: ", ")) (docs/comparison-methods.md). \
            Example: exhibit compare dispute.exhibit --left claimant --right respondent --json
            """)

    @OptionGroup var target: CaseArgument
    @Option(help: "The left side: a party, an exhibit number or an artifact id.") var left: String
    @Option(help: "The right side: a party, an exhibit number or an artifact id.") var right: String
    @Option(help: "Only these methods (comma-separated ids).") var methods: String?
    @Option(help: "The examiner comparing (default: the case's examiner).") var examiner: String?
    @OptionGroup var output: OutputOptions

    /// The JSON shape of one comparison (docs/cli.md): the analysis, its null lifted out of the
    /// result, and its inputs with where they are and what their bytes were.
    struct ComparisonJSON: Encodable {
        let id, method, methodVersion, subject, interpretation, limits, tool, toolVersion, time: String
        let parameters, result, null, inputs: Value
        @NullEncoded var controls: Value?
        @NullEncoded var score: Double?
        @NullEncoded var statistic: String?
        @NullEncoded var pValue: Double?

        enum CodingKeys: String, CodingKey {
            case id, method, subject, interpretation, limits, tool, time, parameters, result, null, inputs, controls, score
            case statistic
            case methodVersion = "method_version", toolVersion = "tool_version", pValue = "p_value"
        }

        init(_ analysis: AnalysisRecord) {
            id = analysis.id; method = analysis.method; methodVersion = analysis.methodVersion
            subject = analysis.subject; interpretation = analysis.interpretation; limits = analysis.limits
            tool = analysis.tool; toolVersion = analysis.toolVersion; time = analysis.time
            parameters = Self.value(analysis.parameters)
            var result: [String: Value] = [:]
            if case .object(let fields) = Self.value(analysis.result) { result = fields }
            null = result.removeValue(forKey: "null") ?? .null
            inputs = result.removeValue(forKey: "inputs") ?? .list([])
            self.result = .object(result)
            controls = analysis.controls.map(Self.value)
            score = analysis.score; statistic = analysis.statistic; pValue = analysis.pValue
        }

        private static func value(_ json: String) -> Value {
            (try? JSONDecoder().decode(Value.self, from: Data(json.utf8))) ?? .string(json)
        }
    }

    struct ResultJSON: Encodable {
        let analyses: [ComparisonJSON]
    }

    func run() throws {
        let chosen = try Comparison.methods(named: methods?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let file = try CaseFile.open(at: target.casePath)
        let lock = try CaseWriting.lock(target.casePath)
        defer { withExtendedLifetime(lock) {} }
        if let failure = try file.check().firstFailure { throw CaseStoreError.tampered(path: file.path, failure: failure) }
        let context = CustodyContext(examiner: try examiner ?? file.info().examiner)
        // Members of archives that a method reads back (a model inside a tar) are copied again,
        // beside the case, by the extractors that read their containers at intake, run as they
        // ran then (in process, isolated or external); the custody log says how.
        let extractors = ReadBackExtractors()
        let copies = MemberCopies(casePath: file.path) { try extractors.walker(for: $0, in: $1) }
        // Whatever happens, what was walked again and what ran out of process is logged.
        func logReadBack() throws {
            var readBack: [String: Value] = [:]
            if !copies.walks.isEmpty { readBack["walks"] = .list(copies.walks) }
            if let report = extractors.finish() { readBack["out_of_process"] = report }
            if !readBack.isEmpty { try file.appendCustody(context.entry(Comparison.readBackAction, values: readBack)) }
        }
        let written: [(AnalysisRecord, [AnalysisInputRecord])]
        do {
            written = try Comparison.run(file, left: left, right: right, methods: chosen, members: copies) { method in
                context.entry(Comparison.action, details: ["method": method, "left": left, "right": right])
            }
        } catch {
            try? logReadBack()
            throw error
        }
        try logReadBack()
        if output.json {
            try Printer.json(ResultJSON(analyses: written.map { ComparisonJSON($0.0) }))
            return
        }
        if written.isEmpty {
            Printer.line("no analyses: neither side has what the methods compare (\(chosen.map(\.id).joined(separator: ", ")))")
        }
        for (analysis, _) in written {
            let measure = analysis.score.map { "\($0)" } ?? "none"
            Printer.line("\(analysis.method) \(analysis.methodVersion)  \(analysis.subject)  "
                         + "\(analysis.statistic ?? "score") = \(measure)" + analysis.pValueText)
            Printer.line("    \(analysis.interpretation)")
            Printer.line("    limits: \(analysis.limits)")
        }
    }
}
