import EvidenceKit
import Foundation
import Testing
@testable import ArchiveExtractor

@Suite struct StreamWindowTests {
    /// Reads everything through the window in chunks of `chunk` bytes.
    private func pass(_ data: [UInt8], capacity: Int, chunk: Int) throws -> StreamWindow {
        let window = StreamWindow(DataByteSource(Data(data)), capacity: capacity)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
        defer { buffer.deallocate() }
        while try window.read(into: buffer) > 0 {}
        return window
    }

    @Test(arguments: [1, 7, 64, 1000])
    func theLastBytesAreKeptByOffset(_ chunk: Int) throws {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let window = try pass(data, capacity: 100, chunk: chunk)
        #expect(window.total == 1000)
        #expect(window.bytes(at: 900, count: 100) == Array(data[900...]))
        #expect(window.bytes(at: 950, count: 80) == Array(data[950...]))   // only what has passed
        #expect(window.bytes(at: 899, count: 10).isEmpty)                   // already gone
        #expect(window.bytes(at: 1000, count: 1).isEmpty)                   // not yet come
    }

    /// A local header found again behind libarchive's position, after a data descriptor;
    /// another entry's name there is not taken for this one.
    @Test func aStreamedLocalHeaderIsFoundAndMatchedByName() throws {
        let name = Array("code/train.py".utf8)
        let ut: [UInt8] = [0x55, 0x54, 5, 0, 1, 0x80, 0x91, 0xE1, 0x65]
        var header: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 22)
        header += [UInt8(name.count), 0, UInt8(ut.count), 0] + name + ut
        let descriptor: [UInt8] = [0x50, 0x4B, 0x07, 0x08] + [UInt8](repeating: 0xAA, count: 12)
        let window = try pass([UInt8](repeating: 1, count: 500) + descriptor + header + [9, 9, 9], capacity: 4096, chunk: 64)
        #expect(ZipTimeSources.streamedEntryHasUTCTime(in: window, from: 500, name: name) == true)
        #expect(ZipTimeSources.streamedEntryHasUTCTime(in: window, from: 500, name: Array("other.py".utf8)) == nil)
        #expect(ZipTimeSources.streamedEntryHasUTCTime(in: window, from: 100, name: name) == nil)
    }
}
