import Foundation

/// Prints a JSON array a few hundred elements at a time, in the very format `Printer.json`
/// gives a whole array (sorted keys, pretty, two spaces a level), so that listing a case of
/// 100,000 members holds one batch in memory, not the case and its encoding tree.
///
/// Each batch is encoded as an array of its own; its brackets are dropped and its lines
/// indented to the array's depth, so the output is byte for byte what one encoding would give.
struct JSONArrayStream<Element: Encodable> {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }()
    /// The indentation of the line the array starts on.
    private let indent: [UInt8]
    private var batch: [Element] = []
    private var output: [UInt8] = []
    private var count = 0
    private static var batchSize: Int { 256 }

    /// An array nested `depth` levels deep in the printed document (0: the document itself).
    init(depth: Int = 0) {
        indent = Array(repeating: UInt8(ascii: " "), count: 2 * depth)
        batch.reserveCapacity(Self.batchSize)
    }

    mutating func append(_ element: Element) throws {
        batch.append(element)
        if batch.count == Self.batchSize { try encodeBatch() }
    }

    /// Closes the array (`[\n\n]` when it is empty, as JSONEncoder prints it) and writes out
    /// what is left.
    mutating func finish() throws {
        try encodeBatch()
        output += count == 0 ? Array("[\n\n".utf8) + indent + Array("]".utf8) : Array("\n".utf8) + indent + Array("]".utf8)
        write()
    }

    private mutating func encodeBatch() throws {
        guard !batch.isEmpty else { return }
        let encoded = try encoder.encode(batch)
        output += count == 0 ? Array("[\n".utf8) : Array(",\n".utf8)
        count += batch.count
        batch.removeAll(keepingCapacity: true)
        // Between "[\n" and "\n]": the elements' lines, each already one level in; deeper in
        // the document, each non-empty line goes `indent` further.
        encoded.withUnsafeBytes { (all: UnsafeRawBufferPointer) in
            let bytes = UnsafeRawBufferPointer(rebasing: all[2..<(all.count - 2)])
            guard !indent.isEmpty, let base = bytes.baseAddress else {
                output.append(contentsOf: bytes)
                return
            }
            var lineStart = 0
            while lineStart < bytes.count {
                let newline = memchr(base + lineStart, 0x0A, bytes.count - lineStart)
                let lineEnd = newline.map { base.distance(to: $0) + 1 } ?? bytes.count
                if lineEnd - lineStart > (newline == nil ? 0 : 1) { output += indent }
                output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<lineEnd]))
                lineStart = lineEnd
            }
        }
        write()
    }

    private mutating func write() {
        output.withUnsafeBytes { FileHandle.standardOutput.write(Data($0)) }
        output.removeAll(keepingCapacity: true)
    }
}
