import Testing
import VouchCore
import VouchImage

@Suite("Strict JSON validation")
struct StrictJSONTests {
    static func check(_ text: String, depth: Int = 64) -> String? {
        do {
            _ = try JSONValue(parsing: Array(text.utf8), path: "doc.json", limits: JSONLimits(maxJSONDepth: depth))
            return nil
        } catch {
            return error.reason
        }
    }

    @Test("well-formed documents pass")
    func valid() {
        for text in [#"{"a":1,"b":[true,false,null,-0.5e+3,"x\u00e9\n"],"c":{}}"#, "[]", " 42 ", #""s""#] {
            #expect(Self.check(text) == nil, "\(text)")
        }
    }

    @Test("duplicate keys are rejected, also when one is escaped")
    func duplicates() {
        #expect(Self.check(#"{"a":1,"a":2}"#) == "$.a: invalid JSON at byte 7: duplicate key 'a'")
        #expect(Self.check(#"{"a":1,"\u0061":2}"#) == "$.a: invalid JSON at byte 7: duplicate key 'a'")
        #expect(Self.check(#"{"a":{"b":1},"c":{"b":2}}"#) == nil)
    }

    @Test("grammar errors name the byte offset")
    func grammar() {
        #expect(Self.check(#"{"a":1,}"#) == "$: invalid JSON at byte 7: expected a string key")
        #expect(Self.check(#"{"a":01}"#) == "$: invalid JSON at byte 6: expected ',' or '}' in an object")
        #expect(Self.check("[1] [2]") == "$: invalid JSON at byte 4: unexpected data after the JSON value")
        #expect(Self.check(#"["\x"]"#) == #"$[0]: invalid JSON at byte 2: invalid escape '\x'"#)
        #expect(Self.check("[\"a\nb\"]") == "$[0]: invalid JSON at byte 3: control character in a string")
        #expect(Self.check("") == "$: invalid JSON at byte 0: unexpected end of document")
    }

    @Test("nesting deeper than the limit names maxJSONDepth")
    func depth() {
        #expect(Self.check("[[[1]]]", depth: 3) == nil)
        #expect(Self.check("[[[[1]]]]", depth: 3) == "$[0][0][0]: JSON nesting depth 4 exceeds the limit maxJSONDepth=3")
    }
}
