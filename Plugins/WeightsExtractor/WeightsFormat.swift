import Foundation

/// The weight-file formats, told apart by their first bytes (and, for the few without a magic,
/// their names).
enum WeightsFormat: String, Sendable {
    case safetensors, gguf, pytorchZip = "pytorch_zip", pytorchLegacy = "pytorch_legacy", pickle, onnx

    /// The legacy (pre-1.6) `torch.save` magic number 0x1950a86a20f9469cfc6c, pickled with
    /// protocol 2 as the first object of the file.
    static let legacyTorchMagic: [UInt8] = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]

    /// Names a lone pickle may have and be read as one.
    static let pickleNames = [".pkl", ".pickle", ".pt", ".pth", ".bin", ".ckpt"]

    /// The format of an artifact with this head and name, if it is one of these.
    static func of(head: Data, name: String) -> WeightsFormat? {
        let bytes = [UInt8](head.prefix(64))
        let lower = name.lowercased()
        if bytes.starts(with: Array("GGUF".utf8)) { return .gguf }
        if isSafetensors(head) || (lower.hasSuffix(".safetensors") && bytes.count >= 9 && bytes[8] == UInt8(ascii: "{")) {
            return .safetensors
        }
        if isTorchZip(head) { return .pytorchZip }
        if bytes.starts(with: legacyTorchMagic) { return .pytorchLegacy }
        if bytes.count >= 2, bytes[0] == 0x80, (2...5).contains(bytes[1]),
           pickleNames.contains(where: lower.hasSuffix) || lower == "pickle" {
            return .pickle
        }
        // Protocols 0 and 1 have no PROTO opcode: a pickle's own name must say what it is.
        if lower.hasSuffix(".pkl") || lower.hasSuffix(".pickle") { return .pickle }
        if lower.hasSuffix(".onnx") { return .onnx }
        return nil
    }

    /// An 8-byte header length that fits the head's promise, then `{` and a key safetensors
    /// headers always hold.
    static func isSafetensors(_ head: Data) -> Bool {
        guard head.count >= 10, head[head.startIndex + 8] == UInt8(ascii: "{") else { return false }
        let length = head.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard length >= 2 else { return false }
        let window = head.dropFirst(8).prefix(4096)
        return window.range(of: Data("\"dtype\"".utf8)) != nil || window.range(of: Data("\"__metadata__\"".utf8)) != nil
    }

    /// A zip whose first record is stored and is PyTorch's: `<archive>/data.pkl`, `version` or
    /// `.format_version`, or carries PyTorch's alignment padding (an extra field `FB`). TorchScript
    /// archives (`<archive>/extra/…`, `<archive>/data/0` first) are known by the padding.
    static func isTorchZip(_ head: Data) -> Bool {
        let bytes = [UInt8](head.prefix(1024))
        guard bytes.count >= 30, bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return false }
        let method = Int(bytes[8]) | Int(bytes[9]) << 8
        let nameLength = Int(bytes[26]) | Int(bytes[27]) << 8
        let extraLength = Int(bytes[28]) | Int(bytes[29]) << 8
        guard method == 0, nameLength > 0, bytes.count >= 30 + nameLength + extraLength else { return false }
        let recordName = String(decoding: bytes[30..<(30 + nameLength)], as: UTF8.self)
        guard let slash = recordName.firstIndex(of: "/"), slash != recordName.startIndex else { return false }
        let record = recordName[recordName.index(after: slash)...]
        if ["data.pkl", "version", ".format_version", ".data/version"].contains(String(record)) { return true }
        var at = 30 + nameLength
        let end = at + extraLength
        while at + 4 <= end {
            if bytes[at] == UInt8(ascii: "F"), bytes[at + 1] == UInt8(ascii: "B") { return true }
            at += 4 + (Int(bytes[at + 2]) | Int(bytes[at + 3]) << 8)
        }
        return false
    }
}
