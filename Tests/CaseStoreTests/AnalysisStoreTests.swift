import ExhibitTestSupport
import Foundation
import Testing
@testable import CaseStore

/// Analyses written, replaced and read back: ids over method, version, parameters and inputs;
/// values SQLite cannot hold refused; the list in byte order of method and subject.
@Suite struct AnalysisStoreTests {
    @Test func anAnalysisIsReadBackWithItsInputs() throws {
        let sample = try SampleCase()
        var read: [(AnalysisRecord, [AnalysisInputRecord])] = []
        try sample.file.read { try $0.forEachAnalysis(method: nil) { read.append(($0, $1)) } }
        let (expected, inputs) = SampleCase.analysis(nodes: ["one/m", "one-f"])
        #expect(read.count == 1)
        #expect(read.first?.0 == expected)
        #expect(read.first?.1 == inputs)
        #expect(try sample.file.read { try $0.analysisCounts().map(\.method) } == ["test.method"])
        #expect(try sample.file.summary().analysesByMethod == ["test.method": 1])
    }

    @Test func theIdIsTheMethodParametersAndInputsNotTheirOrderOrTime() {
        let (one, inputs) = SampleCase.analysis(nodes: ["x", "y"])
        let swapped = AnalysisRecord.makeID(method: one.method, version: "1", parameters: one.parameters, inputs: inputs.reversed())
        #expect(swapped == one.id)
        var other = inputs
        other[0].role = AnalysisInputRecord.Role.control.rawValue
        #expect(AnalysisRecord.makeID(method: one.method, version: "1", parameters: one.parameters, inputs: other) != one.id)
        #expect(AnalysisRecord.makeID(method: one.method, version: "2", parameters: one.parameters, inputs: inputs) != one.id)
    }

    @Test(arguments: [(Double.nan, 0.5), (0.5, 1.5), (0.5, -Double.infinity)])
    func numbersSQLiteCannotKeepAreRefused(score: Double, pValue: Double) throws {
        let sample = try SampleCase()
        #expect(throws: CaseStoreError.self) {
            try sample.file.replaceAnalyses(of: ["test.method"], entry: SampleCase.entry("analysis")) { _, emit in
                let (analysis, inputs) = SampleCase.analysis(nodes: ["one", "one-f"], score: score, pValue: pValue)
                try emit(analysis, inputs)
            }
        }
        // Nothing of the refused write stays: the earlier analysis is still there, and checks.
        #expect(try sample.file.read { try $0.analysisCounts().first?.count } == 1)
        #expect(try sample.file.check().ok)
    }

    @Test func nothingToWriteWritesNothing() throws {
        let sample = try SampleCase()
        let write = try sample.file.replaceAnalyses(of: ["other.method"], entry: SampleCase.entry("analysis")) { _, _ in }
        #expect(write.entry == nil && write.analyses == 0)
        #expect(try sample.file.custody().count == 3)
    }

    @Test func analysesAreListedInByteOrder() throws {
        let sample = try SampleCase()
        _ = try sample.file.replaceAnalyses(of: ["b.method", "B.method"], entry: SampleCase.entry("analysis")) { _, emit in
            for (method, node) in [("b.method", "é"), ("b.method", "z"), ("B.method", "a")] {
                let (analysis, inputs) = SampleCase.analysis(method: method, nodes: [node])
                try emit(analysis, inputs)
            }
        }
        var order: [String] = []
        try sample.file.read { try $0.forEachAnalysis(method: nil) { analysis, _ in order.append("\(analysis.method) \(analysis.subject)") } }
        #expect(order == ["B.method a", "b.method z", "b.method é", "test.method one/m one-f"])
    }
}
