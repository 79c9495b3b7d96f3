import ArgumentParser
import CaseStore
import Foundation

struct ArtifactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts", abstract: "List every original and member: exhibit, path, container, size, SHA-256.")

    @OptionGroup var target: CaseArgument
    @Option(help: "Only this exhibit (EX-0001).") var exhibit: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let file = try CaseFile.open(at: target.casePath)
        if output.json {
            var stream = JSONArrayStream<ArtifactJSON>()
            try file.forEachArtifact(exhibit: exhibit) { try stream.append(ArtifactJSON($0)) }
            try stream.finish()
            Printer.line()
            return
        }
        try file.forEachArtifact(exhibit: exhibit) { record in
            let hash = record.sha256.map { record.hashComplete ? $0 : "\($0) (partial)" } ?? "-"
            let link = record.linkTarget.map { " -> \($0)" } ?? ""
            Printer.line("\(record.exhibit)  \(record.entryType.padding(toLength: 9, withPad: " ", startingAt: 0)) "
                         + "\(String(record.size).padding(toLength: 10, withPad: " ", startingAt: 0)) \(hash)  "
                         + "\(record.evidencePath)\(link)")
        }
    }
}
