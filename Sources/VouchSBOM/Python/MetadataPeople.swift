import Foundation
public import VouchCore

/// The people a distribution's core metadata names (`Maintainer`, `Maintainer-email`, `Author`,
/// `Author-email`; Core metadata specifications 2.1+), as SBOM parties: RFC 2047 encoded-words decoded
/// (`=?utf-8?q?J=C3=BCrgen?=`, as email.headerregistry writes non-ASCII names), address lists split
/// (`"Doe, Jane" <jane@example.com>, bob@example.com`), every person kept. `UNKNOWN` (what old setuptools
/// wrote for a missing field) and empty values are no one.
public enum MetadataPeople {
    /// The most people kept from one field.
    public static let maximumPeoplePerField = 64

    /// Maintainers, else authors: who supplies the distribution (SPDX 2.3 clause 7.5 "supplier").
    public static func suppliers(_ metadata: CoreMetadata) -> [SBOMParty] {
        let maintainers = people(names: metadata.first("maintainer"), emails: metadata.first("maintainer-email"))
        return maintainers.isEmpty ? originators(metadata) : maintainers
    }

    /// Authors: who made it (SPDX 2.3 clause 7.6 "originator").
    public static func originators(_ metadata: CoreMetadata) -> [SBOMParty] {
        people(names: metadata.first("author"), emails: metadata.first("author-email"))
    }

    /// The parties of a name field and an address-list field: the addresses with their display names,
    /// else the names (several names in one field, comma-separated, stay one party: names contain commas).
    static func people(names: String?, emails: String?) -> [SBOMParty] {
        let nameText = names.map(decodeEncodedWords).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var parties = emails.map { addresses(decodeEncodedWords($0)) } ?? []
        if parties.isEmpty, let nameText, isSomeone(nameText) {
            // `Author: Jane Doe <jane@example.com>` puts the address in the name field.
            let inField = addresses(nameText)
            parties = inField.contains { $0.email != nil } ? inField : [SBOMParty(kind: .person, name: nameText)]
        } else if parties.count == 1, parties[0].name == nil, let nameText, isSomeone(nameText) {
            parties[0].name = nameText
        }
        for index in parties.indices where parties[index].name.map(isOrganization) == true { parties[index].kind = .organization }
        return Array(parties.prefix(maximumPeoplePerField))
    }

    static func isSomeone(_ text: String) -> Bool {
        !text.isEmpty && text.uppercased() != "UNKNOWN" && text != "NOASSERTION" && text != "NONE"
    }

    /// Names that are groups rather than people (Debian's "Debian Python Team", PyPI's "The Foo Developers").
    static func isOrganization(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["team", "developers", "maintainers", "contributors", "project", "foundation", "authority", "group", "inc.", "ltd", "llc", "gmbh"]
            .contains { lower.contains($0) }
    }

    /// An RFC 5322 address list: `Name <addr>`, `"Quoted, Name" <addr>` or a bare `addr`, comma-separated.
    static func addresses(_ text: String) -> [SBOMParty] {
        var items: [String] = []
        var current = ""
        var quoted = false
        var angle = false
        for character in text {
            switch character {
            case "\"": quoted.toggle(); current.append(character)
            case "<" where !quoted: angle = true; current.append(character)
            case ">" where !quoted: angle = false; current.append(character)
            case "," where !quoted && !angle:
                items.append(current)
                current = ""
            default: current.append(character)
            }
        }
        items.append(current)
        var parties: [SBOMParty] = []
        for item in items {
            let trimmed = item.trimmingCharacters(in: .whitespacesAndNewlines)
            guard isSomeone(trimmed) else { continue }
            if let open = trimmed.lastIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close {
                let email = trimmed[trimmed.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
                var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
                // CycloneDX's `email` is an `idn-email`: text without an `@` is not kept as one.
                let address = email.contains("@") && !email.contains(" ") ? email : nil
                let display = name.isEmpty ? (address == nil && !email.isEmpty ? email : nil) : name
                guard display != nil || address != nil else { continue }
                parties.append(SBOMParty(kind: .person, name: display, email: address))
            } else if trimmed.contains("@"), !trimmed.contains(" ") {
                parties.append(SBOMParty(kind: .person, email: trimmed))
            } else {
                parties.append(SBOMParty(kind: .person, name: trimmed))
            }
        }
        return parties
    }

    /// RFC 2047 section 2 encoded-words (`=?charset?B|Q?text?=`, UTF-8, US-ASCII and ISO-8859-1), with the
    /// whitespace between two adjacent encoded-words removed (section 6.2). Anything else stays as written.
    public static func decodeEncodedWords(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        var out = ""
        var rest = Substring(text)
        var pendingSpace = ""
        var lastWasEncoded = false
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            let afterStart = rest[start.upperBound...]
            guard let decoded = decodeWord(afterStart) else {
                out += pendingSpace + before + "=?"
                pendingSpace = ""
                rest = afterStart
                lastWasEncoded = false
                continue
            }
            if lastWasEncoded, before.allSatisfy(\.isWhitespace) {
                // Adjacent encoded-words: the space between them is not text.
            } else {
                out += pendingSpace + before
            }
            pendingSpace = ""
            out += decoded.text
            rest = decoded.rest
            lastWasEncoded = true
        }
        return out + pendingSpace + rest
    }

    private static func decodeWord(_ text: Substring) -> (text: String, rest: Substring)? {
        let parts = text.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].hasPrefix("="), !parts[0].isEmpty else { return nil }
        let charset = parts[0].lowercased().split(separator: "*").first.map(String.init) ?? ""
        let encoding = parts[1].uppercased()
        let payload = parts[2]
        var bytes: [UInt8]
        switch encoding {
        case "B":
            guard let data = Data(base64Encoded: String(payload)) else { return nil }
            bytes = [UInt8](data)
        case "Q":
            bytes = []
            var index = payload.startIndex
            while index < payload.endIndex {
                let character = payload[index]
                if character == "_" {
                    bytes.append(0x20)
                } else if character == "=", let high = payload.index(index, offsetBy: 1, limitedBy: payload.endIndex), high < payload.endIndex,
                          let low = payload.index(high, offsetBy: 1, limitedBy: payload.endIndex), low < payload.endIndex,
                          let value = UInt8(String(payload[high...low]), radix: 16) {
                    bytes.append(value)
                    index = low
                } else {
                    bytes += Array(String(character).utf8)
                }
                index = payload.index(after: index)
            }
        default:
            return nil
        }
        let decoded: String?
        switch charset {
        case "utf-8", "utf8", "us-ascii": decoded = String(validating: bytes, as: UTF8.self)
        case "iso-8859-1", "latin1", "latin-1": decoded = String(bytes.map { Character(Unicode.Scalar($0)) })
        default: decoded = nil
        }
        guard let decoded else { return nil }
        return (decoded, parts[3].dropFirst())
    }
}

extension SBOMParty {
    /// SPDX 2.3 clause 7.5/7.6 syntax: `Person: NAME (EMAIL)` or `Organization: NAME (EMAIL)`.
    public var spdxText: String {
        let kindText = kind == .organization ? "Organization" : "Person"
        let displayName = name ?? email ?? ""
        return "\(kindText): \(displayName)" + (email.map { " (\($0))" } ?? "")
    }
}
