import Foundation

/// How `exhibit add` acquires a set of originals.
public struct IngestOptions: Sendable {
    /// The party that produced them (`claimant`, `respondent`, …).
    public var party: String?
    /// The IANA zone for times the evidence records without one.
    public var timeZone: String?
    public var budget: ResourceBudget
    /// Originals read at once (each on its own thread); results are written in argument order.
    public var jobs: Int
    /// Where an original's rows may spill while they wait to be written (an unlinked file);
    /// `nil` for the temporary directory. `exhibit add` uses the case file's folder.
    public var spillDirectory: String?
    /// When an original is also hashed at intake (docs/architecture.md); `.paced` unless a test
    /// or a measurement needs one of the other two.
    public var intakeHash: IntakeHashPolicy = .paced
    /// Records which original a crash happened on, and says which crashed an earlier run
    /// (``CrashMarker``); `exhibit add` sets it, with its handler installed.
    public var crashMarker: CrashMarker?

    public init(party: String? = nil, timeZone: String? = nil, budget: ResourceBudget = ResourceBudget(),
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount, spillDirectory: String? = nil) {
        self.party = party
        self.timeZone = timeZone
        self.budget = budget
        self.jobs = max(1, jobs)
        self.spillDirectory = spillDirectory
    }
}
