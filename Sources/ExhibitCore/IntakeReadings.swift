import CaseStore
import EvidenceKit
import ExhibitFoundation
import Foundation

/// How intake read each exhibit, as the custody log recorded it: the budget of the run that
/// extracted the exhibit, and each of its extractors' options and process — in the host,
/// isolated (a built-in extractor in a sandboxed process, `add --isolate`), or external (a
/// plugin folder, with the digests of its files then). What reads an exhibit's bytes again after
/// intake (``MemberCopies``) runs each extractor the way intake ran it.
public struct IntakeReadings: Sendable {
    /// Where an extractor ran.
    public enum Process: Sendable, Hashable, CustomStringConvertible {
        case inProcess
        case isolated
        case external(folder: String, files: [String: String])

        public var description: String {
            switch self {
            case .inProcess: return "in process"
            case .isolated: return "isolated"
            case .external(let folder, _): return "external: \(folder)"
            }
        }
    }

    /// One extractor of one exhibit's intake.
    public struct Reading: Sendable {
        public var process: Process
        /// The options in force then (the descriptor's defaults with the run's overrides).
        public var options: [String: Value]
        public var budget: ResourceBudget

        public init(process: Process, options: [String: Value], budget: ResourceBudget) {
            self.process = process
            self.options = options
            self.budget = budget
        }
    }

    private struct Run {
        var budget = ResourceBudget()
        var options: [String: [String: Value]] = [:]
        var processes: [String: Process] = [:]
    }

    private var runOfExhibit: [String: String] = [:]
    private var runs: [String: Run] = [:]

    /// Reads the `extractors` and `extract` entries of a case's custody log, an entry at a time.
    public init(_ view: any CaseView) throws {
        try view.forEachCustody { entry in
            guard entry.action == "extractors" || entry.action == "extract",
                  case .object(let details)? = try? JSONDecoder().decode(Value.self, from: Data(entry.details.utf8)),
                  case .string(let run)? = details["run"] else { return }
            if entry.action == "extract" {
                if let exhibit = entry.exhibit { runOfExhibit[exhibit] = run }
                if case .string(let text)? = details["budget"],
                   let budget = try? JSONDecoder().decode(ResourceBudget.self, from: Data(text.utf8)) {
                    runs[run, default: Run()].budget = budget
                }
                return
            }
            if case .list(let extractors)? = details["extractors"] {
                for case .object(let extractor) in extractors {
                    guard case .object(let descriptor)? = extractor["descriptor"], case .string(let id)? = descriptor["id"] else { continue }
                    if case .object(let options)? = extractor["options"] { runs[run, default: Run()].options[id] = options }
                    runs[run, default: Run()].processes[id] = runs[run]?.processes[id] ?? .inProcess
                }
            }
            if case .list(let started)? = details["out_of_process"] {
                for case .object(let extractor) in started {
                    guard case .string(let id)? = extractor["id"] else { continue }
                    if case .string("built-in")? = extractor["origin"] {
                        runs[run, default: Run()].processes[id] = .isolated
                    } else if case .string(let folder)? = extractor["folder"] {
                        var files: [String: String] = [:]
                        if case .object(let digests)? = extractor["files_sha256"] {
                            for (name, value) in digests { if case .string(let digest) = value { files[name] = digest } }
                        }
                        runs[run, default: Run()].processes[id] = .external(folder: folder, files: files)
                    }
                }
            }
        }
    }

    /// Whether the log records the run that extracted `exhibit` (a case made before runs were
    /// recorded does not say how its exhibits were read).
    public func recordsRun(of exhibit: String) -> Bool {
        runOfExhibit[exhibit].flatMap { runs[$0] } != nil
    }

    /// How extractor `id` read `exhibit` at intake, or nil when the log does not say: no run
    /// recorded for the exhibit (``recordsRun(of:)``), or a run without that extractor.
    public func reading(extractor id: String, exhibit: String) -> Reading? {
        guard let run = runOfExhibit[exhibit].flatMap({ runs[$0] }), let process = run.processes[id] else { return nil }
        return Reading(process: process, options: run.options[id] ?? [:], budget: run.budget)
    }
}
