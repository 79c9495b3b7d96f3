import ArgumentParser
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
        let snapshot = try CaseSnapshot(try CaseFile.open(at: target.casePath))
        let text: String
        switch format {
        case .jsonld: text = String(decoding: BundleJSON.data(CaseJSONLD.document(snapshot)), as: UTF8.self)
        case .json: text = String(decoding: BundleJSON.data(NativeGraph.document(snapshot)), as: UTF8.self)
        case .dot: text = GraphRendering.dot(snapshot)
        case .graphml: text = GraphRendering.graphML(snapshot)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
