import ArgumentParser
import CaseStore
import ExhibitCore
import ExhibitFoundation
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a new case file.",
        discussion: "Example: exhibit init dispute.exhibit --title \"Aurora v. Borealis\" --examiner \"J. Doe\"")

    @OptionGroup var target: CaseArgument
    @Option(help: "The case title (the bundle's External-Description).") var title: String
    @Option(help: "The examiner responsible for the case.") var examiner: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    @Option(help: "The examiner's organization.") var organization: String = ""
    @OptionGroup var output: OutputOptions

    func run() throws {
        let info = CaseInfo(caseID: UUID().uuidString.lowercased(), title: title, examiner: examiner,
                            organization: organization, created: UTCTime.iso8601(Int64(Date().timeIntervalSince1970)))
        _ = try CaseFile.create(at: target.casePath, info: info, creation: CustodyContext(examiner: examiner).entry(
            "case.create", details: ["case_id": info.caseID, "title": title, "organization": organization]))
        if output.json {
            try Printer.json(info)
        } else {
            Printer.line("created case \(info.caseID) at \(target.casePath)")
        }
    }
}
