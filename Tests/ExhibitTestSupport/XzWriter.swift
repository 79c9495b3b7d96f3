import CLzma
import Foundation

/// Writes xz streams with liblzma, for tests of decoders held to a memory budget: the data are
/// encoded with a 1 MiB dictionary, and the block header can then claim another (an LZMA2
/// dictionary byte: 40 is 4 GiB - 1), as a hostile producer would. Any decoder that grants
/// the claim decodes the data; one that reads the header first can refuse.
public enum XzWriter {
    /// `data` as one xz stream.
    public static func xz(_ data: Data, claimedDictionary: UInt8? = nil) throws -> Data {
        var output = Data()
        try encode(chunks: [data], claimedDictionary: claimedDictionary) { output.append($0) }
        return output
    }

    /// `size` zero bytes between `prefix` and `suffix` as one xz stream in one block, written
    /// to `path` as it is encoded (a tar of one large member: its header, the zeros, its end).
    public static func zeros(size: Int64, between prefix: Data = Data(), and suffix: Data = Data(),
                             claimedDictionary: UInt8, to path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let chunk = Data(count: 1 << 20)
        let zeros = (0..<((size + Int64(chunk.count) - 1) / Int64(chunk.count))).lazy.map { index in
            chunk.prefix(Int(min(Int64(chunk.count), size - index * Int64(chunk.count))))
        }
        try encode(chunks: [[prefix], Array(zeros), [suffix]].joined(), claimedDictionary: claimedDictionary) {
            try handle.write(contentsOf: $0)
        }
    }

    private struct EncoderFailed: Error {
        let status: lzma_ret
    }

    private static func encode<Chunks: Sequence>(chunks: Chunks, claimedDictionary: UInt8?,
                                                 write: (Data) throws -> Void) throws where Chunks.Element == Data {
        var options = lzma_options_lzma()
        _ = lzma_lzma_preset(&options, 0)
        options.dict_size = 1 << 20
        var stream = lzma_stream()
        defer { lzma_end(&stream) }
        let status = withUnsafeMutablePointer(to: &options) { pointer in
            var filters = [lzma_filter(id: 0x21, options: pointer), lzma_filter(id: UInt64.max, options: nil)]  // LZMA2, end
            return lzma_stream_encoder(&stream, &filters, LZMA_CHECK_CRC64)
        }
        guard status == LZMA_OK else { throw EncoderFailed(status: status) }
        var output = [UInt8](repeating: 0, count: 1 << 20)
        // Held until the block header has been written whole, then patched.
        var pending: [UInt8]? = claimedDictionary == nil ? nil : []
        func drain(_ action: lzma_action) throws -> lzma_ret {
            var result = LZMA_OK
            repeat {
                result = output.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = buffer.count
                    return lzma_code(&stream, action)
                }
                guard result == LZMA_OK || result == LZMA_STREAM_END else { throw EncoderFailed(status: result) }
                let produced = Array(output[0..<(output.count - stream.avail_out)])
                if var held = pending {
                    held += produced
                    pending = held
                    if held.count > 12, held.count >= 12 + (Int(held[12]) + 1) * 4, let claimed = claimedDictionary {
                        patch(&held, dictionary: claimed)
                        try write(Data(held))
                        pending = nil
                    }
                } else if !produced.isEmpty {
                    try write(Data(produced))
                }
            } while stream.avail_out == 0 || (action == LZMA_FINISH && result != LZMA_STREAM_END)
            return result
        }
        for chunk in chunks {
            try chunk.withUnsafeBytes { bytes in
                stream.next_in = bytes.bindMemory(to: UInt8.self).baseAddress
                stream.avail_in = bytes.count
                while stream.avail_in > 0 { _ = try drain(LZMA_RUN) }
            }
        }
        _ = try drain(LZMA_FINISH)
        if let held = pending { try write(Data(held)) }
    }

    /// Sets the first block header's LZMA2 dictionary byte and its CRC-32 (the header follows the
    /// 12-byte stream header: size byte, flags, filter id 0x21, properties size 1, properties).
    private static func patch(_ bytes: inout [UInt8], dictionary: UInt8) {
        let start = 12
        let size = (Int(bytes[start]) + 1) * 4
        precondition(bytes[start + 2] == 0x21 && bytes[start + 3] == 1 && bytes.count >= start + size)
        bytes[start + 4] = dictionary
        let crc = bytes.withUnsafeBufferPointer { lzma_crc32($0.baseAddress! + start, size - 4, 0) }
        for index in 0..<4 { bytes[start + size - 4 + index] = UInt8(truncatingIfNeeded: crc >> (8 * index)) }
    }
}
