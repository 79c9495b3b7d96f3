import EvidenceFormats
import EvidenceKit
import Foundation

/// An ONNX model: the protobuf `ModelProto` walked with a small wire-format reader (not
/// swift-protobuf, which parses a message whole in memory, where a model's initializers must
/// stream past): producer, IR version, opsets, graph inputs and outputs, operator counts, and
/// each initializer (name, dtype, dims) hashed and decoded as its `raw_data` (or packed typed
/// data) streams — int8 initializers with the scale and zero point their `DequantizeLinear`,
/// `QLinearMatMul` or `QLinearConv` nodes give them. Initializers in external files are listed
/// with their location; subgraphs inside node attributes are not read.
struct ONNXReader: WeightsFileReader {
    let file: WeightsFile

    /// What the graph's nodes say about quantized initializers, and the operators used.
    final class GraphState {
        var operators: [String: Int64] = [:]
        /// Quantized tensor name → (scale initializer, zero-point initializer).
        var quantized: [String: (scale: String, zeroPoint: String?)] = [:]
        var inputs: [Value] = []
        var outputs: [Value] = []
        /// Inventory index of each initializer by name.
        var initializers: [String: Int] = [:]
        /// Where initializer values are decoded.
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ValueDecoder.scratchCapacity)
        deinit { scratch.deallocate() }
    }

    var wire: ProtobufReader { ProtobufReader(reader: reader) }

    func read() throws {
        let state = GraphState()
        var opsets: [Value] = []
        var metadata: [String: Value] = [:]
        let end = Int64.max
        while !(try reader.atEnd()), let key = try wire.key(before: end) {
            switch (key.number, key.wireType) {
            case (1, 0): inventory.formatVersion = .integer(Int64(bitPattern: try wire.varint()))
            case (2, 2): inventory.facts["producer_name"] = .string(try wire.string(before: end))
            case (3, 2): inventory.facts["producer_version"] = .string(try wire.string(before: end))
            case (4, 2): inventory.facts["domain"] = .string(try wire.string(before: end))
            case (5, 0): inventory.facts["model_version"] = .integer(Int64(bitPattern: try wire.varint()))
            case (7, 2): try readGraph(until: try wire.end(before: end), state: state)
            case (8, 2): opsets.append(try readOpset(until: try wire.end(before: end)))
            case (14, 2):
                let pair = try readPair(until: try wire.end(before: end))
                if metadata.count < 256 { metadata[pair.key] = .string(pair.value) }
            default: try wire.skip(key, before: end)
            }
        }
        inventory.facts["opset_import"] = .list(opsets)
        if !metadata.isEmpty { inventory.facts["metadata"] = .object(metadata) }
        inventory.facts["inputs"] = .list(state.inputs)
        inventory.facts["outputs"] = .list(state.outputs)
        inventory.facts["operators"] = .object(state.operators.mapValues { .integer($0) })
        ONNXQuantization(inventory: inventory, sink: sink).report(state)
    }

    private func readGraph(until end: Int64, state: GraphState) throws {
        while let key = try wire.key(before: end) {
            switch (key.number, key.wireType) {
            case (1, 2): try readNode(until: try wire.end(before: end), state: state)
            case (2, 2): inventory.facts["graph_name"] = .string(try wire.string(before: end))
            case (5, 2): try ONNXInitializerReader(onnx: self, state: state).read(until: try wire.end(before: end))
            case (11, 2), (12, 2):
                let info = try readValueInfo(until: try wire.end(before: end))
                if key.number == 11, state.inputs.count < 1024 { state.inputs.append(info) }
                if key.number == 12, state.outputs.count < 1024 { state.outputs.append(info) }
            case (15, 2):
                sink.warn("a sparse initializer: listed in the graph, not read", at: Locator(byteOffset: key.offset))
                try wire.skip(key, before: end)
            default: try wire.skip(key, before: end)
            }
        }
    }

    /// A node: its operator and, for the quantized operators, which initializers it scales.
    private func readNode(until end: Int64, state: GraphState) throws {
        var inputs: [String] = []
        var operatorType = ""
        while let key = try wire.key(before: end) {
            switch (key.number, key.wireType) {
            case (1, 2):
                let input = try wire.string(before: end)
                if inputs.count < 16 { inputs.append(input) }
            case (4, 2): operatorType = try wire.string(before: end)
            default: try wire.skip(key, before: end)
            }
        }
        if state.operators.count < 4096 || state.operators[operatorType] != nil { state.operators[operatorType, default: 0] += 1 }
        guard state.quantized.count < 1_000_000 else { return }
        let scaled: [(Int, Int, Int)]
        switch operatorType {
        case "DequantizeLinear": scaled = [(0, 1, 2)]
        case "QLinearMatMul", "QLinearConv": scaled = [(0, 1, 2), (3, 4, 5)]
        default: scaled = []
        }
        for (tensor, scale, zeroPoint) in scaled where scale < inputs.count {
            state.quantized[inputs[tensor]] = (inputs[scale], zeroPoint < inputs.count ? inputs[zeroPoint] : nil)
        }
    }

    /// `{"name", "elem_type", "shape"}` of a graph input or output.
    private func readValueInfo(until end: Int64) throws -> Value {
        var name = "", elementType: Int64?, shape: [Value] = []
        while let key = try wire.key(before: end) {
            switch (key.number, key.wireType) {
            case (1, 2): name = try wire.string(before: end)
            case (2, 2):
                // TypeProto → tensor_type (1) → elem_type (1), shape (2) → dim (1) → dim_value (1) | dim_param (2).
                try nested(until: try wire.end(before: end), path: [1]) { inner, innerEnd in
                    switch (inner.number, inner.wireType) {
                    case (1, 0): elementType = Int64(bitPattern: try wire.varint())
                    case (2, 2):
                        try nested(until: try wire.end(before: innerEnd), path: [1]) { dim, dimEnd in
                            switch (dim.number, dim.wireType) {
                            case (1, 0): if shape.count < 64 { shape.append(.integer(Int64(bitPattern: try wire.varint()))) }
                            case (2, 2): if shape.count < 64 { shape.append(.string(try wire.string(before: dimEnd))) }
                            default: try wire.skip(dim, before: dimEnd)
                            }
                        }
                    default: try wire.skip(inner, before: innerEnd)
                    }
                }
            default: try wire.skip(key, before: end)
            }
        }
        var info: [String: Value] = ["name": .string(name), "shape": .list(shape)]
        if let elementType { info["elem_type"] = .string(TensorEncoding.onnx(elementType)?.name ?? "\(elementType)") }
        return .object(info)
    }

    /// Descends through the fields numbered `path` (one level each) and hands the innermost
    /// message's fields to `body`.
    private func nested(until end: Int64, path: [UInt64], _ body: (ProtobufReader.Key, Int64) throws -> Void) throws {
        while let key = try wire.key(before: end) {
            if let first = path.first, key.number == first, key.wireType == 2 {
                let innerEnd = try wire.end(before: end)
                if path.count == 1 {
                    while let inner = try wire.key(before: innerEnd) { try body(inner, innerEnd) }
                } else {
                    try nested(until: innerEnd, path: Array(path.dropFirst()), body)
                }
            } else {
                try wire.skip(key, before: end)
            }
        }
    }

    private func readOpset(until end: Int64) throws -> Value {
        var domain = "", version: Int64 = 0
        while let key = try wire.key(before: end) {
            switch (key.number, key.wireType) {
            case (1, 2): domain = try wire.string(before: end)
            case (2, 0): version = Int64(bitPattern: try wire.varint())
            default: try wire.skip(key, before: end)
            }
        }
        return ["domain": .string(domain.isEmpty ? "ai.onnx" : domain), "version": .integer(version)]
    }

    func readPair(until end: Int64) throws -> (key: String, value: String) {
        var pair = ("", "")
        while let key = try wire.key(before: end) {
            switch (key.number, key.wireType) {
            case (1, 2): pair.0 = try wire.string(before: end)
            case (2, 2): pair.1 = String(try wire.string(before: end).prefix(4096))
            default: try wire.skip(key, before: end)
            }
        }
        return pair
    }
}
