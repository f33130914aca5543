import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

@Suite struct JSONNodeTests {
    private func parse(_ text: String) throws(VouchError) -> JSONNode {
        try JSONNode(parsing: Array(text.utf8), path: "sbom.json")
    }

    @Test func parsesValuesAndEscapes() throws {
        let node = try parse(#"{"a": [1, -2.5e3, true, false, null], "s": "q\"\\\/\n\u00e9\ud83d\ude00", "e": {}}"#)
        let items = try #require(node["a"]?.array)
        #expect(items.map(\.kind) == [.number, .number, .bool, .bool, .null])
        #expect(items.compactMap(\.number) == [1, -2500])
        #expect(items.compactMap(\.bool) == [true, false])
        #expect(items[4].isNull)
        // Escapes decoded and the surrogate pair joined.
        #expect(node["s"]?.string == "q\"\\/\né😀")
        #expect(node["e"]?.kind == .object)
        #expect(node["e"]?["x"] == nil)
        #expect(node["missing"] == nil)
        #expect(node["a"]?["x"] == nil)
    }

    @Test func numbersFollowTheRFC8259Grammar() throws {
        #expect(try parse("[0, -0.5E+2, 10, 1e5, -0]").array?.compactMap(\.number) == [0, -50, 10, 100_000, 0])
    }

    @Test func keysWithEscapesAndSkippedContainersAreFound() throws {
        // Lookups skip a nested container in one step and compare escaped keys by their decoded text.
        let node = try parse(#"{"skip": {"x": [[1, {"y": 2}], {}]}, "k\u0065y": "v", "list": [[], {"n": "a"}, "b"]}"#)
        #expect(node["key"]?.string == "v")
        let list = try #require(node["list"]?.array)
        #expect(list.count == 3)
        #expect(list[0].array?.isEmpty == true)
        #expect(list[1]["n"]?.string == "a")
        #expect(list[2].string == "b")
        #expect(node["skip"]?["x"]?.array?[0].array?[1]["y"]?.number == 2)
    }

    @Test func repeatedKeysAndLoneSurrogatesAreRefused() {
        // The tape used to take the first of a repeated key and turn lone surrogates into U+FFFD; one
        // strict reader refuses both (two readers of one SBOM could otherwise see different values).
        for text in [#"{"s": "first", "s": "second"}"#, #"["\ud800x"]"#, #"["\ud800\u0041"]"#] {
            #expect(throws: VouchError.self) { try parse(text) }
        }
    }

    @Test func escapesNextToQuotesEndStringsWhereTheyShould() throws {
        let items = try #require(try parse(#"["a\\", "\"", "x\\\"y", ""]"#).array)
        #expect(items.compactMap(\.string) == ["a\\", "\"", "x\\\"y", ""])
        // Many escapes in one long string decode in order.
        let long = String(repeating: #"\n\"ab"#, count: 20_000)
        #expect(try parse("[\"" + long + "\"]").array?.first?.string == String(repeating: "\n\"ab", count: 20_000))
    }

    @Test(arguments: [#"{"a": 1"#, #"{"a" 1}"#, #"[1,]"#, #""abc"#, "tru", #"{"a": "\x"}"#, "[1] 2", "",
                      "[+1]", "[01]", "[.5]", "[1.]", "[1e]", "[-]", "[1e+]", "[\"tab\there\"]", "[\"new\nline\"]",
                      #"["a\"]"#, #"["a\u12"]"#])
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
            #expect(error.limit?.name == "maxJSONDepth")
        }
    }
}

@Suite struct RecordAndEmbeddedSBOMLimitTests {
    @Test func recordRowsAreParsedWithQuotedPathsAndHexDigests() throws {
        let text = "six.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\n\"odd,name.py\",,\nsix-1.0.dist-info/RECORD,,\n"
        let record = try RecordFile(parsing: Array(text.utf8), path: "RECORD")
        #expect(record.entries.map(\.path) == ["six.py", "odd,name.py", "six-1.0.dist-info/RECORD"])
        // sha256 of the empty file.
        #expect(record.entries[0].hexDigest == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(record.entries[0].size == 0)
        #expect(record.entries[1].hexDigest == nil)
    }

    @Test func maximumEntriesLimitsRecordRows() {
        do {
            _ = try RecordFile(parsing: Array("a,,\nb,,\nc,,\n".utf8), path: "RECORD", maximumEntries: 2)
            Issue.record("expected a limit error")
        } catch {
            #expect(error.limit?.name == "maximumEntries")
            #expect(error.path == "RECORD")
        }
    }

    @Test func maximumComponentsLimitsAnEmbeddedSBOM() throws {
        let directory = try TemporaryDirectory("sbom-pep770-limit")
        try directory.write("sboms/a.cdx.json", #"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}"#)
        let resolver = try DirectoryFileResolver(path: directory.path)
        do {
            _ = try EmbeddedSBOMReader.components(resolver: resolver, path: "/sboms/a.cdx.json", parentName: "p", parentVersion: "1", maximumComponents: 2)
            Issue.record("expected a limit error")
        } catch {
            #expect(error.limit?.name == "maximumComponents")
        }
        #expect(try EmbeddedSBOMReader.components(resolver: resolver, path: "/sboms/a.cdx.json", parentName: "p", parentVersion: "1").count == 3)
    }
}
