import Foundation
import ExhibitFoundation
import Testing
@testable import ExhibitCore

@Suite struct ResourceBudgetTests {
    /// A budget read back from the custody log: what it records is kept, and a limit it does
    /// not have (logged before that limit existed) keeps its default instead of losing the rest.
    @Test func aLoggedBudgetReadsBackWithDefaultsForNewerLimits() throws {
        var budget = ResourceBudget()
        try budget.apply("seconds_per_artifact=7")
        try budget.apply("member_bytes=1GiB")
        let logged = CanonicalJSON.encode(budget)
        #expect(try JSONDecoder().decode(ResourceBudget.self, from: Data(logged.utf8)) == budget)
        let older = logged.replacingOccurrences(of: #","parsedNodes":200000"#, with: "")
        #expect(older != logged)
        let read = try JSONDecoder().decode(ResourceBudget.self, from: Data(older.utf8))
        #expect(read.secondsPerArtifact == 7 && read.memberBytes == 1 << 30 && read.parsedNodes == ResourceBudget().parsedNodes)
    }

    @Test func overridesTakeUnits() throws {
        var budget = ResourceBudget()
        try budget.apply("member_bytes=2GiB")
        try budget.apply("archive-depth = 4")
        try budget.apply("memory_bytes=512k")
        #expect(budget.memberBytes == 2 << 30)
        #expect(budget.archiveDepth == 4)
        #expect(budget.memoryBytes == 512 << 10)
        #expect(budget.extractionLimits.maxInMemoryBytes == 512 << 10)
    }

    @Test(arguments: ["member_bytes", "member_bytes=", "member_bytes=-1", "member_bytes=lots", "member_bytes=99999999999T"])
    func badValuesAreRefused(_ assignment: String) {
        var budget = ResourceBudget()
        #expect(throws: ExhibitCoreError.self) { try budget.apply(assignment) }
    }

    @Test func unknownKeysNameTheKnownOnes() {
        var budget = ResourceBudget()
        #expect {
            try budget.apply("archive_dept=3")
        } throws: { error in
            (error as? ExhibitCoreError)?.errorDescription?.contains("archive_depth") == true
        }
    }

    /// Depths recurse on the stack: the budget refuses what the stack cannot hold, and hands the
    /// parsers no more than that however it was set.
    @Test func depthsBeyondTheStackAreRefused() throws {
        var budget = ResourceBudget()
        try budget.apply("archive_depth=100")
        try budget.apply("nesting_depth=512")
        for assignment in ["archive_depth=101", "archive_depth=100000", "nesting_depth=513"] {
            #expect {
                try budget.apply(assignment)
            } throws: { error in
                (error as? ExhibitCoreError)?.errorDescription?.contains("is at most") == true
            }
        }
        budget.nestingDepth = 100_000
        #expect(budget.extractionLimits.maxNestingDepth == 512)
    }

    @Test func parsedNodesReachTheParsers() throws {
        var budget = ResourceBudget()
        #expect(budget.extractionLimits.maxParsedNodes == 200_000)
        try budget.apply("parsed_nodes=5k")
        #expect(budget.extractionLimits.maxParsedNodes == 5 << 10)
    }
}
