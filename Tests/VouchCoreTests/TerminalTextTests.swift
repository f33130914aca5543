import Testing
import VouchCore

@Suite("TerminalText: untrusted text made printable")
struct TerminalTextTests {
    @Test("printable text, including non-ASCII letters, a backslash and emoji, is unchanged")
    func printableUnchanged() {
        for text in ["usr/bin/passwd", "café/naïve ü", "a\\x1Bb", "日本語", "🙂"] {
            #expect(TerminalText.escaped(text) == text)
            #expect(TerminalText.isPrintable(text))
        }
    }

    @Test("ESC, BEL and the other C0 controls become \\xHH; newline, carriage return and tab become \\n \\r \\t")
    func c0Controls() {
        #expect(TerminalText.escaped("\u{1b}[2J\u{1b}]0;PWNED\u{07}") == "\\x1B[2J\\x1B]0;PWNED\\x07")
        #expect(TerminalText.escaped("a\u{0}b\u{8}c") == "a\\x00b\\x08c")
        #expect(TerminalText.escaped("one\ntwo\rthree\tfour") == "one\\ntwo\\rthree\\tfour")
    }

    @Test("DEL and the C1 controls (CSI U+009B, OSC U+009D) become \\xHH")
    func delAndC1() {
        #expect(TerminalText.escaped("x\u{7f}y") == "x\\x7Fy")
        #expect(TerminalText.escaped("\u{9b}2J\u{9d}0;t\u{9c}") == "\\x9B2J\\x9D0;t\\x9C")
        #expect(TerminalText.escaped("\u{80}\u{9f}") == "\\x80\\x9F")
    }

    @Test("bidi overrides, embeddings, isolates and marks become \\u{HHHH} (Trojan Source)")
    func bidiControls() {
        for scalar: UInt32 in [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C] {
            let text = "a" + String(Unicode.Scalar(scalar)!) + "b"
            #expect(TerminalText.escaped(text) == "a\\u{\(String(scalar, radix: 16, uppercase: true).count < 4 ? "0" : "")\(String(scalar, radix: 16, uppercase: true))}b")
            #expect(!TerminalText.isPrintable(text))
        }
    }

    @Test("line and paragraph separators and zero-width characters are escaped")
    func separatorsAndZeroWidth() {
        #expect(TerminalText.escaped("a\u{2028}b\u{2029}c\u{200B}d") == "a\\u{2028}b\\u{2029}c\\u{200B}d")
    }
}
