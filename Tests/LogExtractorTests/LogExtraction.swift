import EvidenceKit
import ExhibitTestSupport
import Foundation
@testable import LogExtractor

/// The log extractor's findings on `data`, in a file called `name` last modified at `modified`
/// (seconds since 1970, UTC), handed over as the host does (a head of 64 KiB, the content behind it).
func extractLog(_ name: String, _ data: Data, modified: Int64? = nil, limits: ExtractionLimits = .init()) throws -> [Finding] {
    let sink = CollectingSink()
    let anchor = modified.map { Timestamp(secondsSinceEpoch: $0, original: String($0), zone: .utc) }
    try LogExtractor().extract(Artifact(name: name, head: data.prefix(65_536), content: DataByteSource(data), limits: limits,
                                        modified: anchor), into: sink)
    return sink.findings
}

func extractLog(_ name: String, _ text: String, modified: Int64? = nil) throws -> [Finding] {
    try extractLog(name, Data(text.utf8), modified: modified)
}

/// A sample under `samples/formats/log/`.
func extractLogSample(_ path: String, modified: Int64? = nil) throws -> [Finding] {
    try extractLog((path as NSString).lastPathComponent,
                   try Data(contentsOf: URL(fileURLWithPath: Repository.format("log/" + path))), modified: modified)
}

extension Array where Element == Finding {
    func of(_ kind: FindingKind) -> [Finding] { filter { $0.kind == kind } }
}

/// Seconds since 1970 of a UTC civil time, computed by Foundation (independently of the parser).
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    return Int64(date.timeIntervalSince1970)
}

/// One long line generated as it is read: `head`, then `fill` up to `length` bytes, then `tail`.
final class GeneratedLine: ByteSource {
    private let head: [UInt8]
    private let fill: UInt8
    private let length: Int
    private let tail: [UInt8]
    private var position = 0

    init(head: Data, fill: UInt8, length: Int, tail: Data) {
        self.head = Array(head)
        self.fill = fill
        self.length = length
        self.tail = Array(tail)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var written = 0
        while written < buffer.count, position < length + tail.count {
            let room = buffer.count - written
            if position >= head.count, position < length {
                // The fill, a block at a time.
                let count = min(room, length - position)
                memset(buffer.baseAddress! + written, Int32(fill), count)
                written += count
                position += count
                continue
            }
            buffer[written] = position < head.count ? head[position] : tail[position - length]
            written += 1
            position += 1
        }
        return written
    }
}
