import ExhibitTestSupport
import Foundation
import Testing
@testable import ExhibitCore

@Suite struct RowSpoolTests {
    private func record(_ index: Int) -> SpoolRecord {
        var record = SpoolRecord()
        record.put(index)
        record.put(index % 3 == 0 ? nil : "member \(index) · ünïcode " + String(repeating: "x", count: index % 300))
        record.put(Int64(-index) * 1_000_003)
        record.put(index % 5 == 0 ? nil : Int64(index))
        record.put("")
        return record
    }

    private func check(_ spool: RowSpool, count: Int) throws {
        var seen = 0
        try spool.forEach { reader in
            let index = reader.requiredInteger()
            #expect(index == seen)
            #expect(reader.text() == (index % 3 == 0 ? nil : "member \(index) · ünïcode " + String(repeating: "x", count: index % 300)))
            #expect(reader.integer() == Int64(-index) * 1_000_003)
            #expect(reader.integer() == (index % 5 == 0 ? nil : Int64(index)))
            #expect(reader.text() == "")
            seen += 1
        }
        #expect(seen == count)
    }

    @Test func recordsComeBackInOrderFromMemory() throws {
        let folder = try TemporaryFolder()
        let spool = RowSpool(directory: folder.url.path)
        for index in 0..<500 { try spool.append(record(index)) }
        spool.close()
        try check(spool, count: 500)
    }

    /// A tiny memory limit forces many spills, with records cut across read chunks; the spill
    /// file is unlinked at once, so the folder stays empty.
    @Test func recordsComeBackInOrderAfterSpilling() throws {
        let folder = try TemporaryFolder()
        let spool = RowSpool(directory: folder.url.path, memoryLimit: 4096)
        for index in 0..<20_000 { try spool.append(record(index)) }
        spool.close()
        try check(spool, count: 20_000)
        // A closed spool can be read again.
        try check(spool, count: 20_000)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    /// The writer reads while the stager appends: every record arrives, in order, whether it
    /// was still in memory or already spilled, and the read ends only when the spool is closed.
    @Test func aReaderFollowsRecordsAsTheyAreAppended() throws {
        let folder = try TemporaryFolder()
        let spool = RowSpool(directory: folder.url.path, memoryLimit: 4096)
        nonisolated(unsafe) var failure: (any Error)?
        let writer = Thread {
            do {
                for index in 0..<30_000 {
                    try spool.append(self.record(index))
                    if index % 7_000 == 0 { usleep(2_000) }
                }
            } catch {
                failure = error
            }
            spool.close()
        }
        writer.start()
        try check(spool, count: 30_000)
        #expect(failure == nil)
    }

    /// A writer that gave up (its database failed) stops a reader waiting for the walk's next
    /// records at once, instead of after the walk's next records or its end.
    @Test func aWaitingReaderCanBeStopped() throws {
        let folder = try TemporaryFolder()
        let spool = RowSpool(directory: folder.url.path)
        try spool.append(record(0))
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { spool.stopReading() }
        // Were it not stopped, the reader would return normally once this closes the spool.
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) { spool.close() }
        #expect(throws: ExhibitCoreError.self) { try spool.forEach { _ in } }
    }

    @Test func anUnwritableFolderIsAClearError() throws {
        let spool = RowSpool(directory: "/nonexistent-exhibit-folder", memoryLimit: 16)
        #expect(throws: ExhibitCoreError.self) {
            for index in 0..<10 { try spool.append(record(index)) }
        }
    }
}
