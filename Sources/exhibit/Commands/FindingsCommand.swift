import ArgumentParser
import CaseStore
import Foundation

struct FindingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings", abstract: "List findings, with their evidence paths and places.",
        discussion: "Example: exhibit findings dispute.exhibit --kind archive.anomaly --json (or --kind 'archive.*')")

    @OptionGroup var target: CaseArgument
    @Option(help: "Only this kind, or a family such as 'archive.*'.") var kind: String?
    @Option(help: "Only this exhibit (EX-0001).") var exhibit: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let file = try CaseFile.open(at: target.casePath)
        if output.json {
            var stream = JSONArrayStream<FindingJSON>()
            try file.forEachFinding(kind: kind, exhibit: exhibit) { try stream.append(FindingJSON($0)) }
            try stream.finish()
            Printer.line()
            return
        }
        try file.forEachFinding(kind: kind, exhibit: exhibit) { record in
            let time = record.timeUTC.map { " @ \($0)" } ?? ""
            Printer.line("\(record.exhibit)  \(record.severity.padding(toLength: 7, withPad: " ", startingAt: 0)) "
                         + "\(record.kind)  \(record.summary)\(time)")
            Printer.line("         in \(record.evidencePath) at \(FindingJSON(record).locator.canonical)")
        }
    }
}
