import VouchCore

/// A minimal ASN.1 DER reader and writer for the key containers Vouch handles itself (PKCS#8
/// `PrivateKeyInfo` / `EncryptedPrivateKeyInfo`, X.509 `SubjectPublicKeyInfo`); the keys inside are
/// decoded by OpenSSL.
///
/// ITU-T X.690 section 10 (DER): definite lengths in the shortest form, single-byte tags. Anything else is
/// rejected, so a hostile key file cannot make the reader allocate or recurse beyond its own bytes.
enum DER {
    /// Universal tags used by the key formats (X.690 section 8).
    enum Tag {
        static let integer: UInt8 = 0x02
        static let bitString: UInt8 = 0x03
        static let octetString: UInt8 = 0x04
        static let null: UInt8 = 0x05
        static let objectIdentifier: UInt8 = 0x06
        static let sequence: UInt8 = 0x30
    }

    /// One decoded element: its tag and content bytes (a slice of the input, no copy).
    struct Node {
        let tag: UInt8
        let content: ArraySlice<UInt8>
        /// The whole element, tag and length included.
        let encoded: ArraySlice<UInt8>

        /// The elements of a constructed value, in order.
        func children(_ what: String) throws(VouchError) -> [Node] {
            guard tag & 0x20 != 0 else { throw DER.malformed("\(what) is not a constructed value") }
            var reader = Reader(content)
            var nodes: [Node] = []
            while !reader.isAtEnd { nodes.append(try reader.next(what)) }
            return nodes
        }

        /// The children of a SEQUENCE, requiring at least `count` of them.
        func sequence(_ what: String, atLeast count: Int) throws(VouchError) -> [Node] {
            guard tag == Tag.sequence else { throw DER.malformed("\(what) is not a SEQUENCE") }
            let nodes = try children(what)
            guard nodes.count >= count else { throw DER.malformed("\(what) has \(nodes.count) fields, expected \(count)") }
            return nodes
        }

        /// The dotted form of an OBJECT IDENTIFIER.
        func objectIdentifier(_ what: String) throws(VouchError) -> String {
            guard tag == Tag.objectIdentifier, !content.isEmpty else { throw DER.malformed("\(what) is not an OBJECT IDENTIFIER") }
            var arcs: [UInt64] = []
            var value: UInt64 = 0
            var arcLength = 0
            for byte in content {
                arcLength += 1
                guard arcLength <= 9 else { throw DER.malformed("\(what) has an arc too large") }
                value = value << 7 | UInt64(byte & 0x7f)
                if byte & 0x80 == 0 {
                    arcs.append(value)
                    value = 0
                    arcLength = 0
                }
            }
            guard arcLength == 0, let first = arcs.first else { throw DER.malformed("\(what) ends inside an arc") }
            let head: [UInt64] = first < 80 ? [first / 40, first % 40] : [2, first - 80]
            return (head + arcs.dropFirst()).map(String.init).joined(separator: ".")
        }

        /// The content of an OCTET STRING.
        func octetString(_ what: String) throws(VouchError) -> ArraySlice<UInt8> {
            guard tag == Tag.octetString else { throw DER.malformed("\(what) is not an OCTET STRING") }
            return content
        }

        /// The bits of a BIT STRING with no unused bits (every key format uses whole bytes).
        func bitStringBytes(_ what: String) throws(VouchError) -> ArraySlice<UInt8> {
            guard tag == Tag.bitString, content.first == 0 else { throw DER.malformed("\(what) is not a whole-byte BIT STRING") }
            return content.dropFirst()
        }

        /// A non-negative INTEGER that fits in 63 bits.
        func smallInteger(_ what: String) throws(VouchError) -> Int64 {
            guard tag == Tag.integer, !content.isEmpty, content.count <= 8, content.first! & 0x80 == 0 else {
                throw DER.malformed("\(what) is not a small non-negative INTEGER")
            }
            return content.reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }
    }

    /// Reads consecutive elements from a byte slice.
    struct Reader {
        private var bytes: ArraySlice<UInt8>
        init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }
        var isAtEnd: Bool { bytes.isEmpty }

        mutating func next(_ what: String) throws(VouchError) -> Node {
            let start = bytes.startIndex
            guard bytes.count >= 2 else { throw DER.malformed("\(what) is truncated") }
            let tag = bytes[start]
            guard tag & 0x1f != 0x1f else { throw DER.malformed("\(what) uses a multi-byte tag") }
            var index = start + 1
            let first = bytes[index]
            index += 1
            var length = 0
            if first < 0x80 {
                length = Int(first)
            } else {
                let count = Int(first & 0x7f)
                guard count >= 1, count <= 4, bytes.endIndex - index >= count else {
                    throw DER.malformed("\(what) has an invalid length")
                }
                guard bytes[index] != 0 else { throw DER.malformed("\(what) has a non-minimal length") }
                for _ in 0..<count {
                    length = length << 8 | Int(bytes[index])
                    index += 1
                }
                guard length >= 0x80 else { throw DER.malformed("\(what) has a non-minimal length") }
            }
            guard bytes.endIndex - index >= length else { throw DER.malformed("\(what) is truncated") }
            let end = index + length
            let node = Node(tag: tag, content: bytes[index..<end], encoded: bytes[start..<end])
            bytes = bytes[end...]
            return node
        }
    }

    /// Parses `bytes` as exactly one element.
    static func parse(_ bytes: ArraySlice<UInt8>, _ what: String) throws(VouchError) -> Node {
        var reader = Reader(bytes)
        let node = try reader.next(what)
        guard reader.isAtEnd else { throw malformed("\(what) has trailing bytes") }
        return node
    }

    static func malformed(_ reason: String) -> VouchError {
        VouchError(.malformedInput, "malformed key: \(reason)")
    }

    // MARK: Writing

    static func element(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var out = [tag]
        let count = content.count
        if count < 0x80 {
            out.append(UInt8(count))
        } else {
            var lengthBytes: [UInt8] = []
            var remaining = count
            while remaining > 0 {
                lengthBytes.insert(UInt8(remaining & 0xff), at: 0)
                remaining >>= 8
            }
            out.append(0x80 | UInt8(lengthBytes.count))
            out += lengthBytes
        }
        return out + content
    }

    static func sequence(_ elements: [UInt8]...) -> [UInt8] { element(Tag.sequence, elements.flatMap { $0 }) }
    static func octetString(_ bytes: [UInt8]) -> [UInt8] { element(Tag.octetString, bytes) }
    static func bitString(_ bytes: [UInt8]) -> [UInt8] { element(Tag.bitString, [0] + bytes) }
    static let null: [UInt8] = [Tag.null, 0]

    /// A non-negative INTEGER.
    static func integer(_ value: Int64) -> [UInt8] {
        var bytes: [UInt8] = []
        var remaining = value
        repeat {
            bytes.insert(UInt8(remaining & 0xff), at: 0)
            remaining >>= 8
        } while remaining > 0
        if bytes[0] & 0x80 != 0 { bytes.insert(0, at: 0) }
        return element(Tag.integer, bytes)
    }

    /// An OBJECT IDENTIFIER from its dotted form (only called with the constants in ``ObjectIdentifier``).
    static func objectIdentifier(_ dotted: String) -> [UInt8] {
        let arcs = dotted.split(separator: ".").compactMap { UInt64($0) }
        var content: [UInt8] = []
        for arc in [arcs[0] * 40 + arcs[1]] + arcs.dropFirst(2) {
            var chunk: [UInt8] = [UInt8(arc & 0x7f)]
            var remaining = arc >> 7
            while remaining > 0 {
                chunk.insert(UInt8(remaining & 0x7f) | 0x80, at: 0)
                remaining >>= 7
            }
            content += chunk
        }
        return element(Tag.objectIdentifier, content)
    }
}

/// The object identifiers of the algorithms in Vouch's key containers.
enum ObjectIdentifier {
    /// RFC 8017 appendix A.1.
    static let rsaEncryption = "1.2.840.113549.1.1.1"
    /// RFC 5480 section 2.1.1.
    static let ecPublicKey = "1.2.840.10045.2.1"
    static let secp256r1 = "1.2.840.10045.3.1.7"
    static let secp384r1 = "1.3.132.0.34"
    /// RFC 8410 section 3.
    static let ed25519 = "1.3.101.112"
    /// RFC 8018 appendix A.4 (PBES2), A.2 (PBKDF2), B.1 (HMAC PRFs).
    static let pbes2 = "1.2.840.113549.1.5.13"
    static let pbkdf2 = "1.2.840.113549.1.5.12"
    static let hmacWithSHA1 = "1.2.840.113549.2.7"
    static let hmacWithSHA256 = "1.2.840.113549.2.9"
    static let hmacWithSHA384 = "1.2.840.113549.2.10"
    static let hmacWithSHA512 = "1.2.840.113549.2.11"
    /// NIST AES modes (CSOR).
    static let aes128CBC = "2.16.840.1.101.3.4.1.2"
    static let aes192CBC = "2.16.840.1.101.3.4.1.22"
    static let aes256CBC = "2.16.840.1.101.3.4.1.42"
}
