import ExhibitFoundation
import Foundation
import GRDB

/// Replaces every analysis of some methods in one transaction (``CaseFile/replaceAnalyses(of:entry:_:)``):
/// the earlier ones are deleted, whole writes at a time, and the new ones are written sealed by
/// one custody entry that names the writes it replaces — a correction is a new record, and the
/// replaced records, left with no rows, say so in the chain.
struct AnalysisReplacement {
    private let db: Database
    private let path: String
    private let methods: [String]
    private let subject: String?

    init(_ db: Database, path: String, methods: [String], subject: String? = nil) {
        self.db = db
        self.path = path
        self.methods = methods
        self.subject = subject
    }

    func run(
        entry: CustodyRecord,
        _ produce: (_ view: any CaseView, _ emit: (AnalysisRecord, [AnalysisInputRecord]) throws -> Void) throws -> Void
    ) throws -> AnalysisWrite {
        let marks = Array(repeating: "?", count: methods.count).joined(separator: ", ")
        let selected = "method IN (\(marks))" + (subject == nil ? "" : " AND subject = ?")
        let byMethod = StatementArguments(methods) + StatementArguments(subject.map { [$0] } ?? [])
        let replaced = try Int64.fetchAll(db, sql: """
            SELECT DISTINCT record FROM analysis WHERE \(selected) AND record IS NOT NULL ORDER BY record
            """, arguments: byMethod)
        try db.execute(sql: """
            DELETE FROM analysis_input WHERE analysis_id IN (SELECT id FROM analysis WHERE \(selected));
            DELETE FROM analysis WHERE \(selected);
            """, arguments: byMethod + byMethod)
        if !replaced.isEmpty {
            let records = StatementArguments(replaced)
            let recordMarks = Array(repeating: "?", count: replaced.count).joined(separator: ", ")
            let left = try Int.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM analysis WHERE record IN (\(recordMarks)))
                     + (SELECT COUNT(*) FROM analysis_input WHERE record IN (\(recordMarks)))
                """, arguments: records + records) ?? 0
            guard left == 0 else {
                throw CaseStoreError.invalidAnalysis(
                    path: path, reason: "an earlier write holds analyses of other methods or subjects too; it cannot be replaced in part")
            }
        }
        let head = try CustodyChain.head(db)
        let analyses = try SealedInsert<AnalysisRecord>(db)
        let inputs = try SealedInsert<AnalysisInputRecord>(db)
        var rows = RowSetDigest()
        var count = 0
        try produce(CaseReader(db: db, path: path)) { analysis, analysisInputs in
            try validate(analysis, analysisInputs)
            try analyses.insert(analysis, seal: head.next, into: &rows)
            for input in analysisInputs { try inputs.insert(input, seal: head.next, into: &rows) }
            count += 1
        }
        guard count > 0 || !replaced.isEmpty else { return AnalysisWrite(analyses: 0, replaced: [], entry: nil) }
        var details = (try? JSONDecoder().decode([String: String].self, from: Data(entry.details.utf8))) ?? [:]
        details["methods"] = methods.joined(separator: ", ")
        if let subject { details["subject"] = subject }
        details["analyses"] = String(count)
        if !replaced.isEmpty { details["replaces"] = replaced.map(String.init).joined(separator: " ") }
        var recorded = entry
        recorded.details = CanonicalJSON.encode(details)
        let written = try CustodyChain.append([recorded], sealing: rows, after: head, db)[0]
        return AnalysisWrite(analyses: count, replaced: replaced, entry: written)
    }

    /// An analysis of another method, with a number SQLite cannot keep (it stores NaN as NULL),
    /// or with inputs of another analysis, is refused.
    private func validate(_ analysis: AnalysisRecord, _ inputs: [AnalysisInputRecord]) throws {
        func refuse(_ reason: String) -> CaseStoreError {
            .invalidAnalysis(path: path, reason: "\(analysis.method) \(analysis.id): \(reason)")
        }
        guard methods.contains(analysis.method) else { throw refuse("not one of the methods being written") }
        for (name, value) in [("score", analysis.score), ("p_value", analysis.pValue)] {
            if let value, !value.isFinite { throw refuse("\(name) is not a finite number") }
        }
        if let p = analysis.pValue, !(0...1).contains(p) { throw refuse("p_value is not a probability") }
        for input in inputs where input.analysisID != analysis.id {
            throw refuse("an input belongs to analysis \(input.analysisID)")
        }
    }
}
