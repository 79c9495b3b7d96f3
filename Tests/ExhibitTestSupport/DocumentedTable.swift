import Foundation

/// A part of a page under docs/ that a test renders from the code (a table, a measurement),
/// between `<!-- NAME: … -->` and `<!-- end NAME -->`: the page must say what the code does.
public enum DocumentedTable {
    /// Whether the part `marker` of `page` (a path from the repository root) is `rendered`: `nil`
    /// when it is, or what is wrong. With EXHIBIT_UPDATE_DOCS=1 a drifted part is rewritten
    /// instead (and `nil` returned).
    public static func drift(_ rendered: String, page: String, marker: String) throws -> String? {
        let url = Repository.root.appendingPathComponent(page)
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let open = text.range(of: "<!-- \(marker):"),
              let begin = text.range(of: "-->\n", range: open.upperBound..<text.endIndex),
              let stop = text.range(of: "<!-- end \(marker) -->", range: begin.upperBound..<text.endIndex) else {
            return "\(page) has no generated part \(marker) (markers missing)"
        }
        let current = String(text[begin.upperBound..<stop.lowerBound])
        guard current != rendered else { return nil }
        if ProcessInfo.processInfo.environment["EXHIBIT_UPDATE_DOCS"] == "1" {
            try (text[..<begin.upperBound] + rendered + text[stop.lowerBound...]).write(to: url, atomically: true, encoding: .utf8)
            return nil
        }
        return "\(page) drifted from the code (\(marker)): run the tests with EXHIBIT_UPDATE_DOCS=1"
    }
}
