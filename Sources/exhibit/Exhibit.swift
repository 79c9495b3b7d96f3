import ArchiveExtractor
import ArgumentParser
import BundleVerification
import CaseAnalyses
import CaseStore
import EvidenceKit
import ExhibitCore
import ExhibitFoundation
import Foundation
import TribunalBundle

/// `exhibit`: evidence packaging for disputes over AI models.
struct Exhibit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exhibit",
        abstract: "Acquire, extract and examine evidence in disputes over AI models.",
        discussion: """
            A case is one SQLite file (*.exhibit). Originals are opened read-only, hashed as they \
            are read, and numbered EX-0001, EX-0002, … in acquisition order. `bundle` exports a \
            tribunal bundle that `verify` (or bagit.py, sha256sum, case_validate, openssl) checks. \
            Every command that prints data takes --json (shapes in docs/cli.md).
            """,
        version: ToolInfo.version,
        subcommands: [InitCommand.self, AddCommand.self, ShowCommand.self, ArtifactsCommand.self, BundleCommand.self,
                      VerifyCommand.self, KeyCommand.self, GraphCommand.self,
                      FindingsCommand.self, TimelineCommand.self, CompareCommand.self, AnalysesCommand.self, SeriesCommand.self, CustodyCommand.self, CheckCommand.self,
                      ExtractorsCommand.self, ExtractCommand.self, PluginCommand.self])
}

@main
enum ExhibitMain {
    static func main() {
        // Fixed zone and locale, before any thread starts: libarchive reads both.
        ArchiveExtractor.prepareProcess()
        do {
            var command = try Exhibit.parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            fail(error.errorDescription ?? "\(error)", code: error.exitCode)
        } catch let error as CaseStoreError {
            fail(error.errorDescription ?? "\(error)")
        } catch let error as ExhibitCoreError {
            fail(error.errorDescription ?? "\(error)")
        } catch let error as EvidenceError {
            fail(error.errorDescription ?? "\(error)")
        } catch let error as TribunalBundleError {
            fail(error.errorDescription ?? "\(error)")
        } catch let error as BundleVerificationError {
            fail(error.errorDescription ?? "\(error)")
        } catch let error as CaseAnalysesError {
            fail(error.errorDescription ?? "\(error)")
        } catch {
            Exhibit.exit(withError: error)
        }
    }

    private static func fail(_ message: String, code: Int32 = 1) -> Never {
        Printer.error(message)
        exit(code)
    }
}
