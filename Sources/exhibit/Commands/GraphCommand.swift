import ArgumentParser
import BuiltInExtractors
import CaseStore
import Foundation
import TribunalBundle

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph", abstract: "Print the evidence graph: CASE/UCO JSON-LD, native JSON, Graphviz DOT or GraphML.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonld, json, dot, graphml
    }

    @OptionGroup var target: CaseArgument
    @Option(help: "jsonld, json, dot or graphml.") var format: Format = .json

    func run() throws {
        let file = try CaseFile.open(at: target.casePath)
        let chosen: GraphFormat
        switch format {
        case .jsonld: chosen = .jsonld
        case .json: chosen = .json
        case .dot: chosen = .dot
        case .graphml: chosen = .graphml
        }
        try GraphRendering.print(chosen, from: file, descriptors: BuiltInExtractors.all.map(\.descriptor))
    }
}
