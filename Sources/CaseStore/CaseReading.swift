/// One consistent view of a case, read as exports, listings and analyses read it: whatever
/// writes meanwhile, every call sees the case as it was when the view began.
///
/// Rows come one at a time, so memory stays flat however large the case; only small lists are
/// returned whole (originals and custody grow with the originals: exports take them one at a time). Orders are defined on the values
/// themselves — numbers numerically, text by its UTF-8 bytes — never by a database's collation,
/// so that every store gives the same exports. A view is valid only inside the closure that
/// received it (``CaseStoring/read(_:)``).
public protocol CaseReading {
    /// The case header.
    func info() throws -> CaseInfo
    /// The originals, in exhibit order.
    func originals() throws -> [ArtifactRecord]
    /// The originals in exhibit order, one at a time (a case of 50,000 loose files: their
    /// records held whole were tens of megabytes of a bundle's memory).
    func forEachOriginal(_ body: (ArtifactRecord) throws -> Void) throws
    /// Every artifact (or one exhibit's): originals in exhibit order, each followed by its
    /// members in read order.
    func forEachArtifact(exhibit: String?, _ body: (ArtifactRecord) throws -> Void) throws
    /// The findings a query selects, in its order.
    func forEachFinding(_ query: FindingQuery, _ body: (FindingRecord) throws -> Void) throws
    /// How many findings a query selects.
    func countFindings(_ query: FindingQuery) throws -> Int
    /// Every entity, by kind, value and id.
    func forEachEntity(_ body: (EntityRecord) throws -> Void) throws
    /// Every `mentions` edge, in the order of the entities it points to, then finding and role.
    func forEachMention(_ body: (MentionRecord) throws -> Void) throws
    /// How many entities of each kind, by kind.
    func entityCounts() throws -> [(kind: String, count: Int)]
    /// The custody log in order.
    func custody() throws -> [CustodyRecord]
    /// The custody log in order, one entry at a time (it grows with the originals: two or three
    /// entries each).
    func forEachCustody(_ body: (CustodyRecord) throws -> Void) throws
    /// The last custody entry of one of `actions`, if any.
    func latestCustody(actions: [String]) throws -> CustodyRecord?
    /// The extractors that examined artifacts, by id, each with the version its first finding records.
    func extractors() throws -> [(id: String, version: String?)]
    /// Content found complete in more than one exhibit (the empty file aside): for each SHA-256,
    /// in hash order, the artifacts that hold it, in read order.
    func forEachSharedContent(_ body: (_ sha256: String, _ artifacts: [ArtifactRecord]) throws -> Void) throws
    /// Entities that findings in more than one exhibit mention: each, in entity order, with the
    /// findings that mention it, in read order (each once, as its id, exhibit and evidence path:
    /// an entity a whole code drop names is held as that, not as every finding's row).
    func forEachSharedEntity(_ body: (_ entity: EntityRecord, _ findings: [FindingPlace]) throws -> Void) throws
    /// The case at a glance.
    func summary() throws -> CaseSummary
}

extension CaseReading {
    /// Every artifact, originals in exhibit order, each followed by its members in read order.
    public func forEachArtifact(_ body: (ArtifactRecord) throws -> Void) throws {
        try forEachArtifact(exhibit: nil, body)
    }

    /// Every finding in exhibit and read order.
    public func forEachFinding(_ body: (FindingRecord) throws -> Void) throws {
        try forEachFinding(FindingQuery(), body)
    }
}

/// Where a finding is: its id, exhibit and evidence path.
public struct FindingPlace: Sendable, Hashable {
    public var id: String
    public var exhibit: String
    public var evidencePath: String

    public init(id: String, exhibit: String, evidencePath: String) {
        self.id = id
        self.exhibit = exhibit
        self.evidencePath = evidencePath
    }
}

/// The analyses of a case (conclusions, ``AnalysisRecord``), read from one consistent view.
public protocol AnalysisReading {
    /// Every analysis (or those of one method) with its inputs in the method's order; by
    /// method, then subject, then id, each by its UTF-8 bytes.
    func forEachAnalysis(method: String?, _ body: (AnalysisRecord, [AnalysisInputRecord]) throws -> Void) throws
    /// How many analyses of each method, by method.
    func analysisCounts() throws -> [(method: String, count: Int)]
}

/// The series of a case (``SeriesRecord``), read from one consistent view.
public protocol SeriesReading {
    /// The series of one finding, in their order.
    func series(ofFinding findingID: String) throws -> [SeriesRecord]
    /// Every series, in the order of their findings (exhibit, read order), then their own.
    func forEachSeries(_ body: (SeriesRecord) throws -> Void) throws
    /// How many series the case holds.
    func countSeries() throws -> Int
}

/// Everything an export reads: the graph, its analyses and its series.
public typealias CaseView = AnalysisReading & CaseReading & SeriesReading
