import CArchive
import EvidenceKit
import Foundation

/// The content of the current archive entry, read straight out of libarchive.
final class EntryContentStream: ByteSource {
    private let reader: LibArchiveReader
    private let locator: Locator
    private let artifactName: String
    /// What stopped the read early, if anything did.
    private(set) var failure: String?
    private(set) var bytesRead: Int64 = 0
    private(set) var finished = false

    init(reader: LibArchiveReader, locator: Locator, artifactName: String) {
        self.reader = reader
        self.locator = locator
        self.artifactName = artifactName
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if finished { return 0 }
        guard buffer.count > 0 else { return 0 }
        let count = archive_read_data(reader.handle, buffer.baseAddress, buffer.count)
        if count > 0 {
            bytesRead += Int64(count)
            return count
        }
        finished = true
        if let refusal = reader.refusal {
            // The member is cut where a decoder in front was refused: a limit, for the host too.
            throw EvidenceError.limitReached(limit: "memory_bytes", detail: refusal.errorDescription ?? "\(refusal)")
        }
        if count == 0 { return 0 }
        if let error = reader.sourceError { throw error }
        let message = reader.errorString ?? "unreadable entry data"
        failure = message
        throw EvidenceError.corrupt(artifact: artifactName, locator: locator, reason: message)
    }
}
