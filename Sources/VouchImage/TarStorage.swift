#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchFiles

/// An oci-archive or docker-save tar, indexed once so each member's bytes can be read in place (and in
/// parallel) with `pread`, without extracting anything.
///
/// The index reads ustar headers (POSIX.1-2001 "pax" format), PAX `path`/`linkpath`/`size` records and
/// GNU `L`/`K` long names itself, because a random-access reader needs each member's data offset, which
/// streaming readers do not give. Header checksums are verified.
struct TarStorage: ImageStorage {
    struct Member: Hashable, Sendable {
        enum Kind: Hashable, Sendable { case file, directory, symlink(String), hardlink(String), other }
        var kind: Kind
        var offset: Int64
        var length: Int64
    }

    let path: String
    let members: [String: Member]
    let maxLinkHops: Int
    /// The path as the user gave it (`path` may be a spooled copy's `/proc/self/fd` path).
    let displayName: String
    var isArchive: Bool { true }

    init(path: String, displayName: String? = nil, limits: ImageLimits) throws(VouchError) {
        self.path = path
        self.displayName = displayName ?? path
        self.maxLinkHops = limits.maxMemberLinkHops
        self.members = try TarMemberIndexer(openPath: path, path: self.displayName, maxMembers: limits.maxArchiveMembers).index()
    }

    func exists(_ relativePath: String) -> Bool { members[Self.normalize(relativePath)] != nil }

    func lookup(_ relativePath: String, allowSymlinks: Bool) throws(VouchError) -> StoredFileLookup {
        var current = Self.normalize(relativePath)
        var hops = 0
        while true {
            guard let member = members[current] else { return .missing }
            switch member.kind {
            case .file:
                return .found(FileSlice(
                    containerPath: path, offset: member.offset, length: member.length,
                    displayName: "\(displayName):\(relativePath)"))
            case .symlink(let target), .hardlink(let target):
                guard allowSymlinks else {
                    return .refused("'\(relativePath)' is a link in the archive; blobs must be regular files")
                }
                hops += 1
                guard hops <= maxLinkHops else {
                    throw VouchError.limitExceeded(
                        "maxMemberLinkHops", limit: Int64(maxLinkHops), found: Int64(hops), path: "\(path):\(relativePath)",
                        what: "links followed")
                }
                let base: [Substring]
                if case .hardlink = member.kind {
                    base = []
                } else {
                    base = Array(current.split(separator: "/").dropLast())
                }
                guard !target.hasPrefix("/"), let resolved = Self.resolve(base + target.split(separator: "/")) else {
                    return .refused("'\(relativePath)' links to '\(target)', outside the archive")
                }
                current = resolved
            case .directory, .other:
                return .refused("'\(relativePath)' is not a regular file in the archive")
            }
        }
    }

    static func normalize(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    /// Lexically resolves `components`; nil if `..` climbs above the root.
    private static func resolve(_ components: [Substring]) -> String? {
        var stack: [Substring] = []
        for component in components where component != "." && !component.isEmpty {
            if component == ".." {
                guard !stack.isEmpty else { return nil }
                stack.removeLast()
            } else {
                stack.append(component)
            }
        }
        return stack.joined(separator: "/")
    }
}

/// Reads the headers of a tar file with `pread`, skipping member data.
private struct TarMemberIndexer {
    /// The file opened (a spooled copy's `/proc/self/fd` path, for a pipe).
    let openPath: String
    /// The name used in errors: the path as the user gave it.
    let path: String
    let maxMembers: Int

    func index() throws(VouchError) -> [String: TarStorage.Member] {
        let descriptor = open(openPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw VouchError.system(errno: errno, operation: "open", path: path) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw VouchError.system(errno: errno, operation: "fstat", path: path) }
        let fileSize = Int64(info.st_size)

        var members: [String: TarStorage.Member] = [:]
        var offset: Int64 = 0
        var header = [UInt8](repeating: 0, count: 512)
        var longName: String?
        var longLink: String?
        var paxPath: String?
        var paxLink: String?
        var paxSize: Int64?
        var count = 0
        while offset + 512 <= fileSize {
            try readExactly(descriptor, &header, at: offset)
            if header.allSatisfy({ $0 == 0 }) { break }
            try verifyChecksum(header, at: offset)
            let typeflag = header[156]
            var size = try Self.number(header[124..<136], field: "size", at: offset, path: path)
            if let paxSize, typeflag != UInt8(ascii: "x"), typeflag != UInt8(ascii: "g") { size = paxSize }
            guard size >= 0, offset + 512 + size <= fileSize else {
                throw VouchError(
                    .malformedInput,
                    "tar member at offset \(offset) declares \(size) bytes but the file ends at \(fileSize)",
                    path: path)
            }
            let dataOffset = offset + 512
            offset = dataOffset + (size + 511) / 512 * 512
            switch typeflag {
            case UInt8(ascii: "L"):
                longName = try readString(descriptor, at: dataOffset, length: size)
                continue
            case UInt8(ascii: "K"):
                longLink = try readString(descriptor, at: dataOffset, length: size)
                continue
            case UInt8(ascii: "x"):
                let records = try paxRecords(try readBytes(descriptor, at: dataOffset, length: size), at: dataOffset)
                paxPath = records["path"]
                paxLink = records["linkpath"]
                paxSize = records["size"].flatMap { Int64($0) }
                continue
            case UInt8(ascii: "g"):
                continue
            default:
                break
            }
            count += 1
            if count > maxMembers {
                throw VouchError.limitExceeded(
                    "maxArchiveMembers", limit: Int64(maxMembers), found: Int64(count), path: path, what: "member count")
            }
            let name = paxPath ?? longName ?? Self.headerName(header)
            let link = paxLink ?? longLink ?? Self.cString(header[157..<257])
            let kind: TarStorage.Member.Kind
            switch typeflag {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): kind = .file
            case UInt8(ascii: "5"): kind = .directory
            case UInt8(ascii: "2"): kind = .symlink(link)
            case UInt8(ascii: "1"): kind = .hardlink(link)
            default: kind = .other
            }
            members[TarStorage.normalize(name)] = TarStorage.Member(kind: kind, offset: dataOffset, length: size)
            longName = nil
            longLink = nil
            paxPath = nil
            paxLink = nil
            paxSize = nil
        }
        if count == 0 {
            throw VouchError(.unsupportedInput, "not a tar archive (no tar header found)", path: path)
        }
        return members
    }

    private func verifyChecksum(_ header: [UInt8], at offset: Int64) throws(VouchError) {
        var sum: Int64 = 0
        for (index, byte) in header.enumerated() { sum += (148..<156).contains(index) ? 32 : Int64(byte) }
        let stored = try? Self.number(header[148..<156], field: "checksum", at: offset, path: path)
        guard stored == sum else {
            throw VouchError(
                .malformedInput, "not a tar archive, or a corrupt one: header checksum mismatch at offset \(offset)",
                path: path)
        }
    }

    /// A numeric header field: octal text, or GNU base-256 when the high bit of the first byte is set.
    static func number(_ field: ArraySlice<UInt8>, field name: String, at offset: Int64, path: String) throws(VouchError) -> Int64 {
        if let first = field.first, first & 0x80 != 0 {
            guard first == 0x80 else {
                throw VouchError(.malformedInput, "negative or oversized tar \(name) at offset \(offset)", path: path)
            }
            var value: Int64 = 0
            for byte in field.dropFirst() {
                guard value < Int64.max >> 8 else {
                    throw VouchError(.malformedInput, "oversized tar \(name) at offset \(offset)", path: path)
                }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        let text = field.prefix { $0 != 0 }.filter { $0 != 0x20 }
        if text.isEmpty { return 0 }
        guard text.count <= 21, let value = Int64(String(decoding: text, as: UTF8.self), radix: 8) else {
            throw VouchError(.malformedInput, "invalid tar \(name) field at offset \(offset)", path: path)
        }
        return value
    }

    private static func headerName(_ header: [UInt8]) -> String {
        let name = cString(header[0..<100])
        let isUstar = Array(header[257..<262]) == Array("ustar".utf8)
        let prefix = isUstar ? cString(header[345..<500]) : ""
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    private static func cString(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    private func paxRecords(_ bytes: [UInt8], at offset: Int64) throws(VouchError) -> [String: String] {
        var records: [String: String] = [:]
        var index = 0
        while index < bytes.count {
            guard let space = bytes[index...].firstIndex(of: 0x20),
                  let length = Int(String(decoding: bytes[index..<space], as: UTF8.self)),
                  length > space - index, index + length <= bytes.count
            else {
                throw VouchError(.malformedInput, "malformed pax extended header at offset \(offset)", path: path)
            }
            let record = bytes[(space + 1)..<(index + length - 1)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")) {
                records[String(decoding: record[..<equals], as: UTF8.self)] =
                    String(decoding: record[(equals + 1)...], as: UTF8.self)
            }
            index += length
        }
        return records
    }

    private func readString(_ descriptor: Int32, at offset: Int64, length: Int64) throws(VouchError) -> String {
        Self.cString(ArraySlice(try readBytes(descriptor, at: offset, length: length)))
    }

    private func readBytes(_ descriptor: Int32, at offset: Int64, length: Int64) throws(VouchError) -> [UInt8] {
        guard length <= 1 << 20 else {
            throw VouchError(.malformedInput, "tar extended header at offset \(offset) is \(length) bytes long", path: path)
        }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        try readExactly(descriptor, &bytes, at: offset)
        return bytes
    }

    private func readExactly(_ descriptor: Int32, _ bytes: inout [UInt8], at offset: Int64) throws(VouchError) {
        let path = self.path
        let filled: Result<Int, VouchError> = bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(VouchError) in try FileDescriptorIO.readFully(descriptor, into: buffer, at: offset, path: path) }
        }
        if try filled.get() < bytes.count { throw VouchError(.malformedInput, "tar archive is truncated at offset \(offset)", path: path) }
    }
}
