import ArgumentParser
import BundleVerification
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify a tribunal bundle (folder or .tar): files, digests, signature, graph.",
        discussion: "Exits non-zero and names every failure: file, line, algorithm, expected and found.")

    @Argument(help: "The bundle folder or .tar.") var path: String
    @Option(help: "The examiner's published public key (default: the key inside the bundle).") var key: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let report = try TribunalBundleVerifier(path: path, publicKeyPath: key).verify()
        if output.json {
            try Printer.json(report)
        } else {
            for failure in report.failures { Printer.line("FAIL \(failure)") }
            let signature = report.signed ? "signature checked with key \(report.keyID ?? "?")" : "not signed"
            Printer.line(report.ok ? "OK: \(report.checks) checks passed, \(signature) (\(path))"
                                   : "\(report.failures.count) of the checks failed (\(path))")
        }
        if !report.ok { throw ExitCode(1) }
    }
}
