import ArgumentParser
import CaseStore
import ExhibitCore
import ExhibitFoundation
import Foundation

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Acquire originals into a case: hash, extract, record custody.",
        discussion: """
            Each original is opened read-only and hashed (SHA-256) while its members stream \
            through the extractors. A folder is acquired file by file: every regular file under \
            it, depth first in byte order of names, each called by its path from the folder; \
            links, devices, FIFOs and sockets in it are not followed but reported as skipped \
            (and logged in the custody record). An original that is slow to extract (compressed, \
            many members) is also hashed at intake on an idle core, so its rows are written as it is read; both \
            hashes must agree. Exhibit numbers follow the order of the paths. An original \
            already in the case (same SHA-256) is reported, not added again; an interrupted add \
            can simply be run again.

            Budget keys (--budget key=value; sizes take KiB, MiB, GiB):
            \(ResourceBudget.keys.map { "  \($0.key): \($0.meaning)" }.joined(separator: "\n"))
            """)

    @OptionGroup var target: CaseArgument
    @Argument(help: "Files and folders to acquire.") var paths: [String]
    @Option(help: "The party that produced them (claimant, respondent, …).") var party: String?
    @Option(help: "IANA time zone for times the evidence records without one (e.g. Europe/London).")
    var timezone: String?
    @Option(name: .customLong("budget"), help: "Override a resource limit, key=value (repeatable).")
    var budgetOverrides: [String] = []
    @Option(help: "The examiner acting (default: the case's examiner).") var examiner: String?
    @Option(help: "Originals read at once.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @OptionGroup var extractors: ExtractorChoice
    @OptionGroup var output: OutputOptions

    func run() throws {
        var budget = ResourceBudget()
        for assignment in budgetOverrides { try budget.apply(assignment) }
        let file = try CaseFile.open(at: target.casePath)
        let lock = try CaseWriting.lock(target.casePath)
        defer { withExtendedLifetime(lock) {} }
        let info = try file.info()
        let custody = CustodyContext(examiner: examiner ?? info.examiner)
        let run = try extractors.run(budget: budget)
        defer {
            // The external extractors' processes are stopped, and what the run saw of them logged.
            if let report = run.finish() {
                _ = try? file.appendCustody(custody.entry("extractors.report", values: ["out_of_process": report]))
            }
        }
        let pipeline = IngestPipeline(registry: run.registry, caseFile: file, custody: custody, runDetails: run.custodyDetails)
        let progress = output.json ? nil : ProgressReporter.forTerminal()
        var options = IngestOptions(party: party, timeZone: timezone, budget: budget, jobs: jobs)
        // A crash on an original names it, so that the next add takes it without extracting it.
        let crashes = CrashMarker(casePath: target.casePath)
        try crashes.install()
        options.crashMarker = crashes
        if crashes.count > 0 {
            Printer.warning("\(crashes.count) original(s) crashed an earlier add: given again unchanged, each is hashed, "
                            + "not extracted (\(crashes.path))")
        }
        let items = AcquisitionList(paths, excluding: file.companionPaths)
        // Each outcome is printed as it is committed: a folder of many files shows its progress,
        // and none of them is held for the end.
        var failed = 0
        var stream = output.json ? JSONArrayStream<OutcomeJSON>() : nil
        try pipeline.add(items, options: options, progress: progress) { outcome in
            if case .failed = outcome { failed += 1 }
            progress?.finish()
            if stream != nil { try stream!.append(OutcomeJSON(outcome)) } else { printOutcome(outcome) }
        }
        progress?.finish()
        try crashes.forgetTaken()
        if stream != nil {
            try stream!.finish()
            Printer.line()
        }
        if failed > 0 { throw CLIError.someFailed(count: failed) }
    }

    private func printOutcome(_ outcome: IngestOutcome) {
        switch outcome {
        case .added(let exhibit, let summary):
            var notes = ["\(summary.members) members", "\(summary.findings) findings"]
            if summary.warnings > 0 { notes.append("\(summary.warnings) warnings") }
            if summary.limitations > 0 { notes.append("\(summary.limitations) limitations") }
            if summary.errors > 0 { notes.append("\(summary.errors) extraction errors") }
            Printer.line("\(exhibit)  \(summary.name)  \(Printer.bytes(summary.size))  sha256:\(summary.sha256)")
            Printer.line("         " + notes.joined(separator: ", "))
        case .duplicate(let path, let sha256, let existing):
            Printer.warning("already in the case as \(existing) (same SHA-256 \(sha256)); not added again (\(path))")
        case .failed(let path, let message):
            Printer.error(message.contains(path) ? message : "\(message) (\(path))")
        case .skipped(let path, let reason):
            Printer.warning("skipped: \(reason) (\(path))")
        }
    }
}

/// The JSON shape of one `add` outcome; every key is always present.
struct OutcomeJSON: Encodable {
    let path: String
    let status: String
    @NullEncoded var exhibit: String?
    @NullEncoded var sha256: String?
    @NullEncoded var summary: OriginalSummary?
    @NullEncoded var message: String?

    init(_ outcome: IngestOutcome) {
        switch outcome {
        case .added(let exhibit, let summary):
            path = summary.path
            status = "added"
            self.exhibit = exhibit
            sha256 = summary.sha256
            self.summary = summary
        case .duplicate(let path, let sha256, let existing):
            self.path = path
            status = "duplicate"
            exhibit = existing
            self.sha256 = sha256
            message = "already in the case as \(existing)"
        case .failed(let path, let message):
            self.path = path
            status = "failed"
            self.message = message
        case .skipped(let path, let reason):
            self.path = path
            status = "skipped"
            message = reason
        }
    }
}
