/// How a tensor's values are stored, across formats: plain element types under safetensors'
/// names, ggml's block-quantized types, and the few that are read but not decoded.
package enum TensorEncoding: Sendable, Hashable {
    case bool, uint8, int8, uint16, int16, uint32, int32, uint64, int64
    case float16, bfloat16, float32, float64, float8E4M3, float8E5M2
    /// A ggml type that is not one of the plain element types above.
    case ggml(GGMLType)
    /// A type that is stored but not decoded (complex numbers, strings, quantized torch types),
    /// with its element size when it has one.
    case opaque(name: String, elementBytes: Int?)

    /// The name reported in findings: safetensors' spelling for element types (`F32`, `BF16`),
    /// ggml's for its own (`Q4_K`).
    package var name: String {
        switch self {
        case .bool: return "BOOL"
        case .uint8: return "U8"
        case .int8: return "I8"
        case .uint16: return "U16"
        case .int16: return "I16"
        case .uint32: return "U32"
        case .int32: return "I32"
        case .uint64: return "U64"
        case .int64: return "I64"
        case .float16: return "F16"
        case .bfloat16: return "BF16"
        case .float32: return "F32"
        case .float64: return "F64"
        case .float8E4M3: return "F8_E4M3"
        case .float8E5M2: return "F8_E5M2"
        case .ggml(let type): return type.name
        case .opaque(let name, _): return name
        }
    }

    /// Elements per block and bytes per block (1 element for plain types); `nil` when unknown.
    package var layout: (elements: Int, bytes: Int)? {
        switch self {
        case .bool, .uint8, .int8, .float8E4M3, .float8E5M2: return (1, 1)
        case .uint16, .int16, .float16, .bfloat16: return (1, 2)
        case .uint32, .int32, .float32: return (1, 4)
        case .uint64, .int64, .float64: return (1, 8)
        case .ggml(let type): return (type.blockElements, type.blockBytes)
        case .opaque(_, let bytes): return bytes.map { (1, $0) }
        }
    }

    /// Whether values of this type are decoded for statistics.
    package var isDecoded: Bool {
        switch self {
        case .opaque: return false
        case .ggml(let type): return GGMLType.dequantized.contains(type.name)
        default: return true
        }
    }

    /// Whether it holds integers (or booleans): buffers, indices, masks, packed quantized weights.
    package var isInteger: Bool {
        switch self {
        case .bool, .uint8, .int8, .uint16, .int16, .uint32, .int32, .uint64, .int64: return true
        default: return false
        }
    }

    /// The stored bytes of `elements` values, or `nil` when they do not fill whole blocks or the
    /// product overflows.
    package func byteCount(elements: Int64) -> Int64? {
        guard let layout, elements >= 0, elements % Int64(layout.elements) == 0 else { return nil }
        let (bytes, overflow) = (elements / Int64(layout.elements)).multipliedReportingOverflow(by: Int64(layout.bytes))
        return overflow ? nil : bytes
    }

    /// The encoding a finding names (the inverse of ``name``): safetensors' element type names,
    /// then ggml's type names; `nil` for an opaque or unknown name.
    package init?(name: String) {
        if let plain = Self.safetensors(name) {
            self = plain
        } else if let type = GGMLType.known.values.first(where: { $0.name == name }), let encoding = Self.ggml(type.id) {
            self = encoding
        } else {
            return nil
        }
    }

    /// safetensors' dtype names.
    package static func safetensors(_ name: String) -> TensorEncoding? {
        switch name {
        case "BOOL": return .bool
        case "U8": return .uint8
        case "I8": return .int8
        case "U16": return .uint16
        case "I16": return .int16
        case "U32": return .uint32
        case "I32": return .int32
        case "U64": return .uint64
        case "I64": return .int64
        case "F16": return .float16
        case "BF16": return .bfloat16
        case "F32": return .float32
        case "F64": return .float64
        case "F8_E4M3": return .float8E4M3
        case "F8_E5M2": return .float8E5M2
        default: return nil
        }
    }

    /// A ggml type number, the plain ones as element types.
    package static func ggml(_ id: UInt32) -> TensorEncoding? {
        guard let type = GGMLType.known[id] else { return nil }
        switch type.name {
        case "F32": return .float32
        case "F16": return .float16
        case "BF16": return .bfloat16
        case "F64": return .float64
        case "I8": return .int8
        case "I16": return .int16
        case "I32": return .int32
        case "I64": return .int64
        default: return .ggml(type)
        }
    }

    /// PyTorch's storage class names (`FloatStorage`, `BFloat16Storage`, …).
    package static func torchStorage(_ name: String) -> TensorEncoding? {
        switch name {
        case "DoubleStorage": return .float64
        case "FloatStorage": return .float32
        case "HalfStorage": return .float16
        case "BFloat16Storage": return .bfloat16
        case "LongStorage": return .int64
        case "IntStorage": return .int32
        case "ShortStorage": return .int16
        case "CharStorage": return .int8
        case "ByteStorage": return .uint8
        case "BoolStorage": return .bool
        case "Float8_e4m3fnStorage": return .float8E4M3
        case "Float8_e5m2Storage": return .float8E5M2
        case "ComplexFloatStorage": return .opaque(name: "C64", elementBytes: 8)
        case "ComplexDoubleStorage": return .opaque(name: "C128", elementBytes: 16)
        case "QInt8Storage": return .opaque(name: "QINT8", elementBytes: 1)
        case "QUInt8Storage": return .opaque(name: "QUINT8", elementBytes: 1)
        case "QInt32Storage": return .opaque(name: "QINT32", elementBytes: 4)
        case "UntypedStorage": return .uint8
        default: return nil
        }
    }

    /// PyTorch's dtype names as pickled (`torch.float16`, …), for untyped storages.
    package static func torchDType(_ name: String) -> TensorEncoding? {
        switch name {
        case "float64", "double": return .float64
        case "float32", "float": return .float32
        case "float16", "half": return .float16
        case "bfloat16": return .bfloat16
        case "int64", "long": return .int64
        case "int32", "int": return .int32
        case "int16", "short": return .int16
        case "int8": return .int8
        case "uint8": return .uint8
        case "bool": return .bool
        case "float8_e4m3fn": return .float8E4M3
        case "float8_e5m2": return .float8E5M2
        default: return nil
        }
    }

    /// ONNX `TensorProto.DataType` numbers.
    package static func onnx(_ code: Int64) -> TensorEncoding? {
        switch code {
        case 1: return .float32
        case 2: return .uint8
        case 3: return .int8
        case 4: return .uint16
        case 5: return .int16
        case 6: return .int32
        case 7: return .int64
        case 8: return .opaque(name: "STRING", elementBytes: nil)
        case 9: return .bool
        case 10: return .float16
        case 11: return .float64
        case 12: return .uint32
        case 13: return .uint64
        case 14: return .opaque(name: "C64", elementBytes: 8)
        case 15: return .opaque(name: "C128", elementBytes: 16)
        case 16: return .bfloat16
        case 17: return .float8E4M3
        case 18: return .opaque(name: "F8_E4M3FNUZ", elementBytes: 1)
        case 19: return .float8E5M2
        case 20: return .opaque(name: "F8_E5M2FNUZ", elementBytes: 1)
        case 21: return .opaque(name: "U4", elementBytes: nil)
        case 22: return .opaque(name: "I4", elementBytes: nil)
        default: return nil
        }
    }
}
