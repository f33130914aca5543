import Foundation
import Testing
import VouchCore

/// The one strict reader of untrusted JSON: duplicate keys, UTF-8, paths in errors, limits, decoding.
@Suite struct JSONValueTests {
    private func parse(_ text: String, limits: JSONLimits = JSONLimits()) throws(VouchError) -> JSONValue {
        try JSONValue(parsing: Array(text.utf8), path: "doc.json", limits: limits)
    }

    private func failure(_ text: String, limits: JSONLimits = JSONLimits()) -> VouchError? {
        do {
            _ = try parse(text, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func duplicateKeysAreRefusedComparedAfterUnescaping() {
        #expect(failure(#"{"a":1,"a":2}"#)?.description == "doc.json: $.a: invalid JSON at byte 7: duplicate key 'a'")
        #expect(failure(#"{"a":1,"\u0061":2}"#)?.description == "doc.json: $.a: invalid JSON at byte 7: duplicate key 'a'")
        #expect(failure(#"{"x":[{"k":1,"k\/":2},{"b":1,"b":1}]}"#)?.reason == "$.x[1].b: invalid JSON at byte 29: duplicate key 'b'")
        // The same key in two different objects is fine.
        #expect(failure(#"{"a":{"b":1},"c":{"b":2}}"#) == nil)
    }

    @Test func duplicateKeysAreRefusedInLargeObjects() {
        // Past the pairwise threshold the reader switches to a set; a repeat is still found.
        let members = (0..<100).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        #expect(failure("{" + members + "}") == nil)
        #expect(failure("{" + members + #","k\u0035\u0030":0}"#)?.reason.hasSuffix("duplicate key 'k50'") == true)
    }

    @Test func invalidUTF8IsRefused() throws {
        for bytes: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xFF]] {
            let document = Array(#"["x"#.utf8) + bytes + Array(#""]"#.utf8)
            do {
                _ = try JSONValue(parsing: document, path: "doc.json")
                Issue.record("accepted invalid UTF-8 \(bytes)")
            } catch {
                #expect(error.reason == "$[0]: invalid JSON at byte 3: invalid UTF-8")
            }
        }
        #expect(try parse(#"["é€😀"]"#).array?.first?.string == "é€😀")
    }

    @Test func loneSurrogateEscapesAreRefused() throws {
        #expect(failure(#"["\ud800x"]"#)?.reason == #"$[0]: invalid JSON at byte 2: lone high surrogate \ud800"#)
        #expect(failure(#"["\udc00"]"#)?.reason == #"$[0]: invalid JSON at byte 2: lone low surrogate \udc00"#)
        #expect(failure(#"["\ud800\u0041"]"#)?.reason == #"$[0]: invalid JSON at byte 2: lone high surrogate \ud800"#)
        #expect(try parse(#"["\ud83d\ude00"]"#).array?.first?.string == "😀")
    }

    @Test func grammarErrorsNameTheFileThePathAndTheByte() {
        #expect(failure(#"{"a":[1,]}"#)?.description == "doc.json: $.a[1]: invalid JSON at byte 8: invalid value")
        #expect(failure(#"{"a":{"b":tru}}"#)?.reason == "$.a.b: invalid JSON at byte 10: invalid literal")
        #expect(failure("[1] [2]")?.reason == "$: invalid JSON at byte 4: unexpected data after the JSON value")
        #expect(failure("")?.reason == "$: invalid JSON at byte 0: unexpected end of document")
        #expect(failure(#"{"odd key":[0, 01]}"#)?.reason == #"$["odd key"]: invalid JSON at byte 16: expected ',' or ']' in an array"#)
    }

    @Test func maxJSONDepth() {
        #expect(failure("[[[1]]]", limits: JSONLimits(maxJSONDepth: 3)) == nil)
        let error = failure(#"{"a":[[[1]]]}"#, limits: JSONLimits(maxJSONDepth: 3))
        #expect(error?.limit == VouchError.LimitViolation(name: "maxJSONDepth", limit: 3, found: 4))
        #expect(error?.description == "doc.json: $.a[0][0]: JSON nesting depth 4 exceeds the limit maxJSONDepth=3")
    }

    @Test func maxJSONTapeBytes() {
        // The tape's 32-bit offsets are a hard limit: a caller's larger limit is clamped to it and named so.
        let limits = JSONLimits(maxBytes: Int.max, maxBytesName: "maxEnvelopeBytes")
        #expect(limits.maxBytesName == "maxJSONTapeBytes")
        #expect(limits.maxBytes == Int(UInt32.max) - 1)
        // The size limit is checked before parsing and names the caller's limit and the size found.
        let error = failure("[1, 2, 3]", limits: JSONLimits(maxBytes: 8, maxBytesName: "maxJSONTapeBytes"))
        #expect(error?.limit == VouchError.LimitViolation(name: "maxJSONTapeBytes", limit: 8, found: 9))
    }

    @Test func valueBytesAreTheExactDocumentBytes() throws {
        let text = #"{"p" : { "b":2 ,"a" : [ 1 , "\u00e9" ] } , "s":"x\"y", "n": -1.50e3 }"#
        let document = try parse(text)
        #expect(String(decoding: try #require(document["p"]).bytes, as: UTF8.self) == #"{ "b":2 ,"a" : [ 1 , "\u00e9" ] }"#)
        #expect(String(decoding: try #require(document["p"]?["a"]).bytes, as: UTF8.self) == #"[ 1 , "\u00e9" ]"#)
        #expect(String(decoding: try #require(document["s"]).bytes, as: UTF8.self) == #""x\"y""#)
        #expect(String(decoding: try #require(document["n"]).bytes, as: UTF8.self) == "-1.50e3")
        #expect(String(decoding: try parse(" [ ] ").bytes, as: UTF8.self) == "[ ]")
    }

    @Test func typedAccessReportsTheWrongTypeWithItsPath() throws {
        let bundle = try JSONValue(parsing: Array(#"{"dsseEnvelope":{"signatures":[{"sig":5}]}}"#.utf8), path: "bundle.json")
        let signature = try #require(bundle["dsseEnvelope"]?["signatures"]?.array?.first)
        #expect(throws: VouchError.self) { try signature.string("sig") }
        do {
            _ = try signature.string("sig")
        } catch {
            #expect(error.description == "bundle.json: $.dsseEnvelope.signatures[0].sig: expected a string, found a number")
        }
        do {
            _ = try signature.string("keyid")
        } catch {
            #expect(error.description == "bundle.json: $.dsseEnvelope.signatures[0]: required member 'keyid' is missing")
        }
        #expect(try signature.optionalString("keyid") == nil)
    }

    private struct Layer: Decodable, Equatable {
        var digest: Digest
        var size: Int64
        var annotations: [String: String]?
    }

    private struct Manifest: Decodable, Equatable {
        var schemaVersion: Int
        var layers: [Layer]
        var note: String?
    }

    @Test func decodesDecodableModelsThroughTheTape() throws {
        let hex = String(repeating: "a", count: 64)
        let text = #"{"schemaVersion":2,"layers":[{"digest":"sha256:\#(hex)","size":3,"annotations":{"k":"v"}}],"note":null}"#
        let manifest = try JSONValue.decode(Manifest.self, from: Array(text.utf8), path: "m.json")
        #expect(manifest == Manifest(schemaVersion: 2, layers: [Layer(digest: try Digest(parsing: "sha256:" + hex), size: 3, annotations: ["k": "v"])], note: nil))
    }

    @Test func decodingErrorsNameTheJSONPath() {
        func reason(_ text: String) -> String? {
            do {
                _ = try JSONValue.decode(Manifest.self, from: Array(text.utf8), path: "m.json")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(reason(#"{"schemaVersion":2,"layers":[{"digest":"sha256:XYZ","size":1}]}"#)
            == "m.json: $.layers[0].digest: malformed digest 'sha256:XYZ': a sha256 digest is exactly 64 lowercase hex characters")
        #expect(reason(#"{"schemaVersion":"2","layers":[]}"#) == "m.json: $.schemaVersion: expected a number, found a string")
        #expect(reason(#"{"schemaVersion":2.5,"layers":[]}"#) == "m.json: $.schemaVersion: 2.5 is not a Int integer")
        #expect(reason(#"{"schemaVersion":2}"#) == "m.json: $.layers: required member is missing")
        #expect(reason(#"{"schemaVersion":2,"layers":[],"layers":[]}"#) == "m.json: $.layers: invalid JSON at byte 31: duplicate key 'layers'")
    }
}
