import ArgumentParser
import CaseStore
import EvidenceKit
import ExhibitFoundation
import Foundation

struct AnalysesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyses", abstract: "List the case's analyses: conclusions, with their inputs, measure and limits.",
        discussion: """
            Facts are findings; analyses are conclusions drawn across them, each with its method and \
            version, parameters, inputs and their roles, score, p-value where the method has one, \
            the controls it was read against, and what it does not show. The host keeps three current \
            (content.identical, entity.shared, weights.config_agreement). Example: exhibit analyses dispute.exhibit --method entity.shared --json
            """)

    @OptionGroup var target: CaseArgument
    @Option(help: "Only this method (content.identical, entity.shared, weights.config_agreement, …).") var method: String?
    @OptionGroup var output: OutputOptions

    /// The JSON shape of one analysis (docs/cli.md); every key is always present.
    struct AnalysisJSON: Encodable {
        struct Input: Encodable {
            let nodeID, nodeKind, role: String
            enum CodingKeys: String, CodingKey { case role, nodeID = "node_id", nodeKind = "node_kind" }
        }

        let id, method, methodVersion, subject, interpretation, limits, tool, toolVersion, time: String
        let parameters: Value
        let result: Value
        @NullEncoded var controls: Value?
        @NullEncoded var score: Double?
        @NullEncoded var statistic: String?
        @NullEncoded var pValue: Double?
        let inputs: [Input]

        enum CodingKeys: String, CodingKey {
            case id, method, subject, interpretation, limits, tool, time, parameters, result, controls, score, statistic
            case inputs
            case methodVersion = "method_version", toolVersion = "tool_version", pValue = "p_value"
        }

        init(_ analysis: AnalysisRecord, _ inputs: [AnalysisInputRecord]) {
            id = analysis.id; method = analysis.method; methodVersion = analysis.methodVersion
            subject = analysis.subject; interpretation = analysis.interpretation; limits = analysis.limits
            tool = analysis.tool; toolVersion = analysis.toolVersion; time = analysis.time
            parameters = Self.value(analysis.parameters)
            result = Self.value(analysis.result)
            controls = analysis.controls.map(Self.value)
            score = analysis.score; statistic = analysis.statistic; pValue = analysis.pValue
            self.inputs = inputs.map { Input(nodeID: $0.nodeID, nodeKind: $0.nodeKind, role: $0.role) }
        }

        private static func value(_ json: String) -> Value {
            (try? JSONDecoder().decode(Value.self, from: Data(json.utf8))) ?? .string(json)
        }
    }

    func run() throws {
        let file = try CaseFile.open(at: target.casePath)
        if output.json {
            var stream = JSONArrayStream<AnalysisJSON>()
            try file.read { view in
                try view.forEachAnalysis(method: method) { try stream.append(AnalysisJSON($0, $1)) }
            }
            try stream.finish()
            Printer.line()
            return
        }
        try file.read { view in
            try view.forEachAnalysis(method: method) { analysis, inputs in
                let measure = analysis.score.map { "score \($0)" + (analysis.statistic.map { " (\($0))" } ?? "") } ?? "no score"
                Printer.line("\(analysis.method) \(analysis.methodVersion)  \(analysis.subject)  \(measure)"
                             + analysis.pValueText)
                Printer.line("    \(analysis.interpretation)")
                Printer.line("    limits: \(analysis.limits)")
                for input in inputs { Printer.line("    \(input.role) \(input.nodeKind) \(input.nodeID)") }
            }
        }
    }
}
