import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing

/// Positional reads of a file leave its stream where it is, and stop at its end.
@Suite struct RandomAccessByteSourceTests {
    @Test func positionalReadsDoNotMoveTheStream() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("ten.bin")
        try Data((0..<10).map { UInt8($0) }).write(to: URL(fileURLWithPath: path))
        let file = try FileByteSource(path: path)
        #expect(try file.read(upTo: 3) == Data([0, 1, 2]))
        #expect(try file.size == 10)
        #expect(try file.read(at: 7, count: 10) == Data([7, 8, 9]))
        #expect(try file.read(at: 10, count: 4).isEmpty)
        #expect(try file.read(at: -1, count: 4).isEmpty)
        #expect(try file.read(at: 0, count: 2) == Data([0, 1]))
        #expect(try file.read(upTo: 3) == Data([3, 4, 5]))
    }
}
