import Foundation

/// Turns a tensor's stored bytes, arriving in chunks of any size, into float64 values (for the
/// weights extractor's statistics, and for comparisons that read tensors back): little-endian
/// element types widened exactly, ggml blocks dequantized by ggml's rules. A block split across
/// two chunks waits in a small carry buffer.
package struct ValueDecoder {
    /// How many values one batch decodes into the scratch buffer at most.
    package static let scratchCapacity = 4096

    package let encoding: TensorEncoding
    private let blockElements: Int
    private let blockBytes: Int
    private var carry: [UInt8] = []

    /// A decoder for `encoding`, or `nil` when its values are not decoded.
    package init?(_ encoding: TensorEncoding) {
        guard encoding.isDecoded, let layout = encoding.layout else { return nil }
        self.encoding = encoding
        blockElements = layout.elements
        blockBytes = layout.bytes
        carry.reserveCapacity(blockBytes)
    }

    /// Decodes what `chunk` completes and hands the values to `take` in batches (a pointer into
    /// `scratch`, which holds ``scratchCapacity`` doubles, and a count).
    package mutating func feed(_ chunk: UnsafeRawBufferPointer, scratch: UnsafeMutablePointer<Double>,
                               _ take: (UnsafeMutablePointer<Double>, Int) -> Void) {
        var rest = chunk
        if !carry.isEmpty {
            let missing = min(blockBytes - carry.count, rest.count)
            carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest.prefix(missing)))
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(missing))
            guard carry.count == blockBytes else { return }
            carry.withUnsafeBytes { decode($0.baseAddress!, blocks: 1, into: scratch) }
            take(scratch, blockElements)
            carry.removeAll(keepingCapacity: true)
        }
        let blocksPerBatch = max(1, Self.scratchCapacity / blockElements)
        var blocks = rest.count / blockBytes
        var base = rest.baseAddress
        while blocks > 0, let pointer = base {
            let batch = min(blocks, blocksPerBatch)
            decode(pointer, blocks: batch, into: scratch)
            take(scratch, batch * blockElements)
            base = pointer + batch * blockBytes
            blocks -= batch
        }
        let tail = rest.count % blockBytes
        if tail > 0 { carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest.suffix(tail))) }
    }

    /// Bytes of an unfinished block (a tensor whose length is not whole blocks).
    package var leftoverBytes: Int { carry.count }

    private func decode(_ source: UnsafeRawPointer, blocks: Int, into out: UnsafeMutablePointer<Double>) {
        let count = blocks * blockElements
        switch encoding {
        case .bool:
            for index in 0..<count { out[index] = source.load(fromByteOffset: index, as: UInt8.self) == 0 ? 0 : 1 }
        case .uint8:
            for index in 0..<count { out[index] = Double(source.load(fromByteOffset: index, as: UInt8.self)) }
        case .int8:
            for index in 0..<count { out[index] = Double(source.load(fromByteOffset: index, as: Int8.self)) }
        case .uint16: widen(source, count, UInt16.self, out) { Double($0) }
        case .int16: widen(source, count, Int16.self, out) { Double($0) }
        case .uint32: widen(source, count, UInt32.self, out) { Double($0) }
        case .int32: widen(source, count, Int32.self, out) { Double($0) }
        case .uint64: widen(source, count, UInt64.self, out) { Double($0) }
        case .int64: widen(source, count, Int64.self, out) { Double($0) }
        case .float32: widen(source, count, UInt32.self, out) { Double(Float(bitPattern: $0)) }
        case .float64: widen(source, count, UInt64.self, out) { Double(bitPattern: $0) }
        case .bfloat16: widen(source, count, UInt16.self, out) { Double(SmallFloats.bfloat16($0)) }
        case .float16:
            SmallFloats.half.withUnsafeBufferPointer { table in
                widen(source, count, UInt16.self, out) { Double(table[Int($0)]) }
            }
        case .float8E4M3:
            SmallFloats.e4m3.withUnsafeBufferPointer { table in
                for index in 0..<count { out[index] = Double(table[Int(source.load(fromByteOffset: index, as: UInt8.self))]) }
            }
        case .float8E5M2:
            SmallFloats.e5m2.withUnsafeBufferPointer { table in
                for index in 0..<count { out[index] = Double(table[Int(source.load(fromByteOffset: index, as: UInt8.self))]) }
            }
        case .ggml(let type):
            for block in 0..<blocks {
                GGMLDequantizer.decode(type.name, block: source + block * blockBytes, into: out + block * blockElements)
            }
        case .opaque:
            break
        }
    }

    @inline(__always)
    private func widen<T: FixedWidthInteger>(_ source: UnsafeRawPointer, _ count: Int, _ type: T.Type,
                                             _ out: UnsafeMutablePointer<Double>, _ convert: (T) -> Double) {
        let size = MemoryLayout<T>.size
        for index in 0..<count {
            out[index] = convert(T(littleEndian: source.loadUnaligned(fromByteOffset: index * size, as: T.self)))
        }
    }
}
