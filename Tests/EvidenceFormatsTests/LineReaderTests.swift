import EvidenceFormats
import EvidenceKit
import Foundation
import Testing

@Suite struct LineReaderTests {
    private struct Read: Equatable {
        let text: String
        let number: Int
        let offset: Int64
        let length: Int64
        let cut: Bool
        let terminator: LineReader.Terminator
    }

    private func lines(_ text: String, max: Int = 1 << 20, block: Int = 4096) throws -> [Read] {
        let reader = LineReader(DataByteSource(Data(text.utf8)), maxLineLength: max, blockSize: block)
        var out: [Read] = []
        try reader.forEachLine { line in
            out.append(Read(text: String(decoding: line.bytes, as: UTF8.self), number: line.number, offset: line.byteOffset,
                            length: line.length, cut: line.isCut, terminator: line.terminator))
        }
        return out
    }

    @Test func linesHaveNumbersOffsetsAndEndings() throws {
        let read = try lines("a\r\nbb\n\nccc")
        #expect(read == [Read(text: "a", number: 1, offset: 0, length: 1, cut: false, terminator: .crlf),
                         Read(text: "bb", number: 2, offset: 3, length: 2, cut: false, terminator: .lf),
                         Read(text: "", number: 3, offset: 6, length: 0, cut: false, terminator: .lf),
                         Read(text: "ccc", number: 4, offset: 7, length: 3, cut: false, terminator: .none)])
        #expect(try lines("").isEmpty)
        #expect(try lines("x\n").count == 1)
    }

    @Test func aLongLineIsCutButCountedWhole() throws {
        let long = String(repeating: "x", count: 50_000)
        let read = try lines("first\n" + long + "\r\nlast\n", max: 100, block: 4096)
        #expect(read.count == 3)
        #expect(read[1].text == String(repeating: "x", count: 100) && read[1].cut && read[1].length == 50_000)
        #expect(read[1].terminator == .crlf)
        #expect(read[2] == Read(text: "last", number: 3, offset: 6 + 50_002, length: 4, cut: false, terminator: .lf))
        let unterminated = try lines(long, max: 10, block: 4096)
        #expect(unterminated.count == 1 && unterminated[0].length == 50_000 && unterminated[0].cut)
    }

    /// Every block size gives the same lines: a line, a CR or its LF may fall on any boundary.
    @Test func blockBoundariesChangeNothing() throws {
        var text = ""
        for index in 0..<300 { text += String(repeating: "y", count: index % 37) + (index % 3 == 0 ? "\r\n" : "\n") }
        let reference = try lines(text, max: 30, block: 1 << 16)
        for block in [4096, 4097, 4099] {
            #expect(try lines(text, max: 30, block: block) == reference)
        }
        let small = LineReader(DataByteSource(Data(text.utf8)), maxLineLength: 30, blockSize: 1)
        var count = 0
        try small.forEachLine { _ in count += 1 }
        #expect(count == 300 && small.bytesRead == Int64(text.utf8.count))
    }
}
