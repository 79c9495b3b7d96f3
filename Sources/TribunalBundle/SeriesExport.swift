import BundleVerification
import CaseStore
import EvidenceKit
import Foundation

/// A series as text: one CSV file per series in a bundle (`data/graph/series/<id>.csv`, named
/// by its node in `graph.json`), and `exhibit series`. Columns `step,value` or
/// `unix_time,value` (seconds since 1970-01-01T00:00:00Z); numbers as Swift prints them (the
/// shortest text that reads back to the same double), steps as integers, and `NaN`,
/// `Infinity`, `-Infinity` for the values IEEE 754 has and decimal text does not.
public enum SeriesExport {
    /// Where a series' points are in a bundle.
    public static func bagPath(_ series: SeriesRecord) -> String {
        "data/graph/series/\(series.id).csv"
    }

    /// The points of `record`, or nil if its blob is not a packed series (a damaged case).
    public static func points(_ record: SeriesRecord) -> Series? {
        Series(name: record.name, unit: record.unit, packed: record.points)
    }

    /// The CSV header for a series on `axis`.
    public static func header(_ axis: Series.Axis) -> String {
        TabularExport.row([axis == .step ? "step" : "unix_time", "value"])
    }

    /// Writes every point of `series` as CSV, after the header.
    static func csv(_ series: Series, to out: ExportStream) {
        out.write(header(series.axis))
        var line = ""
        series.forEachPoint { x, value in
            line.removeAll(keepingCapacity: true)
            line += coordinate(x, series.axis)
            line += ","
            line += number(value)
            line += "\r\n"
            out.write(line)
        }
    }

    /// A point's x: a step as an integer when it is one, a time as a number.
    public static func coordinate(_ x: Double, _ axis: Series.Axis) -> String {
        if axis == .step, x.isFinite, x == x.rounded(), abs(x) < 9.0e15 { return String(Int64(x)) }
        return number(x)
    }

    /// A value: its shortest exact decimal text, or `NaN`, `Infinity`, `-Infinity`.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return "\(value)"
    }

    /// Writes each series of the case as its own file of the bag; returns them.
    static func write(_ export: CaseExport, folder: String) throws -> [BagFile] {
        var files: [BagFile] = []
        var made = false
        try export.reader.forEachSeries { record in
            guard let series = points(record) else {
                throw TribunalBundleError.damagedSeries(id: record.id, finding: record.findingID)
            }
            if !made {
                try FileManager.default.createDirectory(atPath: folder + "/data/graph/series", withIntermediateDirectories: true)
                made = true
            }
            files.append(try BagFileWriter.write(folder: folder, bagPath: bagPath(record)) { csv(series, to: $0) })
        }
        return files
    }
}
