import Testing
import VouchCore

@Suite("Verdicts")
struct VerdictTests {
    @Test("a verdict passes only while no failure was recorded")
    func recording() {
        var verdict = Verdict()
        verdict.record(nil)
        #expect(verdict.passed)
        verdict.record(CheckFailure(subject: "layer 1", reason: "digest mismatch", expected: "sha256:aa", actual: "sha256:bb"))
        #expect(!verdict.passed)
        #expect(verdict.checksMade == 2)
        #expect(verdict.failures.map(\.description) == ["layer 1: digest mismatch (expected sha256:aa, found sha256:bb)"])
    }

    @Test("errors name the file, and a limit violation carries the limit and value")
    func errorDescription() {
        let error = VouchError.limitExceeded("maxEntries", limit: 10, found: 11, path: "layer.tar", what: "entry count")
        #expect(error.description == "layer.tar: entry count 11 exceeds the limit maxEntries=10")
        #expect(error.limit?.found == 11)
        #expect(VouchError(.malformedInput, "bad").attributed(to: "x.json").description == "x.json: bad")
        #expect(VouchError(.malformedInput, "bad", path: "a").attributed(to: "b").path == "a")
    }
}
