import EvidenceKit
import Foundation

/// A UTF-16 log (with or without its BOM) read as UTF-8, block by block, in flat memory: what
/// follows reads one encoding. Unpaired surrogates become U+FFFD.
final class UTF16TextSource: ByteSource {
    private let source: any ByteSource
    private let bigEndian: Bool
    private var skipBOM: Bool
    private var carried: [UInt8] = []
    private var output: [UInt8] = []
    private var outputStart = 0
    private var ended = false

    /// The encoding `head` shows, if it is UTF-16: a BOM, or NULs in every other byte of its text.
    static func encoding(of head: Data) -> (bigEndian: Bool, hasBOM: Bool)? {
        if head.starts(with: [0xFF, 0xFE]), !head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return (false, true) }
        if head.starts(with: [0xFE, 0xFF]) { return (true, true) }
        let sample = Array(head.prefix(512))
        guard sample.count >= 8 else { return nil }
        let pairs = sample.count / 2
        let evenZeros = stride(from: 0, to: pairs * 2, by: 2).filter { sample[$0] == 0 }.count
        let oddZeros = stride(from: 1, to: pairs * 2, by: 2).filter { sample[$0] == 0 }.count
        if oddZeros * 10 >= pairs * 9, evenZeros == 0 { return (false, false) }
        if evenZeros * 10 >= pairs * 9, oddZeros == 0 { return (true, false) }
        return nil
    }

    init(_ source: any ByteSource, bigEndian: Bool, hasBOM: Bool) {
        self.source = source
        self.bigEndian = bigEndian
        skipBOM = hasBOM
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while outputStart == output.count {
            if ended { return 0 }
            try refill()
        }
        let count = min(buffer.count, output.count - outputStart)
        output.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + outputStart, byteCount: count) }
        outputStart += count
        return count
    }

    private func refill() throws {
        var block = carried
        let chunk = try source.read(upTo: 1 << 16)
        if chunk.isEmpty { ended = true }
        block.append(contentsOf: chunk)
        if skipBOM, block.count >= 2 {
            block.removeFirst(2)
            skipBOM = false
        }
        var units: [UInt16] = []
        units.reserveCapacity(block.count / 2)
        var index = 0
        while index + 1 < block.count {
            units.append(bigEndian ? UInt16(block[index]) << 8 | UInt16(block[index + 1])
                                   : UInt16(block[index + 1]) << 8 | UInt16(block[index]))
            index += 2
        }
        carried = Array(block[index...])
        // A high surrogate at the end waits for its pair in the next block.
        if !ended, let last = units.last, (0xD800...0xDBFF).contains(last) {
            units.removeLast()
            carried = (bigEndian ? [UInt8(last >> 8), UInt8(last & 0xFF)] : [UInt8(last & 0xFF), UInt8(last >> 8)]) + carried
        }
        if ended, !carried.isEmpty { units.append(0xFFFD); carried = [] }
        output = Array(String(decoding: units, as: UTF16.self).utf8)
        outputStart = 0
    }
}
