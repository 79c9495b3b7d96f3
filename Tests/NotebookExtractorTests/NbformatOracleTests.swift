import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import NotebookExtractor

/// nbformat itself (PyPI's `nbformat`, installed by `make test` into `.venv`) as the oracle of
/// what counts as valid: a sample it reads and validates without an error must draw none of the
/// extractor's schema warnings, and one it rejects must draw at least one (or be unsupported,
/// malformed or declined). Validation runs on the bytes as they are — `iter_validate`, which
/// repairs nothing — since `validate()` and `reads()` insert and correct ids.
@Suite struct NbformatOracleTests {
    /// The samples nbformat and the extractor judge alike; left out: `deep-metadata.ipynb`
    /// (nbformat's recursive reader fails on it, the extractor reads it), `future-v4.7.ipynb`
    /// (nbformat validates a later minor against 4.5 leniently, the extractor reports unknown types).
    static let samples = ["dpo-v4.4.ipynb", "eval-v4.3.ipynb", "grpo-v4.5.ipynb", "kto-v4.2.ipynb", "old-v2.ipynb",
                          "ppo-v4.0.ipynb", "reward-v4.1.ipynb", "sft-v3.ipynb", "sft-v4.5.ipynb", "hostile/bad-ids.ipynb",
                          "hostile/cells-not-a-list.ipynb", "hostile/invalid-base64.ipynb", "hostile/invalid-utf8.ipynb",
                          "hostile/really-a-zip.ipynb", "hostile/truncated.ipynb"].map { "notebook/" + $0 }

    /// The warnings that say the notebook breaks nbformat's schema or is not a notebook.
    static let schemaChecks: Set<String> = ["missing_id", "duplicate_id", "invalid_id", "id_before_4_5", "missing_key",
                                            "running_prompt", "invalid_execution_count", "not_text", "not_a_list",
                                            "unknown_cell_type", "unknown_output_type", "missing_output_type",
                                            "malformed_json", "not_a_notebook", "invalid_utf8"]

    private static let script = """
        import sys
        try:
            import nbformat
            from nbformat.validator import iter_validate
        except ImportError:
            print("missing"); sys.exit(0)
        try:
            with open(sys.argv[1], encoding="utf-8") as f:
                nb = nbformat.reads(f.read(), as_version=nbformat.NO_CONVERT)
            print("valid" if not list(iter_validate(nb)) else "invalid")
        except Exception:
            print("invalid")
        """

    @Test(arguments: samples)
    func validityAgreesWithNbformat(_ sample: String) throws {
        let verdict = try Command.run(Oracles.python, ["-c", Self.script, Repository.format(sample)])
        try #require(verdict.status == 0, "\(verdict.stderr)")
        let oracle = verdict.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard oracle != "missing" else {
            #expect(!Oracles.required, "the oracle needs nbformat (make test installs it into .venv)")
            return
        }
        let rejected: Bool
        do {
            let sink = try extractNotebookSample(sample)
            rejected = sink.findings.contains { finding in
                finding.kind == "notebook.unsupported_version"
                    || (finding.attributes["check"].map { Self.schemaChecks.contains($0.description) } ?? false)
            }
        } catch EvidenceError.notMyFormat {
            rejected = true
        }
        #expect(rejected == (oracle == "invalid"), "\(sample): nbformat says \(oracle)")
    }
}
