import CaseStore
import EvidenceFormats
import EvidenceKit
import ExhibitFoundation
import Foundation

/// Turns a walk's records into rows while the walk goes on, on a thread of its own: times
/// normalized, entities canonical, attributes and locators in canonical JSON, and the SHA-256
/// of small members whose bytes the walk kept rather than hash itself. Rows go, in the walk's
/// order, to one spool (flat memory) that ``StagedRows`` reads — while the walk goes on, once
/// the original's SHA-256 is known from its intake hash, or after it — giving them their ids.
///
/// The walk posts events in batches; at most a few batches wait, so a slow stager slows the
/// walk rather than letting memory grow.
final class RecordStager: @unchecked Sendable {
    /// What the walk tells the stager, in the walk's order.
    enum Event {
        /// An artifact was found: its ordinal, its container's, and its key inside it.
        case opened(ordinal: Int, parent: Int?, key: String)
        /// An artifact was read to its end (or stopped): its final record.
        case closed(ordinal: Int, PendingArtifact)
        /// A finding on an artifact, with that artifact's evidence path.
        case finding(PendingFinding, ordinal: Int, evidencePath: String)
    }

    let normalizer: Normalizer
    private let acquired: AcquiredFile?
    private let party: String?
    private let queue = DispatchQueue(label: "exhibit.stage")
    private let waiting = DispatchSemaphore(value: 8)
    private var pending: [Event] = []
    private var pendingSeriesBytes = 0
    private static let batchSize = 256
    private static let batchSeriesBytes = 4 << 20

    /// What the stager writes and ``StagedRows`` reads.
    private let spool: RowSpool
    private let endingLock = NSLock()
    private var ending: Result<[BatchRow], any Error>?

    // Owned by `queue`.
    private var occurrences = OccurrenceCounter()
    private var entities: [String: EntityRecord] = [:]
    private var failure: (any Error)?
    private var packing: [UInt8] = []

    /// Bytes of small contents waiting here to be hashed; bounded so memory stays flat.
    private let heldLock = NSLock()
    private var held = 0
    private static let heldLimit = 4 << 20

    init(normalizer: Normalizer, acquired: AcquiredFile?, party: String?, spillDirectory: String) {
        self.normalizer = normalizer
        self.acquired = acquired
        self.party = party
        spool = RowSpool(directory: spillDirectory)
    }

    /// The rows, read as they are staged, with ids derived from `originalSHA256`. They end with
    /// the entities and `custody` given to ``finish(custody:)``, or with the error given to
    /// ``abandon(_:)``.
    func rows(originalSHA256: String) -> StagedRows {
        StagedRows(originalSHA256: originalSHA256, spool: spool) { [self] in
            try endingLock.withLock { ending! }.get()
        }
    }

    /// A stager for `acquired`, with the party and spill folder of `options`.
    convenience init(normalizer: Normalizer, acquired: AcquiredFile, options: IngestOptions) {
        self.init(normalizer: normalizer, acquired: acquired, party: options.party,
                  spillDirectory: options.spillDirectory ?? NSTemporaryDirectory())
    }

    /// Whether the stager can take `count` bytes of content to hash; if not, the walk hashes them.
    func holdForHashing(_ count: Int) -> Bool {
        heldLock.withLock {
            guard held + count <= Self.heldLimit else { return false }
            held += count
            return true
        }
    }

    private func releaseHeld(_ count: Int) {
        heldLock.withLock { held -= count }
    }

    /// Called by the walk, on the walk's thread.
    func post(_ event: Event) {
        pending.append(event)
        if case .finding(let finding, _, _) = event {
            for series in finding.finding.series { pendingSeriesBytes += series.packed.count }
        }
        // Series are large: a batch holding a few megabytes of points goes at once, so the
        // batches waiting for the stager hold a bounded number of bytes, not of findings.
        if pending.count >= Self.batchSize || pendingSeriesBytes >= Self.batchSeriesBytes { flush() }
    }

    private func flush() {
        guard !pending.isEmpty else { return }
        let events = pending
        pending = []
        pendingSeriesBytes = 0
        waiting.wait()
        queue.async {
            for event in events where self.failure == nil {
                do { try self.stage(event) } catch { self.failure = error }
            }
            self.waiting.signal()
        }
    }

    /// Waits for every posted event, then ends the rows with the entities and `custody`.
    func finish(custody: [CustodyRecord]) throws {
        flush()
        try queue.sync {
            if let failure {
                end(.failure(failure))
                throw failure
            }
            let sorted = entities.keys.sorted().compactMap { entities[$0] }
            end(.success(sorted.map(BatchRow.entity) + custody.map(BatchRow.custody)))
        }
    }

    /// Ends the rows with `error`: a reader throws it once it has read what was staged.
    func abandon(_ error: any Error) {
        flush()
        queue.sync { end(.failure(error)) }
    }

    private func end(_ result: Result<[BatchRow], any Error>) {
        let first = endingLock.withLock { () -> Bool in
            guard ending == nil else { return false }
            ending = result
            return true
        }
        if first { spool.close() }
    }

    private func stage(_ event: Event) throws {
        switch event {
        case .opened(let ordinal, let parent, let key):
            var record = SpoolRecord(StagedRows.Tag.opened)
            record.put(ordinal)
            record.put(parent)
            record.put(key)
            try spool.append(record)
        case .closed(let ordinal, let artifact):
            try spool.append(row(artifact, ordinal: ordinal))
        case .finding(let finding, let ordinal, let evidencePath):
            try spool.append(row(finding, ordinal: ordinal, evidencePath: evidencePath))
        }
    }

    /// An artifact: its ordinal and its container's (for the ids), then its record, ids left empty.
    private func row(_ pending: PendingArtifact, ordinal: Int) -> SpoolRecord {
        let member = pending.member
        let acquired = pending.parentIndex == nil ? self.acquired : nil
        var details: [String: Value] = [:]
        if let acquired {
            details["file_modified"] = .string(acquired.modified)
            details["file_mode"] = .string(String(acquired.mode, radix: 8))
            details["time_zone"] = .string("\(normalizer.assumedZoneName) (\(normalizer.assumedZoneReason))")
        }
        if let member {
            details["entry_index"] = .string(String(member.entryIndex))
            if let uid = member.uid { details["uid"] = .string(String(uid)) }
            if let gid = member.gid { details["gid"] = .string(String(gid)) }
            if let modified = member.modified {
                details["modified_original"] = .string(modified.original)
                details["modified_zone_source"] = .string(normalizer.normalize(modified).zoneSource)
            }
            if member.rawPath != Array(member.path.utf8) {
                details["raw_path_hex"] = .string(Hex.encode(member.rawPath))
            }
        }
        if case .content(let bytes) = pending.digest { releaseHeld(bytes.count) }
        let artifact = ArtifactRecord(
            id: "", originalID: "", parentID: nil, exhibit: "", exhibitSequence: 0, ordinal: ordinal, depth: pending.depth,
            name: pending.name, memberPath: member?.path, evidencePath: pending.evidencePathText, sourcePath: acquired?.path,
            party: party, entryType: (member?.type ?? .file).rawValue, linkTarget: member?.linkTarget, size: pending.size,
            declaredSize: pending.declaredSize, sha256: pending.digest?.hashed, hashComplete: pending.hashComplete,
            mediaType: pending.mediaType, extractorID: pending.extractorID, mode: member?.mode.map(Int64.init),
            owner: member?.owner, group: member?.group, modified: member?.modified.map { normalizer.normalize($0).utc },
            details: CanonicalJSON.encode(details))
        var record = SpoolRecord(StagedRows.Tag.artifact)
        record.put(ordinal)
        record.put(pending.parentIndex)
        put(artifact, into: &record)
        return record
    }

    /// A finding: what its id is made of, its record (ids left empty), the mentions it makes
    /// and its series, packed.
    private func row(_ pending: PendingFinding, ordinal: Int, evidencePath: String) -> SpoolRecord {
        let finding = pending.finding
        let locator = finding.locator.canonical
        // Same artifact, extractor, place and kind: numbered in order (a 64-bit FNV-1a key:
        // deterministic, so a collision could only renumber, never make ids differ between runs;
        // so is the counter's, past its exact keys).
        let occurrence = occurrences.next(Self.fnv1a([String(pending.artifactIndex), pending.extractorID, locator, finding.kind.rawValue]))
        let time = finding.timestamp.map(normalizer.normalize)
        var record = SpoolRecord(StagedRows.Tag.finding)
        record.put(pending.artifactIndex)
        record.put(locator)
        record.put(occurrence)
        put(FindingRecord(
            id: "", artifactID: "", originalID: "", exhibit: "", exhibitSequence: 0, ordinal: ordinal,
            kind: finding.kind.rawValue, severity: finding.severity.rawValue, summary: finding.summary,
            attributes: CanonicalJSON.encode(finding.attributes), locator: CanonicalJSON.encode(finding.locator),
            evidencePath: evidencePath, timeUTC: time?.utc, timeOriginal: time?.original, timeZoneSource: time?.zoneSource,
            extractorID: pending.extractorID, extractorVersion: pending.extractorVersion), into: &record)
        record.put(finding.mentions.count)
        for mention in finding.mentions {
            let value = normalizer.canonicalEntityValue(mention)
            let entityID = DeterministicID.make("entity", mention.kind.rawValue, value)
            entities[entityID] = EntityRecord(id: entityID, kind: mention.kind.rawValue, value: value)
            record.put(entityID)
            record.put(mention.role ?? "")
        }
        record.put(finding.series.count)
        for series in finding.series {
            record.put(series.name)
            record.put(series.unit)
            record.put(bytes: series.packed)
        }
        return record
    }

    /// Appends `row` in its packed form, through one reused buffer.
    private func put(_ row: some StoredRecord, into record: inout SpoolRecord) {
        packing.removeAll(keepingCapacity: true)
        row.pack(into: &packing)
        record.put(bytes: packing)
    }

    /// FNV-1a of the parts, a zero byte between them.
    private static func fnv1a(_ parts: [String]) -> UInt64 {
        var hash = FNV1a64()
        for (index, part) in parts.enumerated() {
            if index > 0 { hash.add(0) }
            hash.add(part.utf8)
        }
        return hash.value
    }
}
