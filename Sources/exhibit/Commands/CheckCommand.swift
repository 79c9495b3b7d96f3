import ArgumentParser
import CaseStore
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check a case for edits made behind Exhibit's back: the custody chain and every row.",
        discussion: """
            Recomputes the digest of every custody entry and every row, and the chain that links them; \
            names the first entry and row that disagree and exits non-zero. `bundle` runs the same check \
            first. The chain shows an edit; it does not stop someone who rewrites the whole chain: note the \
            head it prints, or have it timestamped, and sign your bundles.
            """)

    @OptionGroup var target: CaseArgument
    @OptionGroup var output: OutputOptions

    func run() throws {
        let report = try CaseFile.open(at: target.casePath).check()
        if output.json {
            try Printer.json(report)
        } else {
            for failure in report.failures {
                Printer.line("FAIL " + [failure.record.map { "custody #\($0)" + (failure.action.map { " (\($0))" } ?? "") },
                                        failure.table.map { $0 + (failure.row.map { " \($0)" } ?? "") }, failure.message]
                    .compactMap { $0 }.joined(separator: ": "))
            }
            if report.unlisted > 0 { Printer.line("FAIL and \(report.unlisted) more") }
            Printer.line(report.ok
                ? "OK: \(report.records) custody entries and \(report.rows) rows agree with the chain; head \(report.head) (\(target.casePath))"
                : "\(report.failures.count + report.unlisted) disagreement\(report.failures.count + report.unlisted == 1 ? "" : "s"); the first: \(report.firstFailure ?? "") (\(target.casePath))")
        }
        if !report.ok { throw ExitCode(1) }
    }
}
