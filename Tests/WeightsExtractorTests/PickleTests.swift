import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import WeightsExtractor

/// Pickles are emulated, never unpickled: a malicious one is reported and never runs; hostile
/// ones end in findings, in bounded memory and time.
@Suite struct PickleTests {
    static let marker = "/tmp/exhibit-weights-pickle-ran"

    @Test(arguments: ["weights/malicious-checkpoint.pt", "weights/malicious.pkl"])
    func aMaliciousPickleIsReportedAndNeverRuns(_ sample: String) throws {
        try? FileManager.default.removeItem(atPath: Self.marker)
        let findings = try Weights.extract(Repository.format(sample))
        #expect(!FileManager.default.fileExists(atPath: Self.marker), "the pickle's command ran")
        let unsafe = try #require(findings.first { $0.kind == "weights.unsafe_pickle" })
        #expect(unsafe.attributes["global"] == "posix.system")
        #expect(unsafe.severity == .warning)
        // The offset is the GLOBAL opcode's, as Python's own pickletools disassembles it.
        let script = """
            import pickletools, sys, zipfile
            path = sys.argv[1]
            data = zipfile.ZipFile(path).read("archive/data.pkl") if path.endswith(".pt") else open(path, "rb").read()
            print(next(pos for op, arg, pos in pickletools.genops(data) if op.name == "GLOBAL" and arg == "posix system"))
            """
        let result = try Command.run("python3", ["-c", script, Repository.format(sample)])
        #expect(unsafe.attributes["offset"] == .integer(Int64(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1))
    }

    @Test func theTensorsOfAMaliciousCheckpointAreStillRead() throws {
        let clean = Weights.tensors(try Weights.extract(Repository.format("weights/checkpoint.pt")))
        let malicious = Weights.tensors(try Weights.extract(Repository.format("weights/malicious-checkpoint.pt")))
        #expect(clean.count == 7)
        for (name, attributes) in clean { #expect(malicious[name]?["sha256"] == attributes["sha256"], "\(name)") }
    }

    /// A million appends to one list: linear, not quadratic, and within the units budget.
    @Test func manyAppendsStayLinear() throws {
        var pickle = Data([0x80, 0x02, 0x5D])
        for _ in 0..<1_000_000 { pickle.append(contentsOf: [0x4E, 0x61]) }   // NONE, APPEND
        pickle.append(0x2E)
        let findings = try Weights.extract(pickle, name: "many.pkl")
        #expect(Weights.summary(findings)["format"] == "pickle")
        #expect(!findings.contains { $0.kind == "limitation" })
    }

    @Test func aPickleLargerThanItsBudgetStopsWithALimitation() throws {
        var pickle = Data([0x80, 0x02, 0x5D])
        for _ in 0..<200_000 { pickle.append(contentsOf: [0x4E, 0x61]) }
        pickle.append(0x2E)
        let findings = try Weights.extract(pickle, name: "big.pkl", limits: ExtractionLimits(maxInMemoryBytes: 1 << 20))
        #expect(findings.contains { $0.kind == "limitation" && $0.attributes["limit"] == "memory_bytes" })
    }

    /// More objects than the budget's `parsed_nodes`: stopped there, with a limitation.
    @Test func aPickleWithMoreObjectsThanTheBudgetStops() throws {
        var pickle = Data([0x80, 0x02, 0x5D])
        for _ in 0..<5_000 { pickle.append(contentsOf: [0x5D, 0x61]) }   // EMPTY_LIST, APPEND
        pickle.append(0x2E)
        let findings = try Weights.extract(pickle, name: "wide.pkl", limits: ExtractionLimits(maxParsedNodes: 1_000))
        #expect(findings.contains { $0.kind == "limitation" && $0.attributes["limit"] == "parsed_nodes" })
        #expect(Weights.summary(findings)["format"] == "pickle")
    }

    /// 200,000 lists nested in one another: walked without recursion.
    @Test func deepNestingDoesNotRecurse() throws {
        var pickle = Data([0x80, 0x02])
        for _ in 0..<200_000 { pickle.append(0x5D) }                           // EMPTY_LIST
        for _ in 0..<199_999 { pickle.append(0x61) }                           // APPEND
        pickle.append(0x2E)
        let findings = try Weights.extract(pickle, name: "deep.pkl")
        #expect(Weights.summary(findings)["tensor_count"] == 0)
    }

    @Test func everyOpcodeOfPythonsOwnPicklesIsUnderstood() throws {
        // Protocols 0 to 5 of a value with every kind of object Python's pickler writes.
        let script = """
            import pickle, sys, collections
            value = {"a": [1, -2, 2**70, 3.5, None, True, "text", b"bytes", bytearray(b"x"), (1,), (1, 2), (1, 2, 3), (),
                           frozenset([1]), {2}], "b": collections.OrderedDict(x=1)}
            value["self"] = value
            for protocol in range(6):
                open(sys.argv[1] + "/p%d.pkl" % protocol, "wb").write(pickle.dumps(value, protocol=protocol))
            """
        let folder = try TemporaryFolder("weights-pickle")
        #expect(try Command.run("python3", ["-c", script, folder.url.path]).status == 0)
        for version in 0...5 {
            let path = folder.path("p\(version).pkl")
            let findings = try Weights.extract(try Data(contentsOf: URL(fileURLWithPath: path)), name: "p\(version).pkl")
            #expect(!findings.contains { $0.kind == "weights.format_violation" }, "protocol \(version)")
            // OrderedDict is allowed; protocols 0-2 spell bytes through _codecs.encode / builtins.bytearray.
            let globals = Set(findings.filter { $0.kind == "weights.unsafe_pickle" }.compactMap { $0.attributes["global"]?.description })
            #expect(globals.isSubset(of: ["_codecs.encode", "builtins.bytearray", "builtins.set", "builtins.frozenset",
                                          "__builtin__.set", "__builtin__.frozenset", "__builtin__.bytearray", "copy_reg._reconstructor",
                                          "builtins.object", "__builtin__.object", "copyreg._reconstructor"]),
                    "protocol \(version): \(globals)")
        }
    }
}
