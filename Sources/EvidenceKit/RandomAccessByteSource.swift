import Foundation

/// Positional reads of content that lies still on disk: an original file, read at any offset
/// without disturbing its stream.
///
/// The host offers one for an original (``Artifact/randomAccess``); a member of a container
/// streams and has none. A format whose index sits at the end (a zip's central directory, a 7z
/// header, an xz index) can read it there instead of holding the whole stream in memory.
///
/// ```swift
/// if let file = artifact.randomAccess, file.size >= 22 {
///     let tail = try file.read(at: file.size - 22, count: 22)   // a zip's end record
/// }
/// ```
///
/// Implementation requirements: reads at any offset, in any order, never move or affect the
/// artifact's ``Artifact/content`` stream; a read past the end returns fewer bytes (none at or
/// after ``size``); reads never write.
public protocol RandomAccessByteSource: AnyObject {
    /// The content's length in bytes, now.
    var size: Int64 { get throws }

    /// Reads up to `buffer.count` bytes starting at `offset` into `buffer`; returns how many were
    /// read, fewer only at the end of the content.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension RandomAccessByteSource {
    /// Reads up to `count` bytes at `offset`; fewer (or none) where the content ends.
    ///
    /// ```swift
    /// let header = try file.read(at: 0, count: 32)
    /// ```
    public func read(at offset: Int64, count: Int) throws -> Data {
        guard count > 0, offset >= 0 else { return Data() }
        var data = Data(count: count)
        var filled = 0
        try data.withUnsafeMutableBytes { buffer in
            while filled < count {
                let read = try self.read(at: offset + Int64(filled),
                                         into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                if read == 0 { break }
                filled += read
            }
        }
        data.removeSubrange(filled...)
        return data
    }
}
