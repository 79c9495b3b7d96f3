import EvidenceKit
import Foundation

/// One pickle emulated from the reader's position: the tensors it describes, and a
/// `weights.unsafe_pickle` finding for each global a checkpoint may not name — the file is
/// evidence of an attack (or of code that runs on load), not an error. What was read before a
/// malformed opcode is still used: the tensors are salvaged from the stack and memo.
struct PickleRun {
    let reader: ForwardReader
    let sink: any FindingSink
    let limits: ExtractionLimits
    let policy: PickleGlobalPolicy
    /// The zip record holding the pickle, if any.
    let record: String?
    /// The artifact offset of the reader's byte 0 (a pickle read from a copy of its record).
    var origin: Int64 = 0

    /// The tensors, and whether the pickle was read to its `STOP`.
    func run(end: Int64?) throws -> (tensors: [CheckpointTable.TensorReference], complete: Bool) {
        let machine = PickleMachine(reader: reader, end: end, policy: policy, limits: limits)
        var roots: [(String, PickleValue)] = []
        var complete = true
        do {
            roots = [("", try machine.run())]
        } catch let problem as WeightsExtractorError {
            complete = false
            sink.violation("pickle", problem.violationKind, "\(record.map { "\($0): " } ?? "")\(problem.errorDescription ?? "")",
                           at: origin + problem.offset)
            roots = machine.leftovers.map { ("", $0) }
        } catch EvidenceError.limitReached(let limit, let detail) {
            complete = false
            sink.limitation("\(record.map { "\($0): " } ?? "")\(detail)", limit: limit, at: Locator(byteOffset: origin + reader.offset))
            roots = machine.leftovers.map { ("", $0) }
        }
        report(machine)
        let tensors = try CheckpointTable(machine: machine, limits: limits).tensors(from: roots)
        return (tensors, complete)
    }

    private func report(_ machine: PickleMachine) {
        for entry in machine.unsafe {
            let global = entry.global
            let risk = PickleGlobalPolicy.risk(module: global.module, name: global.name)
            let place = record.map { " of \($0)" } ?? ""
            let call = entry.calledWith.map { " and would call it with \($0)" } ?? ""
            let consequence = risk == "executes_code" ? "loading it with pickle runs code" : "loading it with pickle imports and runs it"
            var attributes: [String: Value] = [
                "global": .string(global.qualifiedName), "module": .string(global.module), "name": .string(global.name),
                "opcode": .string(global.opcode), "offset": .integer(global.offset), "risk": .string(risk),
                "called": .bool(entry.calledWith != nil),
            ]
            if let arguments = entry.calledWith { attributes["called_with"] = .string(arguments) }
            if let record { attributes["member_path"] = .string(record) }
            sink.emit(Finding("weights.unsafe_pickle", severity: .warning,
                              summary: "the pickle names \(global.qualifiedName) (\(global.opcode) at byte \(global.offset)\(place))"
                                  + "\(call): \(consequence)",
                              attributes: attributes, at: Locator(byteOffset: origin + entry.absoluteOffset)))
        }
    }
}
