import CaseStore
import Foundation

/// `findings.csv` and `timeline.csv` (Timesketch's columns: message, datetime, timestamp_desc),
/// RFC 4180 quoting, CRLF line ends, UTF-8.
enum TabularExport {
    static func findings(_ snapshot: CaseSnapshot) -> Data {
        var rows = [["id", "exhibit", "evidence_path", "kind", "severity", "summary", "locator", "time_utc",
                     "time_original", "time_zone_source", "extractor", "extractor_version", "attributes"]]
        for finding in snapshot.findings {
            rows.append([finding.id, finding.exhibit, finding.evidencePath, finding.kind, finding.severity, finding.summary,
                         finding.locator, finding.timeUTC ?? "", finding.timeOriginal ?? "", finding.timeZoneSource ?? "",
                         finding.extractorID, finding.extractorVersion, finding.attributes])
        }
        return csv(rows)
    }

    static func timeline(_ snapshot: CaseSnapshot) -> Data {
        var rows = [["message", "datetime", "timestamp_desc", "exhibit", "evidence_path", "kind", "time_original",
                     "time_zone_source", "finding_id"]]
        let events = snapshot.findings.filter { $0.timeUTC != nil }
            .sorted { ($0.timeUTC!, $0.exhibitSequence, $0.ordinal) < ($1.timeUTC!, $1.exhibitSequence, $1.ordinal) }
        for event in events {
            rows.append([event.summary, event.timeUTC!, description(of: event.kind), event.exhibit, event.evidencePath,
                         event.kind, event.timeOriginal ?? "", event.timeZoneSource ?? "", event.id])
        }
        return csv(rows)
    }

    private static func description(of kind: String) -> String {
        switch kind {
        case "archive.member_time": return "Archive member modification time"
        case "archive.time_span": return "Earliest archive member time"
        default: return kind
        }
    }

    static func csv(_ rows: [[String]]) -> Data {
        Data(rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined().utf8)
    }

    private static func field(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
