import EvidenceFormats
import EvidenceKit
import Foundation

/// The tensors an emulated checkpoint pickle holds: every `_rebuild_tensor*` (or
/// `_rebuild_parameter*`) call it would have made, named by its path through dicts, lists and
/// object state (`model.layers.0.self_attn.q_proj.weight`), with its storage reference, offset,
/// shape and strides. The graph is walked without recursion, each container once (a pickle that
/// holds itself, or a memo bomb, is walked in linear time); a tensor reached by two names (tied
/// weights) is listed under both.
struct CheckpointTable {
    /// One tensor as the pickle describes it.
    struct TensorReference {
        var name: String
        var encoding: TensorEncoding
        var shape: [Int64]
        var strides: [Int64]
        var storageKey: String
        var storageType: String
        /// In elements of the storage's type.
        var storageOffset: Int64
        var storageElements: Int64?
        var location: String?
        var isParameter: Bool
        /// The offset in the pickle of the call that would have rebuilt it.
        var pickleOffset: Int64

        /// Whether the strides are those of a row-major array of this shape (dimensions of size 1
        /// ignored): then its bytes are its values in order.
        var isContiguous: Bool {
            var expected: Int64 = 1
            for (size, stride) in zip(shape, strides).reversed() where size != 1 {
                if stride != expected { return false }
                expected = expected.multipliedReportingOverflow(by: size).partialValue
            }
            return shape.count == strides.count
        }

        /// The elements from the first to the last it touches, in its storage.
        var extent: Int64? {
            var last: Int64 = 0
            for (size, stride) in zip(shape, strides) {
                if size == 0 { return 0 }
                guard size > 0, stride >= 0 else { return nil }
                let (step, overflow) = (size - 1).multipliedReportingOverflow(by: stride)
                if overflow { return nil }
                last = last.addingReportingOverflow(step).partialValue
            }
            return last + 1
        }
    }

    let machine: PickleMachine
    let limits: ExtractionLimits

    /// The tensors reachable from `roots`.
    func tensors(from roots: [(String, PickleValue)]) throws -> [TensorReference] {
        var found: [TensorReference] = []
        var visited = Set<Int>()
        var pending = roots.reversed().map { ($0.0, $0.1) }
        var steps = 0
        while let (path, value) = pending.popLast() {
            steps += 1
            if steps % 4096 == 0 { try limits.checkDeadline() }
            guard case .object(let index) = value else { continue }
            if let tensor = tensor(at: index, name: path) {
                found.append(tensor)
                continue
            }
            guard visited.insert(index).inserted else { continue }
            var children: [(String, PickleValue)] = []
            switch machine.objects[index] {
            case .dict(let container):
                let contents = machine.containers[container]
                children = zip(contents.keys, contents.values).map { (join(path, component($0.0)), $0.1) }
            case .list, .tuple, .set:
                children = machine.items(of: index).enumerated().map { (join(path, String($0.offset)), $0.element) }
            case .instance(let instance):
                let contents = machine.containers[instance.container]
                children = zip(contents.keys, contents.values).map { (join(path, component($0.0)), $0.1) }
                children += contents.items.enumerated().map { (join(path, String($0.offset)), $0.element) }
                if let state = instance.state { children.append((path, state)) }
            default:
                break
            }
            pending += children.reversed()
        }
        return found
    }

    private func join(_ path: String, _ component: String) -> String {
        path.isEmpty ? component : path + "." + component
    }

    private func component(_ key: PickleValue) -> String {
        if let text = machine.text(of: key) { return text }
        return machine.preview(key, budget: 64)
    }

    private func global(_ value: PickleValue) -> PickleGlobal? {
        if case .object(let index) = value, case .global(let global) = machine.objects[index] { return global }
        return nil
    }

    private func items(_ value: PickleValue) -> [PickleValue]? {
        guard case .object(let index) = value else { return nil }
        switch machine.objects[index] {
        case .tuple, .list: return machine.items(of: index)
        default: return nil
        }
    }

    private func integers(_ value: PickleValue) -> [Int64]? {
        guard let items = items(value) else { return nil }
        var out: [Int64] = []
        for item in items {
            guard case .int(let number) = item else { return nil }
            out.append(number)
        }
        return out
    }

    /// The tensor a rebuild call at `index` would have made.
    private func tensor(at index: Int, name: String) -> TensorReference? {
        guard case .instance(let call) = machine.objects[index], let callee = global(call.callee), callee.allowed,
              PickleGlobalPolicy.rebuilders.contains(callee.qualifiedName), let arguments = items(call.arguments),
              !arguments.isEmpty else { return nil }
        if callee.name.hasPrefix("_rebuild_parameter") {
            guard case .object(let inner) = arguments[0], var tensor = tensor(at: inner, name: name) else { return nil }
            tensor.isParameter = true
            return tensor
        }
        guard arguments.count >= 4, case .object(let storageIndex) = arguments[0],
              case .persistent(let reference) = machine.objects[storageIndex], let parts = items(reference), parts.count >= 5,
              machine.text(of: parts[0]) == "storage", let storageType = global(parts[1]),
              let key = machine.text(of: parts[2]), case .int(let offset) = arguments[1],
              let shape = integers(arguments[2]), let strides = integers(arguments[3]) else { return nil }
        var encoding = TensorEncoding.torchStorage(storageType.name) ?? .opaque(name: storageType.name, elementBytes: nil)
        if callee.name == "_rebuild_tensor_v3", arguments.count >= 7, let dtype = global(arguments[6]),
           let typed = TensorEncoding.torchDType(dtype.name) {
            encoding = typed
        }
        var elements: Int64?
        if case .int(let count) = parts[4] { elements = count }
        return TensorReference(name: name, encoding: encoding, shape: shape, strides: strides, storageKey: key,
                               storageType: storageType.name, storageOffset: offset, storageElements: elements,
                               location: machine.text(of: parts[3]), isParameter: false, pickleOffset: call.offset)
    }
}
