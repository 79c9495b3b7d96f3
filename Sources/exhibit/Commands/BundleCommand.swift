import ArgumentParser
import BuiltInExtractors
import BundleVerification
import CaseAnalyses
import CaseStore
import ExhibitCore
import ExhibitFoundation
import Foundation
import TribunalBundle

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "Export the case as a tribunal bundle (BagIt + CASE/UCO + report + signature).",
        discussion: """
            Set SOURCE_DATE_EPOCH for byte-identical exports of the same case (signature files aside). \
            Example: exhibit bundle dispute.exhibit --out bundle/ --sign examiner.key --tar
            """)

    enum ExhibitsChoice: String, ExpressibleByArgument, CaseIterable {
        case all, none
    }

    @OptionGroup var target: CaseArgument
    @Option(help: "The bundle folder to create.") var out: String
    @Option(help: "Sign with this Ed25519 private key (see `exhibit key generate`).") var sign: String?
    @Flag(help: "Also write <out>.tar (deterministic).") var tar = false
    @Option(help: "Copy the originals into the bundle (all), or leave them out (none).") var exhibits: ExhibitsChoice = .all
    @Option(help: "The examiner exporting (default: the case's examiner).") var examiner: String?
    @OptionGroup var output: OutputOptions

    /// The JSON shape of `bundle --json`.
    struct ResultJSON: Encodable {
        let folder: String
        @NullEncoded var tar: String?
        let payloadFiles: Int
        let payloadBytes: Int64
        let signed: Bool
        enum CodingKeys: String, CodingKey {
            case folder, tar, signed
            case payloadFiles = "payload_files", payloadBytes = "payload_bytes"
        }
    }

    func run() throws {
        let file = try CaseFile.open(at: target.casePath)
        let lock = try CaseWriting.lock(target.casePath)
        defer { withExtendedLifetime(lock) {} }
        let examiner = try self.examiner ?? file.info().examiner
        // The host's analyses are brought up to date first (a case migrated from schema v4, an add
        // killed before its refresh) — on a case that passes its tamper check; the writer checks
        // again before it exports.
        if try HostAnalyses.isStale(file) {
            if let failure = try file.check().firstFailure { throw CaseStoreError.tampered(path: file.path, failure: failure) }
            try HostAnalyses.refresh(file, entry: CustodyContext(examiner: examiner).entry(HostAnalyses.action, details: [:]))
        }
        let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap { Int64($0) }
        let options = BundleOptions(includeExhibits: exhibits == .all, signingKey: try sign.map(SigningKey.load(from:)),
                                    tar: tar, sourceDateEpoch: epoch, examiner: examiner,
                                    command: CustodyContext.currentCommandLine(),
                                    descriptors: BuiltInExtractors.all.map(\.descriptor))
        let result = try TribunalBundleWriter(case: file, options: options).write(to: out)
        try file.appendCustody(result.exportEntry)
        if output.json {
            try Printer.json(ResultJSON(folder: result.folder, tar: result.tar, payloadFiles: result.payloadFiles,
                                        payloadBytes: result.payloadBytes, signed: result.signed))
        } else {
            Printer.line("bundle: \(result.folder)  (\(result.payloadFiles) payload files, \(Printer.bytes(result.payloadBytes)), "
                         + (result.signed ? "signed" : "unsigned") + ")")
            if let tarPath = result.tar { Printer.line("tar:    \(tarPath)") }
        }
    }
}
