/// Turns license text into the normalized words the SPDX matching guidelines compare
/// (SPDX 2.3 Annex B, license matching guidelines and templates): capitalization, punctuation, whitespace,
/// bullets and numbering, varietal word spellings and copyright notices do not count. `scripts/sbom-spdx-license-templates.py` tokenizes the SPDX templates with the same rules.
enum LicenseTokenizer {
    /// Varietal word spelling: a few equivalent spellings, mapped to one (the generator's `EQUIVALENT`).
    static let equivalents: [String: [String]] = [
        "licence": ["license"], "licences": ["licenses"], "licenced": ["licensed"], "licencing": ["licensing"],
        "acknowledgment": ["acknowledgement"], "acknowledgments": ["acknowledgements"], "https": ["http"],
        "organisation": ["organization"], "organisations": ["organizations"], "sublicence": ["sublicense"],
        "noninfringement": ["non", "infringement"], "nonexclusive": ["non", "exclusive"],
        "nontransferable": ["non", "transferable"], "whilst": ["while"], "fulfil": ["fulfill"],
        "authorisation": ["authorization"], "authorised": ["authorized"],
    ]

    /// The words of `text`, in order, each passed to `body`.
    static func forEachWord(_ text: String, _ body: (String) -> Void) {
        let bytes = Array(text.utf8)
        var lineStart = 0
        var inNotice = false
        while lineStart <= bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            if isCopyrightLine(line) || isAllRightsReserved(line) {
                inNotice = true
            } else if inNotice && continuesNotice(line) {
                // The holders' names and addresses under a copyright line are part of the notice.
            } else {
                inNotice = false
                words(of: line, body)
            }
            lineStart = lineEnd + 1
        }
    }

    /// A line under a copyright line that goes on with the notice: not blank, and with an address, a year,
    /// or at most five words and no sentence punctuation (a name).
    static func continuesNotice(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.contains(where: isWordByte) else { return false }
        if line.contains(0x40) || line.contains(0x3C) || hasYear(line) { return true }
        var words = 0, inWord = false
        for byte in line {
            if byte == 0x2E || byte == 0x3A || byte == 0x2C && words > 3 { return false }
            let word = isWordByte(byte)
            if word && !inWord { words += 1 }
            inWord = word
        }
        return words <= 5
    }

    /// A copyright notice line (the guidelines' "copyright notice" rule): after comment marks, "Copyright" with a year or a sign, or "(c)" or
    /// "©", or a year and then a sign. The generator's `is_copyright_line` drops the same lines from
    /// template text (there, only the first rule matters: templates mark their notices as omittable).
    static func isCopyrightLine(_ line: ArraySlice<UInt8>) -> Bool {
        var index = line.startIndex
        while index < line.endIndex, [0x20, 0x09, 0x0D, 0x23, 0x2A, 0x2F, 0x3B, 0x21, 0x2D].contains(line[index]) { index += 1 }
        let rest = line[index...]
        let hasSign = containsIgnoringCase(rest, "(c)") || zip(rest, rest.dropFirst()).contains(where: { $0 == 0xC2 && $1 == 0xA9 })
        if hasPrefixIgnoringCase(rest, "copyright") && (rest.count == 9 || !isWordByte(rest[rest.startIndex + 9])) {
            return hasSign || hasYear(rest)
        }
        if hasPrefixIgnoringCase(rest, "(c)") || rest.starts(with: [0xC2, 0xA9]) { return true }
        // "2009-2026 (c) Name": a year first, then the sign.
        if rest.prefix(4).count == 4, rest.prefix(4).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return hasSign || containsIgnoringCase(rest, "copyright") }
        return false
    }

    /// A run of exactly four digits between non-word bytes.
    static func hasYear(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard isWordByte(bytes[index]) else { index += 1; continue }
            let start = index
            while index < bytes.endIndex, isWordByte(bytes[index]) { index += 1 }
            if index - start == 4, bytes[start..<index].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return true }
        }
        return false
    }

    private static func containsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ needle: StaticString) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if hasPrefixIgnoringCase(bytes[index...], needle) { return true }
            index += 1
        }
        return false
    }

    static func isAllRightsReserved(_ line: ArraySlice<UInt8>) -> Bool {
        var text = String(decoding: line, as: UTF8.self).trimmingSpaces().lowercased()
        if text.hasSuffix(".") { text.removeLast() }
        return text == "all rights reserved"
    }

    private static func words(of line: ArraySlice<UInt8>, _ body: (String) -> Void) {
        var word: [UInt8] = []
        var index = line.startIndex + bulletLength(line)
        func flush() {
            guard !word.isEmpty else { return }
            let text = String(decoding: word, as: UTF8.self)
            word.removeAll(keepingCapacity: true)
            for part in equivalents[text] ?? [text] where keeps(part) { body(part) }
        }
        while index < line.endIndex {
            let byte = line[index]
            if byte == 0xC2, index + 1 < line.endIndex, line[index + 1] == 0xA9 {
                flush(); body("copyright"); index += 2; continue
            }
            if byte == 0x28, hasPrefixIgnoringCase(line[index...], "(c)") {
                flush(); body("copyright"); index += 3; continue
            }
            if isWordByte(byte) {
                word.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            } else {
                flush()
            }
            index += 1
        }
        flush()
    }

    /// Single letters (inline list marks like "(a)", initials) are not compared; digits are ("version 2").
    private static func keeps(_ word: String) -> Bool {
        word.utf8.count > 1 || word.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } == true
    }

    /// Bullets and numbering: the bytes of a bullet or number at the start of a line ("1.", "1.2.", "(a)", "iv)"), which is not
    /// compared; the generator's `BULLET`.
    static func bulletLength(_ line: ArraySlice<UInt8>) -> Int {
        var index = line.startIndex
        while index < line.endIndex, line[index] == 0x20 || line[index] == 0x09 || line[index] == 0x0D { index += 1 }
        if index < line.endIndex, line[index] == 0x28 || line[index] == 0x5B { index += 1 }
        let markStart = index
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isRoman(_ byte: UInt8) -> Bool { [0x69, 0x76, 0x78, 0x49, 0x56, 0x58].contains(byte) }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        var end: Int?
        // Numbers with dots: 1, 1.2, 10.3.1 (each part at most three digits); the longest that a mark follows.
        var cursor = index
        while cursor < line.endIndex, isDigit(line[cursor]) {
            let partStart = cursor
            while cursor < line.endIndex, isDigit(line[cursor]), cursor - partStart < 3 { cursor += 1 }
            guard cursor < line.endIndex, [0x2E, 0x29, 0x5D].contains(line[cursor]) else { break }
            end = cursor
            guard line[cursor] == 0x2E, cursor + 1 < line.endIndex, isDigit(line[cursor + 1]) else { break }
            cursor += 1
        }
        if end == nil, index < line.endIndex, isLetter(line[index]) {
            // One letter, or up to five roman-numeral letters.
            var romanEnd = index
            while romanEnd < line.endIndex, romanEnd - index < 5, isRoman(line[romanEnd]) { romanEnd += 1 }
            if romanEnd > index, romanEnd < line.endIndex, [0x2E, 0x29, 0x5D].contains(line[romanEnd]) {
                end = romanEnd
            } else if index + 1 < line.endIndex, [0x2E, 0x29, 0x5D].contains(line[index + 1]) {
                end = index + 1
            }
        }
        guard let markEnd = end, markEnd > markStart, markEnd < line.endIndex, [0x2E, 0x29, 0x5D].contains(line[markEnd]) else { return 0 }
        return markEnd + 1 - line.startIndex
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func hasPrefixIgnoringCase(_ bytes: ArraySlice<UInt8>, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        for offset in 0..<count {
            var byte = bytes[bytes.startIndex + offset]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if byte != prefix.utf8Start[offset] { return false }
        }
        return true
    }
}
