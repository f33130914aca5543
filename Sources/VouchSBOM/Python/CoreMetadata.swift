public import VouchCore

/// A parsed Python core metadata file (`METADATA`, `PKG-INFO`): PyPA "Core metadata specifications",
/// versions 1.0 to 2.5.
///
/// The format is RFC 822 email headers: `Name: value` lines, continuation lines starting with whitespace
/// (multi-line `License:` text), then after a blank line the description body (2.1+). Lines may end in
/// CRLF; text is UTF-8 (bytes that are not are replaced, never rejected). Header names are
/// case-insensitive. Untrusted input meets ``CoreMetadataLimits``.
public struct CoreMetadata: Hashable, Sendable {
    /// Every header in file order, values unfolded.
    public var headers: [(name: String, value: String)] {
        zip(names, values).map { ($0, $1) }
    }
    private var names: [String]
    private var values: [String]
    /// The description body after the headers, or nil when there is none. Decoded on demand: an SBOM
    /// never needs the (often long) description, so parsing keeps only the bytes.
    public var body: String? {
        guard let bodyBytes else { return nil }
        // CRLF files keep CRLF in the body; normalise to LF like Python's email parser does.
        if bodyBytes.contains(0x0D) { return String(decoding: Self.normalizeLineEndings(bodyBytes), as: UTF8.self) }
        return String(decoding: bodyBytes, as: UTF8.self)
    }
    private var bodyBytes: ArraySlice<UInt8>?

    /// `Metadata-Version`.
    public var metadataVersion: String? { first(lowercased: "metadata-version") }
    public var name: String? { first(lowercased: "name") }
    public var version: String? { first(lowercased: "version") }
    public var summary: String? { first(lowercased: "summary") }
    public var license: String? { first(lowercased: "license") }
    /// PEP 639 (metadata 2.4).
    public var licenseExpression: String? { first(lowercased: "license-expression") }
    public var licenseFiles: [String] { all(lowercased: "license-file") }
    public var classifiers: [String] { all(lowercased: "classifier") }
    public var requiresDist: [String] { all(lowercased: "requires-dist") }
    public var providesExtra: [String] { all(lowercased: "provides-extra") }
    public var homePage: String? { first(lowercased: "home-page") }
    public var author: String? { first(lowercased: "author") ?? first(lowercased: "author-email") }
    /// The description: the body, or the `Description` header of metadata before 2.1.
    public var description: String? { body ?? first(lowercased: "description") }

    public static func == (lhs: CoreMetadata, rhs: CoreMetadata) -> Bool {
        lhs.names == rhs.names && lhs.values == rhs.values && lhs.bodyBytes == rhs.bodyBytes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(names)
        hasher.combine(values)
    }

    /// The first value of header `name` (case-insensitive).
    public func first(_ name: String) -> String? { first(lowercased: name.lowercased()) }

    /// Every value of header `name`, in file order.
    public func all(_ name: String) -> [String] { all(lowercased: name.lowercased()) }

    private func first(lowercased key: String) -> String? {
        for index in names.indices where names[index] == key { return values[index] }
        return nil
    }

    private func all(lowercased key: String) -> [String] {
        var found: [String] = []
        for index in names.indices where names[index] == key { found.append(values[index]) }
        return found
    }

    /// Parses `bytes`, the contents of the file at `path` (named in errors).
    public init(parsing bytes: [UInt8], path: String, limits: CoreMetadataLimits = .default) throws(VouchError) {
        guard bytes.count <= limits.maximumFileBytes else {
            throw VouchError.limitExceeded(
                "maximumFileBytes", limit: Int64(limits.maximumFileBytes), found: Int64(bytes.count), path: path,
                what: "metadata file size")
        }
        var names: [String] = []
        var values: [String] = []
        var body: ArraySlice<UInt8>?
        var pendingValue: [UInt8] = []
        var pendingName: String?
        var index = 0
        let count = bytes.count
        // A UTF-8 byte order mark is not part of the first header name.
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }

        func flush() {
            if let name = pendingName {
                // Trailing whitespace of a folded value is formatting, not content.
                var end = pendingValue.count
                while end > 0, pendingValue[end - 1] == 0x20 || pendingValue[end - 1] == 0x09 || pendingValue[end - 1] == 0x0A { end -= 1 }
                names.append(name)
                values.append(String(decoding: pendingValue[..<end], as: UTF8.self))
            }
            pendingName = nil
            pendingValue.removeAll(keepingCapacity: true)
        }

        while index < count {
            var end = index
            while end < count, bytes[end] != 0x0A { end += 1 }
            let next = end + 1
            var lineEnd = end
            if lineEnd > index, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if lineEnd == index {
                // A blank line ends the headers; the rest is the body.
                flush()
                if next < count { body = bytes[next...] }
                index = count
                break
            }
            let first = bytes[index]
            if first == 0x20 || first == 0x09 {
                // Continuation line (RFC 822 folding). setuptools indents License text by 8 spaces and
                // Description by 7 spaces and '|'; strip that, keep any deeper indentation.
                guard pendingName != nil else {
                    throw VouchError(.malformedInput, "line \(names.count + 1) is a continuation line before any header", path: path)
                }
                var start = index
                var spaces = 0
                while start < lineEnd, spaces < 8, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1; spaces += 1 }
                if start < lineEnd, spaces == 7, bytes[start] == UInt8(ascii: "|") { start += 1 }
                pendingValue.append(0x0A)
                pendingValue.append(contentsOf: bytes[start..<lineEnd])
            } else {
                flush()
                guard names.count < limits.maximumHeaderCount else {
                    throw VouchError.limitExceeded(
                        "maximumHeaderCount", limit: Int64(limits.maximumHeaderCount), found: Int64(names.count + 1),
                        path: path, what: "header count")
                }
                guard let colon = bytes[index..<lineEnd].firstIndex(of: UInt8(ascii: ":")) else {
                    let shown = String(decoding: bytes[index..<min(lineEnd, index + 60)], as: UTF8.self)
                    throw VouchError(.malformedInput, "header line '\(shown)' has no ':'", path: path)
                }
                // Header names are ASCII (RFC 822); lowercase them byte by byte.
                pendingName = String(unsafeUninitializedCapacity: colon - index) { buffer in
                    for offset in 0..<(colon - index) {
                        let byte = bytes[index + offset]
                        buffer[offset] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                    }
                    return colon - index
                }
                var valueStart = colon + 1
                while valueStart < lineEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
                pendingValue.append(contentsOf: bytes[valueStart..<lineEnd])
            }
            index = next
        }
        flush()
        self.names = names
        self.values = values
        self.bodyBytes = body
        if let version = metadataVersion, !Self.isKnownVersion(version) {
            let major = version.split(separator: ".").first.flatMap { Int($0) } ?? 0
            if major > 2 {
                throw VouchError(.unsupportedInput, "Metadata-Version \(version) is newer than the 2.5 this reader implements", path: path)
            }
        }
    }

    /// Where the header block of `bytes` ends: just after the blank line that ends it (LF or CRLF), or
    /// nil when the bytes hold no blank line yet.
    public static func headerBlockEnd(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while let newline = bytes[index...].firstIndex(of: 0x0A) {
            let next = newline + 1
            if next < bytes.count, bytes[next] == 0x0A { return next + 1 }
            if next + 1 < bytes.count, bytes[next] == 0x0D, bytes[next + 1] == 0x0A { return next + 2 }
            index = next
        }
        return nil
    }

    /// The metadata versions the spec defines.
    public static let knownVersions: Set<String> = ["1.0", "1.1", "1.2", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5"]

    static func isKnownVersion(_ version: String) -> Bool { knownVersions.contains(version) }

    private static func normalizeLineEndings(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var previousCR = false
        for byte in bytes {
            if byte == 0x0D { out.append(0x0A); previousCR = true; continue }
            if byte == 0x0A, previousCR { previousCR = false; continue }
            previousCR = false
            out.append(byte)
        }
        return out
    }
}

/// Bounds on untrusted core metadata.
public struct CoreMetadataLimits: Hashable, Sendable {
    /// The largest METADATA / PKG-INFO file read (long descriptions run to a few hundred KiB).
    public var maximumFileBytes: Int
    /// The most header lines accepted (large packages list a few hundred Requires-Dist and Classifier).
    public var maximumHeaderCount: Int

    public init(maximumFileBytes: Int = 16 << 20, maximumHeaderCount: Int = 10_000) {
        self.maximumFileBytes = maximumFileBytes
        self.maximumHeaderCount = maximumHeaderCount
    }

    public static let `default` = CoreMetadataLimits()
}
