import EvidenceKit
import Foundation

/// The pass over tensor data that every format shares: each tensor's span hashed and decoded as
/// it streams past, and what that showed written into the inventory.
struct TensorDataPass {
    let inventory: WeightsInventory
    let options: WeightsExtractor.Options
    let limits: ExtractionLimits

    func stream(_ spans: [SpanStreamer.Span], from reader: ForwardReader) throws {
        try SpanStreamer(statistics: options.statistics, limits: limits).stream(spans, from: reader) { outcome in
            inventory.update(outcome.record) { record in
                if let sha256 = outcome.sha256 {
                    record.sha256 = sha256
                    record.statistics = outcome.statistics
                    if outcome.statistics == nil, options.statistics, !record.encoding.isDecoded {
                        record.unread = "statistics not computed for \(record.encoding.name) (its values are not decoded)"
                    }
                } else {
                    let length = record.length.map { " of its \($0)" } ?? ""
                    record.unread = "only \(outcome.bytesRead)\(length) bytes were read: the content ended or the span lies outside it"
                }
            }
        }
    }
}
