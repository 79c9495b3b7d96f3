import BuiltInExtractors
import CaseStore
import EvidenceKit
import ExhibitCore
import ExhibitFoundation
import Foundation

/// The extractors `compare` walks containers with again, each run as it ran at intake, from the
/// custody log (``IntakeReadings``, read from the comparison's view of the case on the first
/// walk): a built-in extractor in this process or isolated, an external one only from the
/// folder intake used and only if that folder's
/// files still have the digests recorded then (checked before anything there runs; no other
/// plugin folder is searched or started), with intake's budget — its time limit for each walk —
/// and the options intake set away from their defaults. Processes are started when first needed
/// and stopped by `finish`.
final class ReadBackExtractors: @unchecked Sendable {
    private let lock = NSLock()
    private var intake: IntakeReadings?
    /// Extractors started, by how they run, or why they could not be.
    private var started: [String: Result<ExtractorEntry, Refusal>] = [:]
    private var processes: [ExternalExtractors] = []

    /// The extractor that walks `container` again, as it read the container at intake.
    func walker(for container: ArtifactRecord, in view: any CaseView) throws -> ContainerWalker {
        try lock.withLock {
            guard let id = container.extractorID else { throw Refusal("\(container.evidencePath) was read by no extractor at intake") }
            if intake == nil { intake = try IntakeReadings(view) }
            let reading: IntakeReadings.Reading
            if let recorded = intake?.reading(extractor: id, exhibit: container.exhibit) {
                reading = recorded
            } else if intake?.recordsRun(of: container.exhibit) == true {
                throw Refusal("\(container.evidencePath) was read at intake by \(id), which the custody log does not list for that run")
            } else {
                // A case made before runs were recorded: the built-in extractor, in process, as `add` runs it.
                reading = IntakeReadings.Reading(process: .inProcess, options: [:], budget: ResourceBudget())
            }
            let key = "\(reading.process) \(id) \(CanonicalJSON.encode(reading.budget))"
            let entry: ExtractorEntry
            switch started[key] ?? Result(catching: { try start(id, reading) }).mapError(Self.refusal) {
            case .success(let found):
                started[key] = .success(found)
                entry = found
            case .failure(let refusal):
                started[key] = .failure(refusal)
                throw Refusal("\(container.evidencePath) was read at intake by \(refusal)")
            }
            return ContainerWalker(extractor: try configured(entry, reading, for: container), process: reading.process.description,
                                   budget: reading.budget)
        }
    }

    /// Stops every process started; what they did, if any ran out of process.
    func finish() -> Value? {
        let reports = lock.withLock { processes.map { $0.finish() } }
        let flat = reports.flatMap { report -> [Value] in
            if case .list(let items) = report { return items }
            return [report]
        }
        return flat.isEmpty ? nil : .list(flat)
    }

    /// The extractor `id` as intake ran it: built in, isolated, or external from its folder. A
    /// refusal completes "… was read at intake by".
    private func start(_ id: String, _ reading: IntakeReadings.Reading) throws -> ExtractorEntry {
        let builtIn = BuiltInExtractors.all.first { $0.descriptor.isNamed(id) }
        switch reading.process {
        case .inProcess, .isolated:
            guard let builtIn else { throw Refusal("\(id), which is not a built-in extractor") }
            guard reading.process == .isolated else { return builtIn }
            let isolated: ExternalExtractors
            do {
                isolated = try ExternalExtractors(isolating: [builtIn], program: ExternalExtractors.currentProgram,
                                                  policy: reading.budget.sandboxPolicy)
            } catch {
                throw Refusal("the isolated \(id) extractor, which does not start now: \(Self.refusal(error))")
            }
            processes.append(isolated)
            guard let entry = isolated.entries.first else { throw Refusal("the isolated \(id) extractor did not start") }
            return entry
        case .external(let folder, let files):
            let place = "the external extractor \(id) in \(folder)"
            // Its files are hashed before anything in the folder runs.
            let manifest: PluginManifest.Loaded
            do {
                manifest = try PluginManifest.load(from: folder)
            } catch {
                throw Refusal("\(place), which cannot be loaded there now: \(error)")
            }
            guard manifest.fileHashes == files else {
                throw Refusal("\(place), whose files have changed since: the member is not read again by other code")
            }
            let external = ExternalExtractors(folders: [folder], policy: reading.budget.sandboxPolicy)
            processes.append(external)
            guard let plugin = external.extractors.first, plugin.descriptor.isNamed(id), plugin.manifest.fileHashes == files,
                  let entry = external.entries.first else {
                throw Refusal("\(place), which does not start there now as it did: \(external.unavailable.first?.reason ?? "another extractor answered")")
            }
            return entry
        }
    }

    /// The entry configured with the options intake set away from their defaults; refused when
    /// one of them cannot be set now (an option this version no longer has, or of another type).
    private func configured(_ entry: ExtractorEntry, _ reading: IntakeReadings.Reading,
                            for container: ArtifactRecord) throws -> ExtractorRegistry.Configured {
        let id = entry.descriptor.id
        let defaults = try ExtractorRegistry([entry]).extractor(id: id).options
        var overrides: [ExtractorOptionOverride] = []
        for key in reading.options.keys.sorted() where reading.options[key] != defaults[key] {
            guard defaults[key] != nil, let text = Self.text(reading.options[key]!) else {
                throw Refusal("\(container.evidencePath) was read at intake by \(id) with \(key) = \(reading.options[key]!), "
                              + "which this version of \(id) cannot be set to")
            }
            overrides.append(ExtractorOptionOverride(extractorID: id, key: key, text: text))
        }
        do {
            return try ExtractorRegistry([entry], overrides: overrides).extractor(id: id)
        } catch {
            throw Refusal("\(container.evidencePath): \(id) cannot take the options intake gave it: \(error)")
        }
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

    private static func refusal(_ error: any Error) -> Refusal {
        error as? Refusal ?? Refusal("\((error as? any LocalizedError)?.errorDescription ?? "\(error)")")
    }

    struct Refusal: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
