import EvidenceKit
import Foundation

extension PickleMachine {
    /// Emulates one opcode; returns the pickled value at `STOP`.
    func step(_ code: UInt8, at: Int64) throws -> PickleValue? {
        switch code {
        case 0x2E: return try pop(at)                                                    // STOP
        case 0x80: proto = Int(try byte())                                               // PROTO
        case 0x95: _ = try integer(UInt64.self)                                          // FRAME (advisory)
        case 0x28: marks.append(stack.count)                                             // MARK
        case 0x30: _ = try pop(at)                                                       // POP
        case 0x31: _ = try popMark(at)                                                   // POP_MARK
        case 0x32: try push(try top(at))                                                 // DUP
        case 0x4E: try push(.none)                                                       // NONE
        case 0x88: try push(.bool(true))                                                 // NEWTRUE
        case 0x89: try push(.bool(false))                                                // NEWFALSE
        case 0x4A: try push(.int(Int64(try integer(Int32.self))))                        // BININT
        case 0x4B: try push(.int(Int64(try byte())))                                     // BININT1
        case 0x4D: try push(.int(Int64(try integer(UInt16.self))))                       // BININT2
        case 0x8A: try push(try long(UInt64(try byte()), at: at))                        // LONG1
        case 0x8B: try push(try long(UInt64(try integer(UInt32.self)), at: at))          // LONG4
        case 0x49: try push(try textInteger(try line()))                                 // INT
        case 0x4C: try push(try textInteger(String(try line().dropLast(1))))             // LONG
        case 0x46: try push(.float(Double(try line()) ?? .nan))                          // FLOAT
        case 0x47: try push(.float(Double(bitPattern: UInt64(bigEndian: try integer(UInt64.self))))) // BINFLOAT
        case 0x58: try push(try text(UInt64(try integer(UInt32.self))))                  // BINUNICODE
        case 0x8C: try push(try text(UInt64(try byte())))                                // SHORT_BINUNICODE
        case 0x8D: try push(try text(try integer(UInt64.self)))                          // BINUNICODE8
        case 0x54: try push(try text(UInt64(try integer(UInt32.self))))                  // BINSTRING
        case 0x55: try push(try text(UInt64(try byte())))                                // SHORT_BINSTRING
        case 0x53, 0x56: try push(try make(.text(String(try line().prefix(Self.keptText)), cut: false))) // STRING, UNICODE
        case 0x42: try push(try skipBytes(UInt64(try integer(UInt32.self))))             // BINBYTES
        case 0x43: try push(try skipBytes(UInt64(try byte())))                           // SHORT_BINBYTES
        case 0x8E, 0x96: try push(try skipBytes(try integer(UInt64.self)))               // BINBYTES8, BYTEARRAY8
        case 0x97: try push(.bytes(length: 0))                                           // NEXT_BUFFER
        case 0x98: break                                                                 // READONLY_BUFFER
        case 0x29: try push(try make(.tuple([])))                                        // EMPTY_TUPLE
        case 0x5D: try push(try make(.list(try container())))                            // EMPTY_LIST
        case 0x7D: try push(try make(.dict(try container())))                            // EMPTY_DICT
        case 0x8F: try push(try make(.set(try container())))                             // EMPTY_SET
        case 0x74: try push(try make(.tuple(try popMark(at))))                           // TUPLE
        case 0x85, 0x86, 0x87:                                                           // TUPLE1-3
            var items: [PickleValue] = []
            for _ in 0..<Int(code - 0x84) { items.insert(try pop(at), at: 0) }
            try push(try make(.tuple(items), units: items.count))
        case 0x6C: try push(try make(.list(try container(items: try popMark(at)))))      // LIST
        case 0x91: try push(try make(.set(try container(items: try popMark(at)))))       // FROZENSET
        case 0x64:                                                                       // DICT
            let items = try popMark(at)
            try push(try make(.dict(try container(keys: stride(from: 0, to: items.count - 1, by: 2).map { items[$0] },
                                                  values: stride(from: 1, to: items.count, by: 2).map { items[$0] }))))
        case 0x61: try append([try pop(at)], at: at)                                     // APPEND
        case 0x65: try append(try popMark(at), at: at)                                   // APPENDS
        case 0x90: try append(try popMark(at), at: at)                                   // ADDITEMS
        case 0x73:                                                                       // SETITEM
            let value = try pop(at)
            let key = try pop(at)
            try setItems([key, value], at: at)
        case 0x75: try setItems(try popMark(at), at: at)                                 // SETITEMS
        case 0x70: memo[UInt32(truncatingIfNeeded: Int64(try line()) ?? -1)] = try top(at) // PUT
        case 0x71: memo[UInt32(try byte())] = try top(at)                                // BINPUT
        case 0x72: memo[try integer(UInt32.self)] = try top(at)                          // LONG_BINPUT
        case 0x94:                                                                       // MEMOIZE
            try charge(1)
            memo[UInt32(truncatingIfNeeded: memo.count)] = try top(at)
        case 0x67: try push(try memoized(UInt32(truncatingIfNeeded: Int64(try line()) ?? -1), at: at)) // GET
        case 0x68: try push(try memoized(UInt32(try byte()), at: at))                   // BINGET
        case 0x6A: try push(try memoized(try integer(UInt32.self), at: at))             // LONG_BINGET
        case 0x63:                                                                       // GLOBAL
            let module = try line()
            try push(try global(module: module, name: try line(), opcode: "GLOBAL", at: at))
        case 0x93:                                                                       // STACK_GLOBAL
            let name = try pop(at)
            let module = try pop(at)
            guard let moduleText = text(of: module), let nameText = text(of: name) else {
                throw WeightsExtractorError.malformed(what: "STACK_GLOBAL", offset: at, reason: "module and name are not strings")
            }
            try push(try global(module: moduleText, name: nameText, opcode: "STACK_GLOBAL", at: at))
        case 0x82, 0x83, 0x84:                                                           // EXT1, EXT2, EXT4
            let extensionCode: UInt32 = code == 0x82 ? UInt32(try byte()) : code == 0x83 ? UInt32(try integer(UInt16.self))
                : try integer(UInt32.self)
            try push(try global(module: "copyreg", name: "extension \(extensionCode)", opcode: "EXT", at: at))
        case 0x52:                                                                       // REDUCE
            let arguments = try pop(at)
            try push(try call(try pop(at), arguments, at: at))
        case 0x81:                                                                       // NEWOBJ
            let arguments = try pop(at)
            try push(try call(try pop(at), arguments, at: at))
        case 0x92:                                                                       // NEWOBJ_EX
            _ = try pop(at)
            let arguments = try pop(at)
            try push(try call(try pop(at), arguments, at: at))
        case 0x69:                                                                       // INST
            let module = try line()
            let callee = try global(module: module, name: try line(), opcode: "INST", at: at)
            let arguments = try make(.tuple(try popMark(at)))
            try push(try call(callee, arguments, at: at))
        case 0x6F:                                                                       // OBJ
            var items = try popMark(at)
            guard !items.isEmpty else { throw WeightsExtractorError.malformed(what: "OBJ", offset: at, reason: "no class") }
            let callee = items.removeFirst()
            try push(try call(callee, try make(.tuple(items)), at: at))
        case 0x62:                                                                       // BUILD
            let state = try pop(at)
            if case .object(let index) = try top(at), case .instance(var instance) = objects[index] {
                instance.state = state
                objects[index] = .instance(instance)
            }
        case 0x50: try push(try make(.persistent(try make(.text(try line(), cut: false)))))  // PERSID
        case 0x51: try push(try make(.persistent(try pop(at))))                          // BINPERSID
        default:
            throw WeightsExtractorError.malformed(what: "the pickle", offset: at,
                                                  reason: String(format: "unknown opcode 0x%02x", code))
        }
        return nil
    }

    private func long(_ length: UInt64, at: Int64) throws -> PickleValue {
        guard length <= 8 else {
            _ = try skipBytes(length)
            return .bigInt(bytes: Int(clamping: length))
        }
        let bytes = try reader.bytes(Int(length), for: "a long integer")
        var value: Int64 = 0
        for (index, byte) in bytes.enumerated() { value |= Int64(byte) << (8 * index) }
        if length > 0, length < 8, bytes[Int(length) - 1] & 0x80 != 0 { value -= Int64(1) << (8 * length) }
        return .int(value)
    }

    private func textInteger(_ text: String) throws -> PickleValue {
        if text == "01" { return .bool(true) }
        if text == "00" { return .bool(false) }
        if let number = Int64(text) { return .int(number) }
        return .bigInt(bytes: text.count / 2)
    }

    private func memoized(_ index: UInt32, at: Int64) throws -> PickleValue {
        guard let value = memo[index] else {
            throw WeightsExtractorError.malformed(what: "the pickle", offset: at, reason: "memo entry \(index) was never stored")
        }
        return value
    }

    /// APPEND(S), ADDITEMS: into a list or set, or the items a call's result would have received.
    private func append(_ items: [PickleValue], at: Int64) throws {
        try charge(items.count)
        guard let container = containerOf(try top(at)) else { return }
        containers[container].items.append(contentsOf: items)
    }

    /// SETITEM(S): into a dict, or the pairs a call's result (an OrderedDict) would have received.
    private func setItems(_ pairs: [PickleValue], at: Int64) throws {
        try charge(pairs.count)
        guard let container = containerOf(try top(at)) else { return }
        for index in stride(from: 0, to: pairs.count - 1, by: 2) {
            containers[container].keys.append(pairs[index])
            containers[container].values.append(pairs[index + 1])
        }
    }

    /// The container a value's contents grow in, if it has one.
    private func containerOf(_ value: PickleValue) -> Int? {
        guard case .object(let index) = value else { return nil }
        switch objects[index] {
        case .list(let container), .set(let container), .dict(let container): return container
        case .instance(let instance): return instance.container
        default: return nil
        }
    }
}
