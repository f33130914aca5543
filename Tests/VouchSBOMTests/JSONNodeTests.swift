import Testing
import VouchCore
@testable import VouchSBOM

@Suite struct JSONNodeTests {
    private func parse(_ text: String) throws(VouchError) -> JSONNode {
        try JSONNode(parsing: Array(text.utf8), path: "sbom.json")
    }

    @Test func parsesValuesAndEscapes() throws {
        let node = try parse(#"{"a": [1, -2.5e3, true, false, null], "s": "q\"\\\/\n\u00e9\ud83d\ude00", "e": {}}"#)
        #expect(node["a"] == .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]))
        #expect(node["s"]?.string == "q\"\\/\né😀")
        #expect(node["e"] == .object([:]))
    }

    @Test(arguments: [#"{"a": 1"#, #"{"a" 1}"#, #"[1,]"#, #""abc"#, "tru", #"{"a": "\x"}"#, "[1] 2", ""])
    func malformedJSONIsAnErrorNamingTheFile(text: String) {
        do {
            _ = try parse(text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.code == .malformedInput)
            #expect(error.path == "sbom.json")
        }
    }

    @Test func maximumDepthLimitsNesting() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        do {
            _ = try parse(deep)
            Issue.record("expected a limit error")
        } catch {
            #expect(error.limit?.name == "maximumDepth")
        }
    }
}
