/// A content digest in OCI form: `algorithm ":" encoded`, e.g. `sha256:<64 lowercase hex>`.
///
/// Parsing follows OCI image-spec descriptor.md, "Digests": the grammar
/// `algorithm ::= component (separator component)*`, `component ::= [a-z0-9]+`, `separator ::= [+._-]`,
/// `encoded ::= [a-zA-Z0-9=_-]+`, then, for the registered algorithms, exactly the algorithm's number of
/// lowercase hex characters. A digest string from an untrusted manifest is safe to use in a path only after
/// it parsed: the grammar admits no `/` and no `.` in the encoded part.
public struct Digest: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let algorithm: DigestAlgorithm
    /// The lowercase hex encoding of the raw digest.
    public let hex: String

    /// The longest digest string accepted; longer input is rejected before it is scanned.
    public static let maximumStringLength = 256

    /// Makes a digest from raw digest bytes.
    public init(algorithm: DigestAlgorithm, bytes: some Sequence<UInt8>) throws(VouchError) {
        let hex = Hex.encode(bytes)
        guard hex.utf8.count == algorithm.hexCount else {
            throw VouchError(
                .invalidArgument,
                "a \(algorithm) digest has \(algorithm.byteCount) bytes, not \(hex.utf8.count / 2)"
            )
        }
        self.algorithm = algorithm
        self.hex = hex
    }

    /// Parses `algorithm:encoded` strictly. Throws ``VouchError/Code/malformedInput`` when the string does
    /// not follow the grammar and ``VouchError/Code/unsupportedInput`` for a well-formed digest of an
    /// algorithm Vouch does not compute.
    public init(parsing string: String) throws(VouchError) {
        let bytes = Array(string.utf8)
        guard bytes.count <= Self.maximumStringLength else {
            throw VouchError(
                .malformedInput,
                "digest is \(bytes.count) bytes long; the longest accepted is \(Self.maximumStringLength)"
            )
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            throw Self.malformed(string, "no ':' between algorithm and encoded part")
        }
        let algorithmBytes = bytes[..<colon]
        let encodedBytes = bytes[(colon + 1)...]
        guard Self.isValidAlgorithm(algorithmBytes) else {
            throw Self.malformed(string, "the algorithm must be lowercase components joined by + . _ -")
        }
        guard !encodedBytes.isEmpty, encodedBytes.allSatisfy(Self.isEncodedCharacter) else {
            throw Self.malformed(string, "the encoded part must be one or more of [a-zA-Z0-9=_-]")
        }
        let name = String(decoding: algorithmBytes, as: UTF8.self)
        guard let algorithm = DigestAlgorithm(name: name) else {
            throw VouchError(.unsupportedInput, "digest algorithm '\(name)' is not supported (sha256, sha384, sha512 are)")
        }
        guard encodedBytes.count == algorithm.hexCount, encodedBytes.allSatisfy(Hex.isLowercaseHexDigit) else {
            throw Self.malformed(string, "a \(name) digest is exactly \(algorithm.hexCount) lowercase hex characters")
        }
        self.algorithm = algorithm
        self.hex = String(decoding: encodedBytes, as: UTF8.self)
    }

    /// `sha256:<hex>`.
    public var description: String { "\(algorithm.name):\(hex)" }

    /// The raw digest bytes.
    public var bytes: [UInt8] { Hex.decode(hex) ?? [] }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }

    private static func isValidAlgorithm(_ bytes: ArraySlice<UInt8>) -> Bool {
        var previousWasSeparator = true  // a leading separator is as wrong as a doubled one
        for byte in bytes {
            if isAlgorithmComponentCharacter(byte) {
                previousWasSeparator = false
            } else if isAlgorithmSeparator(byte), !previousWasSeparator {
                previousWasSeparator = true
            } else {
                return false
            }
        }
        return !previousWasSeparator
    }

    private static func isAlgorithmComponentCharacter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAlgorithmSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private static func isEncodedCharacter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private static func malformed(_ string: String, _ why: String) -> VouchError {
        let shown = string.count > 80 ? String(string.prefix(80)) + "..." : string
        return VouchError(.malformedInput, "malformed digest '\(shown)': \(why)")
    }
}

extension Digest: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            try self.init(parsing: string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.reason)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
