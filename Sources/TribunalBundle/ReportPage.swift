import CaseStore
import Foundation

/// `report/index.html`: one self-contained page (no scripts, no external files) that a person
/// can read and print, and understand the case from without Exhibit.
enum ReportPage {
    struct ExhibitCheck {
        let payloadName: String?
        let exportSHA256: String?
    }

    static func render(_ snapshot: CaseSnapshot, checks: [String: ExhibitCheck], exhibitsIncluded: Bool,
                       exportTime: String, toolVersion: String, notInCASE: [String]) -> Data {
        let info = snapshot.info
        var html = """
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

            """
        html += section("Parties", table(["Party", "Exhibits"], Dictionary(grouping: snapshot.originals) { $0.party ?? "unassigned" }
            .sorted { $0.key < $1.key }.map { [escape($0.key), escape($0.value.map(\.exhibit).joined(separator: ", "))] }))
        let exhibitRows = snapshot.originals.map { original -> [String] in
            let check = checks[original.id]
            let status: String
            if !exhibitsIncluded {
                status = "not included in this bundle (--exhibits none)"
            } else if let exported = check?.exportSHA256 {
                status = exported == original.sha256 ? "<span class=ok>matches intake</span>" : "<span class=bad>DIFFERS</span>"
            } else {
                status = "not copied"
            }
            return [escape(original.exhibit), escape(original.name), escape(original.party ?? "unassigned"),
                    String(original.size), "<span class=hash>\(escape(original.sha256 ?? "-"))</span>",
                    status, check?.payloadName.map { "<code>data/exhibits/\(escape($0))</code>" } ?? "—"]
        }
        html += section("Exhibits", (exhibitsIncluded ? "" : "<p><b>The originals are not in this bundle</b> (exported with "
                                     + "<code>--exhibits none</code>); their hashes are recorded here and in the graph.</p>")
            + table(["Exhibit", "Name", "Party", "Bytes", "SHA-256 at intake", "Export check", "File"], exhibitRows))
        html += section("Materials considered", table(["Exhibit", "Type", "Bytes", "SHA-256", "Evidence path"],
            snapshot.artifacts.map { artifact in
                [escape(artifact.exhibit), escape(artifact.entryType), String(artifact.size),
                 "<span class=hash>\(escape(artifact.sha256.map { artifact.hashComplete ? $0 : $0 + " (partial)" } ?? "—"))</span>",
                 escape(artifact.evidencePath + (artifact.linkTarget.map { " → \($0)" } ?? ""))]
            }))
        let limitations = snapshot.findings.filter { $0.kind == "limitation" || $0.kind == "extraction.error" }
        html += section("Limitations and extraction errors",
                        limitations.isEmpty ? "<p>None: every artifact was read to its end within the budget.</p>"
                            : findingTable(limitations))
        html += section("Identical content in more than one exhibit", sharedContent(snapshot))
        html += section("Entities found in more than one exhibit", sharedEntities(snapshot))
        for original in snapshot.originals {
            let all = snapshot.findings.filter { $0.exhibit == original.exhibit && $0.kind != "archive.member_time" }
            let entries = all.filter { $0.kind == "config.entry" }
            var body = findingTable(all.filter { $0.kind != "config.entry" })
            if !entries.isEmpty {
                body += "<details><summary>\(entries.count) configuration entries</summary>\(findingTable(entries))</details>"
            }
            html += section("Findings in \(original.exhibit) — \(original.name)", body, level: 3)
        }
        let events = snapshot.findings.filter { $0.timeUTC != nil }.sorted { ($0.timeUTC!, $0.id) < ($1.timeUTC!, $1.id) }
        html += section("Timeline", table(["Time (UTC)", "As written", "Zone from", "Exhibit", "Event"], events.map {
            [escape($0.timeUTC!), escape($0.timeOriginal ?? ""), escape($0.timeZoneSource ?? ""), escape($0.exhibit),
             escape($0.summary)]
        }))
        html += section("Method", """
            <p>Each original was opened read-only and read once; its SHA-256 was computed while it was read. Members of \
            archives were streamed out of the archive (never written to disk), hashed, and examined by the extractors \
            below, recursively, within a resource budget; every stop is listed above as a limitation. Times that the \
            evidence records without a zone were read in the zone stated beside each event. Node identifiers are \
            name-based UUIDs (v5) over content and place, so the same evidence gives the same identifiers.</p>
            <p>Tool: exhibit \(escape(toolVersion)). Extractors: \(escape(snapshot.extractors.joined(separator: ", ")))</p>
            <p>Not expressed in CASE/UCO (kept in <code>data/graph/graph.json</code>): \
            \(notInCASE.isEmpty ? "nothing." : escape(notInCASE.joined(separator: "; ")))</p>
            <p>To verify this bundle without Exhibit, see <code>data/VERIFY.txt</code>.</p>
            """)
        html += section("Chain of custody", table(["#", "Time (UTC)", "Action", "Exhibit", "Examiner", "Host", "Command"],
            snapshot.custodyForBundle.map {
                [String($0.sequence ?? 0), escape($0.time), escape($0.action), escape($0.exhibit ?? "—"),
                 escape($0.examiner), escape($0.host), "<code>\(escape($0.command))</code>"]
            }))
        html += "</body></html>\n"
        return Data(html.utf8)
    }

    private static func findingTable(_ findings: [FindingRecord]) -> String {
        guard !findings.isEmpty else { return "<p>None.</p>" }
        return table(["Kind", "Severity", "Summary", "Where"], findings.map {
            [escape($0.kind), escape($0.severity), escape($0.summary),
             escape($0.evidencePath) + placeText($0.locator)]
        }, rowClass: { findings[$0].severity == "info" ? nil : findings[$0].severity })
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

    /// Members whose bytes are identical (same SHA-256) in different exhibits.
    private static func sharedContent(_ snapshot: CaseSnapshot) -> String {
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        let groups = Dictionary(grouping: snapshot.artifacts.filter { $0.hashComplete && $0.sha256 != nil && $0.sha256 != empty },
                                by: { $0.sha256! })
        let rows = groups.filter { Set($0.value.map(\.exhibit)).count > 1 }.sorted { $0.key < $1.key }.map { sha, artifacts in
            ["<span class=hash>\(escape(sha))</span>", String(artifacts[0].size),
             escape(artifacts.map { "\($0.exhibit) \($0.evidencePath)" }.joined(separator: "; "))]
        }
        guard !rows.isEmpty else { return "<p>None.</p>" }
        return table(["SHA-256", "Bytes", "Where"], rows)
    }

    /// Facts, not conclusions: the things (architecture fingerprints, techniques, models, URLs)
    /// that findings in different exhibits both name.
    private static func sharedEntities(_ snapshot: CaseSnapshot) -> String {
        let exhibitOfFinding = Dictionary(snapshot.findings.map { ($0.id, ($0.exhibit, $0.evidencePath)) },
                                          uniquingKeysWith: { first, _ in first })
        let mentionsByEntity = Dictionary(grouping: snapshot.mentions, by: \.entityID)
        var rows: [[String]] = []
        for entity in snapshot.entities {
            let places = (mentionsByEntity[entity.id] ?? []).compactMap { exhibitOfFinding[$0.findingID] }
            let exhibits = Set(places.map(\.0))
            guard exhibits.count > 1 else { continue }
            let parties = Set(snapshot.originals.filter { exhibits.contains($0.exhibit) }.map { $0.party ?? "unassigned" })
            rows.append([escape(entity.kind), "<code>" + escape(entity.value) + "</code>",
                         escape(exhibits.sorted().joined(separator: ", ")), escape(parties.sorted().joined(separator: ", ")),
                         escape(Set(places.map(\.1)).sorted().joined(separator: "; "))])
        }
        guard !rows.isEmpty else { return "<p>None.</p>" }
        return "<p>Each row is a thing that findings in several exhibits name. Whether a shared value is "
            + "probative (and not a public default) is for the analysis, not this table.</p>"
            + table(["Kind", "Value", "Exhibits", "Parties", "Where"], rows)
    }

    private static func section(_ title: String, _ body: String, level: Int = 2) -> String {
        "<h\(level)>\(escape(title))</h\(level)>\n\(body)\n"
    }

    private static func table(_ headers: [String], _ rows: [[String]], rowClass: (Int) -> String? = { _ in nil }) -> String {
        var html = "<table><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for (index, row) in rows.enumerated() {
            html += (rowClass(index).map { "<tr class=\($0)>" } ?? "<tr>") + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        return html + "</table>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
