import CaseStore
import ExhibitFoundation
import Foundation

/// The analyses the host keeps current by itself: identical content and shared entities
/// across exhibits (``IdenticalContent``, ``SharedEntities``) and weight files against the
/// configuration beside them (``WeightsConfigAgreement``), which the report, the graph, the
/// CASE/UCO document and the CSVs all read from the analysis table.
///
/// They are refreshed as one committed write (custody action `analysis.refresh`) replacing the
/// host's previous ones, whenever an original was written after the last refresh: at the end of
/// `exhibit add`, and before `exhibit bundle` (a case migrated from schema v4, or one whose
/// `add` was killed before its refresh, is brought up to date there). An `add` that writes
/// nothing new (duplicates only) leaves them as they are: same case, same analyses.
public enum HostAnalyses {
    /// The custody action of a refresh.
    public static let action = "analysis.refresh"
    /// The methods the host runs.
    public static let methods: [any AnalysisMethod] = [IdenticalContent(), SharedEntities(), WeightsConfigAgreement()]

    /// Refreshes the host's analyses if an original was written since the last refresh;
    /// `entry` is the custody entry that records it. Returns what was written (nil: up to date).
    @discardableResult
    public static func refresh(_ store: any CaseStoring, entry: CustodyRecord) throws -> AnalysisWrite? {
        guard try isStale(store) else { return nil }
        let time = UTCTime.iso8601(Int64(Date().timeIntervalSince1970))
        return try store.replaceAnalyses(of: methods.map(\.id), entry: entry) { view, emit in
            for method in methods { try method.run(view, time: time, emit: emit) }
        }
    }

    /// Whether an original (or a migration's seal) was written after the last refresh.
    public static func isStale(_ store: any CaseStoring) throws -> Bool {
        try store.read { view in
            guard let written = try view.latestCustody(actions: ["acquire", "write", "case.migrate"]) else { return false }
            let refreshed = try view.latestCustody(actions: [action])
            return (refreshed?.sequence ?? 0) < (written.sequence ?? 0)
        }
    }
}
