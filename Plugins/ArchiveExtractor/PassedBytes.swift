/// Bytes of a stream, found again by offset after they were handed on: a reader that needs a
/// structure libarchive parsed and did not expose (a zip local header's extra fields, a pax
/// header's exact name bytes) reads it here.
protocol PassedBytes: AnyObject {
    /// The bytes at `offset` that are still held, up to `count` of them (fewer where the held
    /// bytes end); empty when `offset` is no longer or not yet held.
    func bytes(at offset: Int64, count: Int) -> [UInt8]

    /// Calls `body` with the held bytes at `offset` (as ``bytes(at:count:)`` gives them),
    /// without copying them where they are already in memory.
    func withBytes<Result>(at offset: Int64, count: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result
}

extension PassedBytes {
    func withBytes<Result>(at offset: Int64, count: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try bytes(at: offset, count: count).withUnsafeBufferPointer(body)
    }
}
