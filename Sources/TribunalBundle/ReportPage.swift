import BundleVerification
import CaseStore
import EvidenceKit
import ExhibitFoundation
import Foundation

/// `report/index.html`: one self-contained page (no scripts, no external files) that a person
/// can read and print, and understand the case from without Exhibit.
enum ReportPage {
    /// Writes the page, streamed from the case: its tables of members, findings and events
    /// are written row by row.
    /// `copies` are the originals' copies in the payload, by the originals' ids; `exportEntry`
    /// is this export's custody entry, the chain's head.
    static func write(_ export: CaseExport, copies: [String: BagFile], exhibitsIncluded: Bool,
                      exportTime: String, toolVersion: String, notInCASE: [String], exportEntry: CustodyRecord,
                      to out: ExportStream) throws {
        let info = export.info
        out.write("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>\(escape(info.title)) — Exhibit report</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:78em;color:#111}
            h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #999}
            table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #bbb;padding:.25em .4em;text-align:left;vertical-align:top}
            th{background:#eee}code,.hash{font-family:ui-monospace,monospace;font-size:.9em;word-break:break-all}
            .warning{background:#fff4d6}.error{background:#fde2e2}.ok{color:#075e07}.bad{color:#a00;font-weight:bold}
            @media print{body{margin:0;max-width:none}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
            </style></head><body>
            <h1>\(escape(info.title))</h1>
            <table><tr><th>Case</th><td><code>\(escape(info.caseID))</code></td></tr>
            <tr><th>Examiner</th><td>\(escape(info.examiner))\(info.organization.isEmpty ? "" : ", " + escape(info.organization))</td></tr>
            <tr><th>Case created</th><td>\(escape(info.created))</td></tr>
            <tr><th>Exported</th><td>\(escape(exportTime)) with exhibit \(escape(toolVersion))</td></tr></table>

            """)
        // The originals are read one at a time; of each, only its exhibit number is kept, by party
        // (the parties of shared entities are in their analyses).
        var exhibitsOfParty: [String: [String]] = [:]
        try export.forEachOriginal { original in
            exhibitsOfParty[original.party ?? "unassigned", default: []].append(original.exhibit)
        }
        heading("Parties", out)
        table(["Party", "Exhibits"], exhibitsOfParty.sorted { $0.key < $1.key }
            .map { [escape($0.key), escape($0.value.joined(separator: ", "))] }, to: out)
        heading("Exhibits", out)
        if !exhibitsIncluded {
            out.write("<p><b>The originals are not in this bundle</b> (exported with "
                      + "<code>--exhibits none</code>); their hashes are recorded here and in the graph.</p>")
        }
        let exhibits = HTMLTable(["Exhibit", "Name", "Party", "Bytes", "SHA-256 at intake", "Export check", "File"], to: out)
        try export.forEachOriginal { exhibits.row(exhibitRow($0, copy: copies[$0.id], exhibitsIncluded: exhibitsIncluded)) }
        exhibits.close()
        out.write("\n")
        heading("Materials considered", out)
        let materials = HTMLTable(["Exhibit", "Type", "Bytes", "SHA-256", "Evidence path"], to: out)
        try export.reader.forEachArtifact { artifact in
            materials.row([escape(artifact.exhibit), escape(artifact.entryType), String(artifact.size),
                           "<span class=hash>\(escape(artifact.sha256.map { artifact.hashComplete ? $0 : $0 + " (partial)" } ?? "—"))</span>",
                           escape(artifact.evidencePath + (artifact.linkTarget.map { " → \($0)" } ?? ""))])
        }
        materials.close()
        out.write("\n")
        heading("Limitations and extraction errors", out)
        let stops = FindingQuery(kinds: ["limitation", "extraction.error"])
        if try export.reader.countFindings(stops) == 0 {
            out.write("<p>None: every artifact was read to its end within the budget.</p>\n")
        } else {
            try findingTable(export, stops, to: out)
            out.write("\n")
        }
        heading("Identical content in more than one exhibit", out)
        try sharedContent(export, to: out)
        heading("Entities found in more than one exhibit", out)
        try sharedEntities(export, to: out)
        heading("Comparisons of the parties' evidence", out)
        try ComparisonSection.write(export, to: out)
        heading("Other analyses", out)
        try otherAnalyses(export, to: out)
        let descriptions = export.descriptions
        let headline = descriptions.kinds(presented: .headline)
        heading("Key findings", out)
        if headline.isEmpty {
            out.write("<p>None.</p>\n")
        } else {
            try findingTable(export, FindingQuery(kinds: headline), withExhibit: true, to: out)
            out.write("\n")
        }
        let bulk = descriptions.kinds(presented: .bulk)
        let notInDetail = [FindingKind.limitation.rawValue, FindingKind.extractionError.rawValue] + headline + bulk
        try export.forEachOriginal { original in
            heading("Findings in \(original.exhibit) — \(original.name)", out, level: 3)
            try findingTable(export, FindingQuery(excludedKinds: notInDetail, exhibit: original.exhibit), to: out)
            try bulkCounts(export, kinds: bulk, exhibit: original.exhibit, to: out)
            out.write("\n")
        }
        heading("Timeline", out)
        try TimelinePicture.write(export, to: out)
        let timeline = HTMLTable(["Time (UTC)", "As written", "Zone from", "Exhibit", "Event"], to: out)
        try export.reader.forEachFinding(FindingQuery(excludedKinds: bulk, eventsOnly: true, order: .time)) { event in
            timeline.row([escape(event.timeUTC ?? ""), escape(event.timeOriginal ?? ""), escape(event.timeZoneSource ?? ""),
                          escape(event.exhibit), escape(event.summary)])
        }
        timeline.close()
        try bulkCounts(export, kinds: bulk, exhibit: nil, eventsOnly: true, to: out)
        out.write("\n")
        heading("Loss curves of the training runs", out)
        try TrainingCurves.write(export, to: out)
        heading("Method", out)
        out.write("""
            <p>Each original was opened read-only and read once; its SHA-256 was computed while it was read. Members of \
            archives were streamed out of the archive (never written to disk), hashed, and examined by the extractors \
            below, recursively, within a resource budget; every stop is listed above as a limitation. Times that the \
            evidence records without a zone were read in the zone stated beside each event. Node identifiers are \
            name-based UUIDs (v5) over content and place, so the same evidence gives the same identifiers.</p>
            <p>Tool: exhibit \(escape(toolVersion)). ML vocabulary (key spellings, number forms, fingerprint recipe, \
            RL library defaults): \(escape(export.vocabularyVersions.isEmpty ? "not recorded" : export.vocabularyVersions
                .map { "version " + $0 }.joined(separator: ", "))).</p>

            """)
        methodTable(export, to: out)
        out.write("""
            <p>Not expressed in CASE/UCO (kept in <code>data/graph/graph.json</code>): \
            \(notInCASE.isEmpty ? "nothing." : escape(notInCASE.joined(separator: "; ")))</p>
            <p>Every write to the case appended a custody entry naming the digest of the one before it and of \
            the rows it added (a hash chain, checked before this export): the chain's last entry, this export, \
            is #\(exportEntry.sequence ?? 0), SHA-256 <code>\(escape(exportEntry.entrySHA256 ?? "-"))</code>. \
            To verify this bundle and recompute the chain without Exhibit, see <code>data/VERIFY.txt</code>.</p>

            """)
        heading("Chain of custody", out)
        let custody = HTMLTable(["#", "Time (UTC)", "Action", "Exhibit", "Examiner", "Host", "Command"], to: out)
        try export.forEachCustodyForBundle {
            custody.row([String($0.sequence ?? 0), escape($0.time), escape($0.action), escape($0.exhibit ?? "—"),
                         escape($0.examiner), escape($0.host), "<code>\(escape($0.command))</code>"])
        }
        custody.close()
        out.write("\n")
        out.write("</body></html>\n")
    }

    private static func exhibitRow(_ original: ArtifactRecord, copy: BagFile?, exhibitsIncluded: Bool) -> [String] {
        let status: String
        if !exhibitsIncluded {
            status = "not included in this bundle (--exhibits none)"
        } else if let exported = copy?.sha256 {
            status = exported == original.sha256 ? "<span class=ok>matches intake</span>" : "<span class=bad>DIFFERS</span>"
        } else {
            status = "not copied"
        }
        return [escape(original.exhibit), escape(original.name), escape(original.party ?? "unassigned"),
                String(original.size), "<span class=hash>\(escape(original.sha256 ?? "-"))</span>",
                status, copy.map { "<code>\(escape($0.path))</code>" } ?? "—"]
    }

    /// The findings a query selects, or "None.".
    private static func findingTable(_ export: CaseExport, _ query: FindingQuery, withExhibit: Bool = false,
                                     to out: ExportStream) throws {
        var table: HTMLTable?
        try export.reader.forEachFinding(query) { finding in
            if table == nil {
                table = HTMLTable((withExhibit ? ["Exhibit"] : []) + ["Kind", "Severity", "Summary", "Where"], to: out)
            }
            table?.row((withExhibit ? [escape(finding.exhibit)] : [])
                       + [escape(finding.kind), escape(finding.severity), escape(finding.summary),
                          escape(finding.evidencePath) + placeText(finding.locator)],
                       class: finding.severity == "info" ? nil : finding.severity)
        }
        if let table { table.close() } else { out.write("<p>None.</p>") }
    }

    /// Bulk kinds are counted, not printed: every one is in `findings.csv` and the graph.
    private static func bulkCounts(_ export: CaseExport, kinds: [String], exhibit: String?, eventsOnly: Bool = false,
                                   to out: ExportStream) throws {
        var lines: [String] = []
        for kind in kinds {
            let count = try export.reader.countFindings(FindingQuery(kinds: [kind], exhibit: exhibit, eventsOnly: eventsOnly))
            guard count > 0 else { continue }
            let what = export.descriptions.summary(of: kind).map { ": " + escape($0) } ?? ""
            lines.append("<li>\(count) <code>\(escape(kind))</code>\(eventsOnly ? " events" : " findings")\(what)</li>")
        }
        guard !lines.isEmpty else { return }
        out.write("<p>Too many to print one by one; each is in <code>data/graph/findings.csv</code>"
                  + (eventsOnly ? ", <code>data/graph/timeline.csv</code>" : "") + " and the graph:</p><ul>"
                  + lines.joined() + "</ul>")
    }

    /// Each extractor used, with its version and, in its own words, what it reads and does not see.
    private static func methodTable(_ export: CaseExport, to out: ExportStream) {
        let table = HTMLTable(["Extractor", "Version", "What it reads, and what it does not see"], to: out)
        for used in export.extractors {
            let parts = used.split(separator: " ", maxSplits: 1).map(String.init)
            let version = parts.count > 1 ? parts[1] : nil
            let descriptor = export.descriptions.descriptor(id: parts[0], version: version)
            let rationale = descriptor?.rationale.isEmpty == false ? descriptor!.rationale : "not recorded"
            table.row([escape(parts[0]), escape(version ?? "?")
                       + (descriptor.map { $0.version == version ? "" : " (described as of \(escape($0.version)))" } ?? ""),
                       escape(rationale)])
        }
        table.close()
        out.write("\n")
        outOfProcess(export, to: out)
    }

    /// Extractors that ran as separate programs, and the protections each had, as the runs recorded them.
    private static func outOfProcess(_ export: CaseExport, to out: ExportStream) {
        var lines: [String] = []
        for entry in export.runEntries {
            let details = BundleJSON.object(entry.details) as? [String: Any]
            for plugin in (details?["out_of_process"] as? [[String: Any]]) ?? [] {
                let line = "<li><code>\(escape(plugin["id"] as? String ?? "?"))</code> (\(escape(plugin["origin"] as? String ?? ""))): "
                    + escape(((plugin["protections"] as? [String]) ?? []).joined(separator: "; ")) + "</li>"
                if !lines.contains(line) { lines.append(line) }
            }
        }
        guard !lines.isEmpty else { return }
        out.write("<p>Extractors run as separate programs, each process sandboxed with:</p><ul>" + lines.joined() + "</ul>\n")
    }

    /// A locator as a person reads it: `entry 3, line 2, column 21, /model/layers`.
    static func placeText(_ locatorJSON: String) -> String {
        guard let object = BundleJSON.object(locatorJSON) as? [String: Any], !object.isEmpty else { return "" }
        var parts: [String] = []
        if let entry = object["entry_index"] { parts.append("entry \(entry)") }
        if let offset = object["byte_offset"] { parts.append("byte \(offset)") }
        if let line = object["line"] { parts.append("line \(line)" + (object["column"].map { ", column \($0)" } ?? "")) }
        if let cell = object["cell_index"] { parts.append("cell \(cell)") }
        if let pointer = object["json_pointer"] as? String, !pointer.isEmpty { parts.append(pointer) }
        return parts.isEmpty ? "" : " <small>(" + escape(parts.joined(separator: ", ")) + ")</small>"
    }

    /// Members whose bytes are identical (same SHA-256) in different exhibits: the analyses of
    /// `content.identical`.
    private static func sharedContent(_ export: CaseExport, to out: ExportStream) throws {
        var table: HTMLTable?
        try export.reader.forEachAnalysis(method: "content.identical") { analysis, _ in
            let result = (BundleJSON.object(analysis.result) as? [String: Any]) ?? [:]
            let places = (result["places"] as? [[String: Any]] ?? []).map {
                "\($0["exhibit"] as? String ?? "") \($0["evidence_path"] as? String ?? "")"
            }
            if table == nil { table = HTMLTable(["SHA-256", "Bytes", "Where"], to: out) }
            table?.row(["<span class=hash>\(escape(analysis.subject))</span>", "\(result["size"] ?? "")",
                        escape(places.joined(separator: "; "))])
        }
        if let table { table.close() } else { out.write("<p>None.</p>") }
        out.write("\n")
    }

    /// Facts, not conclusions: the things (architecture fingerprints, techniques, models, URLs)
    /// that findings in different exhibits both name — the analyses of `entity.shared`.
    private static func sharedEntities(_ export: CaseExport, to out: ExportStream) throws {
        var table: HTMLTable?
        try export.reader.forEachAnalysis(method: "entity.shared") { analysis, _ in
            let result = (BundleJSON.object(analysis.result) as? [String: Any]) ?? [:]
            let entity = result["entity"] as? [String: Any] ?? [:]
            func list(_ key: String, _ separator: String) -> String {
                escape((result[key] as? [String] ?? []).joined(separator: separator))
            }
            if table == nil {
                out.write("<p>Each row is a thing that findings in several exhibits name. Whether a shared value is "
                          + "probative (and not a public default) is for the analysis, not this table.</p>")
                table = HTMLTable(["Kind", "Value", "Exhibits", "Parties", "Where"], to: out)
            }
            table?.row([escape(entity["kind"] as? String ?? ""), "<code>" + escape(entity["value"] as? String ?? "") + "</code>",
                        list("exhibits", ", "), list("parties", ", "), list("places", "; ")])
        }
        if let table { table.close() } else { out.write("<p>None.</p>") }
        out.write("\n")
    }

    /// Every other analysis: its method, what it measured against what, what it means and what
    /// it does not show.
    private static func otherAnalyses(_ export: CaseExport, to out: ExportStream) throws {
        var table: HTMLTable?
        try export.reader.forEachAnalysis(method: nil) { analysis, inputs in
            guard !hostMethods.contains(analysis.method), !analysis.method.hasPrefix("compare.") else { return }
            if table == nil { table = HTMLTable(["Method", "Subject", "Measure", "Interpretation", "Limits", "Inputs"], to: out) }
            let measure = (analysis.score.map { SeriesExport.number($0) + (analysis.statistic.map { " \($0)" } ?? "") } ?? "—")
                + (analysis.pValue.map { "; p = \(SeriesExport.number($0))" } ?? "")
            table?.row([escape("\(analysis.method) \(analysis.methodVersion)"), escape(analysis.subject), escape(measure),
                        escape(analysis.interpretation), escape(analysis.limits),
                        escape(inputs.map { "\($0.role): \($0.nodeKind) \($0.nodeID)" }.joined(separator: "; "))])
        }
        if let table { table.close() } else { out.write("<p>None.</p>") }
        out.write("\n")
    }

    /// The methods whose analyses have sections of their own.
    private static let hostMethods: Set<String> = ["content.identical", "entity.shared"]

    private static func heading(_ title: String, _ out: ExportStream, level: Int = 2) {
        out.write("<h\(level)>\(escape(title))</h\(level)>\n")
    }

    /// A small table, whole.
    private static func table(_ headers: [String], _ rows: [[String]], to out: ExportStream) {
        let table = HTMLTable(headers, to: out)
        for row in rows { table.row(row) }
        table.close()
        out.write("\n")
    }

    /// Text for HTML content and attribute values: control and bidirectional characters made
    /// visible (``VisibleText``), then `& < > " '` as entities.
    static func escape(_ raw: String) -> String {
        let text = VisibleText.escaped(raw)
        let utf8 = text.utf8
        let special: (UInt8) -> Bool = { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }
        guard utf8.contains(where: special) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x26: out += "&amp;".utf8
            case 0x3C: out += "&lt;".utf8
            case 0x3E: out += "&gt;".utf8
            case 0x22: out += "&quot;".utf8
            case 0x27: out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
