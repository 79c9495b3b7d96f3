import CaseStore
import Foundation

/// `findings.csv`, `timeline.csv` (``TimelineExport``: Timesketch's columns and more) and `analyses.csv`,
/// RFC 4180 quoting, CRLF line ends, UTF-8; streamed from the case (the timeline in the order
/// the store sorts it: UTC time, then exhibit and read order).
///
/// Evidence text can be a formula: a spreadsheet runs a cell that begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`). As OWASP
/// recommends, such a cell is written with a `'` before it, in double quotes, so it opens as
/// text; a cell holding `;` is quoted too (spreadsheets set to `;`-separated lists would split it
/// and start a new cell there). `VERIFY.txt` says so; `graph.json` keeps every value exact.
enum TabularExport {
    static func findings(_ export: CaseExport, to out: ExportStream) throws {
        out.write(row(["id", "exhibit", "evidence_path", "kind", "severity", "summary", "locator", "time_utc",
                       "time_original", "time_zone_source", "extractor", "extractor_version", "attributes"]))
        try export.reader.forEachFinding { finding in
            out.write(row([finding.id, finding.exhibit, finding.evidencePath, finding.kind, finding.severity, finding.summary,
                           finding.locator, finding.timeUTC ?? "", finding.timeOriginal ?? "", finding.timeZoneSource ?? "",
                           finding.extractorID, finding.extractorVersion, finding.attributes]))
        }
    }

    /// `timeline.csv`: the case timeline as `exhibit timeline --format csv` writes it.
    static func timeline(_ export: CaseExport, to out: ExportStream) throws {
        try TimelineExport.write(export, format: .csv, filter: TimelineExport.Filter(), to: out)
    }

    /// `analyses.csv`: every analysis, its measure, its meaning and limits, and its inputs
    /// (`role kind id`, in the method's order, separated by `; `).
    static func analyses(_ export: CaseExport, to out: ExportStream) throws {
        out.write(row(["id", "method", "method_version", "subject", "score", "statistic", "p_value", "interpretation",
                       "limits", "inputs", "parameters", "result", "controls", "time", "tool_version"]))
        try export.reader.forEachAnalysis(method: nil) { analysis, inputs in
            out.write(row([analysis.id, analysis.method, analysis.methodVersion, analysis.subject,
                           analysis.score.map { SeriesExport.number($0) } ?? "", analysis.statistic ?? "",
                           analysis.pValue.map { SeriesExport.number($0) } ?? "", analysis.interpretation, analysis.limits,
                           inputs.map { "\($0.role) \($0.nodeKind) \($0.nodeID)" }.joined(separator: "; "),
                           analysis.parameters, analysis.result, analysis.controls ?? "", analysis.time,
                           analysis.toolVersion]))
        }
    }

    /// One CSV record with its CRLF.
    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// The first characters that make a spreadsheet read a cell as a formula (OWASP).
    private static let formulaStarts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]

    private static func field(_ value: String) -> String {
        // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        let utf8 = value.utf8
        let neutralized = utf8.first.map(formulaStarts.contains) ?? false
        guard neutralized || utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D || $0 == 0x3B }) else {
            return value
        }
        var quoted: [UInt8] = neutralized ? [0x22, 0x27] : [0x22]
        quoted.reserveCapacity(utf8.count + 8)
        for byte in utf8 {
            quoted.append(byte)
            if byte == 0x22 { quoted.append(0x22) }
        }
        quoted.append(0x22)
        return String(decoding: quoted, as: UTF8.self)
    }
}
