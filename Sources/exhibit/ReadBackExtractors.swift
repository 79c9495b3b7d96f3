import BuiltInExtractors
import CaseStore
import EvidenceKit
import ExhibitCore
import ExhibitFoundation
import Foundation

/// The extractors `compare` walks containers with again, each run as it ran at intake (from the
/// custody log, ``IntakeReadings``): a built-in extractor in this process or isolated, an external
/// one from the folder intake used — refused when that folder's files are no longer those
/// hashed then — with intake's options and budget. Each kind is started when first needed;
/// `finish` stops the processes.
final class ReadBackExtractors: @unchecked Sendable {
    private let intake: IntakeReadings
    private let lock = NSLock()
    private var runs: [String: ExtractorRun] = [:]

    init(custody: [CustodyRecord]) {
        intake = IntakeReadings(custody)
    }

    /// The extractor that walks `container` again, as it read the container at intake.
    func walker(for container: ArtifactRecord) throws -> ContainerWalker {
        guard let id = container.extractorID else { throw Refusal("\(container.evidencePath) was read by no extractor at intake") }
        // A case whose log does not say how (made before runs were recorded): the built-in extractor, in process, as `add` runs it.
        let reading = intake.reading(extractor: id, exhibit: container.exhibit)
            ?? IntakeReadings.Reading(process: .inProcess, options: [:], budget: ResourceBudget())
        let overrides = reading.options.keys.sorted().compactMap { key in
            Self.text(reading.options[key]!).map { ExtractorOptionOverride(extractorID: id, key: key, text: $0) }
        }
        let run = try lock.withLock { () throws -> ExtractorRun in
            let key = "\(reading.process) \(id) \(overrides.map { "\($0.key)=\($0.text)" }) \(CanonicalJSON.encode(reading.budget))"
            if let run = runs[key] { return run }
            var folders: [String] = []
            if case .external(let folder, _) = reading.process { folders = [folder] }
            let started = try ExtractorRun.start(selection: ExtractorSelection(only: [id]), overrides: overrides, pluginFolders: folders,
                                                 isolate: reading.process == .isolated, budget: reading.budget)
            runs[key] = started
            return started
        }
        if case .external(let folder, let files) = reading.process {
            let plugin = run.external.flatMap { $0.extractors }.first { $0.descriptor.isNamed(id) }
            guard let plugin else { throw Refusal("\(container.evidencePath) was read at intake by the external extractor \(id) in \(folder), which does not start there now") }
            guard plugin.manifest.fileHashes == files else {
                throw Refusal("\(container.evidencePath) was read at intake by the external extractor \(id) in \(folder), whose files have changed since: the member is not read again by other code")
            }
        }
        let extractor: ExtractorRegistry.Configured
        do {
            extractor = try run.registry.extractor(id: id)
        } catch {
            throw Refusal("\(container.evidencePath) was read at intake by \(id), which this run does not have: \(error)")
        }
        return ContainerWalker(extractor: extractor, process: reading.process.description, limits: reading.budget.extractionLimits)
    }

    /// Stops every process started; what the runs saw of them, if any ran out of process.
    func finish() -> Value? {
        let reports = lock.withLock { runs.keys.sorted().compactMap { runs[$0]?.finish() } }
        let flat = reports.flatMap { report -> [Value] in
            guard case .list(let items) = report else { return [report] }
            return items.flatMap { item -> [Value] in
                if case .list(let inner) = item { return inner }
                return [item]
            }
        }
        return flat.isEmpty ? nil : .list(flat)
    }

    private static func text(_ value: Value) -> String? {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .float(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    struct Refusal: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
