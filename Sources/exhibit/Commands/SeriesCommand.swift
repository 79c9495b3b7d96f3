import ArgumentParser
import CaseStore
import EvidenceKit
import ExhibitFoundation
import Foundation
import TribunalBundle

struct SeriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series", abstract: "Print the series of a finding (a metric per step or time) as CSV or JSON.",
        discussion: """
            CSV has the columns step,value (or unix_time,value: seconds since 1970 UTC), as the bundle's \
            data/graph/series/ files; values keep NaN, Infinity and -Infinity. A finding with several \
            series needs --name in CSV. Example: exhibit series dispute.exhibit <finding-id> --format csv
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @OptionGroup var target: CaseArgument
    @Argument(help: "The finding's id (see `exhibit findings --json`).") var findingID: String
    @Option(help: "csv or json.") var format: Format = .csv
    @Option(help: "Only the series of this name.") var name: String?

    func run() throws {
        let all = try CaseFile.open(at: target.casePath).read { try $0.series(ofFinding: findingID) }
        let chosen = all.filter { name == nil || $0.name == name }
        guard !chosen.isEmpty else { throw CLIError.noSeries(finding: findingID, names: all.map(\.name)) }
        var decoded: [(SeriesRecord, Series)] = []
        for record in chosen {
            guard let series = SeriesExport.points(record) else {
                throw CLIError.damagedSeries(id: record.id, path: target.casePath)
            }
            decoded.append((record, series))
        }
        switch format {
        case .csv:
            guard decoded.count == 1 else { throw CLIError.noSeries(finding: findingID, names: all.map(\.name)) }
            let series = decoded[0].1
            var text = SeriesExport.header(series.axis)
            series.forEachPoint { x, value in
                text += "\(SeriesExport.coordinate(x, series.axis)),\(SeriesExport.number(value))\r\n"
                if text.utf8.count >= 1 << 16 { flush(&text) }
            }
            flush(&text)
        case .json:
            var text = "["
            for (index, (record, series)) in decoded.enumerated() {
                text += (index == 0 ? "\n" : ",\n") + "  {\n"
                text += "    \"axis\" : \(quoted(record.axis)),\n    \"count\" : \(series.count),\n"
                text += "    \"finding_id\" : \(quoted(record.findingID)),\n    \"id\" : \(quoted(record.id)),\n"
                text += "    \"name\" : \(quoted(record.name)),\n    \"points\" : ["
                var first = true
                series.forEachPoint { x, value in
                    text += (first ? "\n" : ",\n") + "      [\(json(SeriesExport.coordinate(x, series.axis))), \(json(SeriesExport.number(value)))]"
                    first = false
                    if text.utf8.count >= 1 << 16 { flush(&text) }
                }
                text += first ? "\n\n    ],\n" : "\n    ],\n"
                text += "    \"unit\" : \(quoted(record.unit))\n  }"
            }
            text += "\n]\n"
            flush(&text)
        }
    }

    private func flush(_ text: inout String) {
        Printer.raw(text)
        text.removeAll(keepingCapacity: true)
    }

    private func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        CanonicalJSON.writeString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A number as JSON: itself, or a string for the values JSON has no number for.
    private func json(_ number: String) -> String {
        ["NaN", "Infinity", "-Infinity"].contains(number) ? "\"\(number)\"" : number
    }
}
