import Foundation
import VouchCore
import VouchCrypto
import VouchFiles

/// The compiled index of one export zip, cached on disk so a scan reads only the records that name its
/// packages instead of inflating and decoding the whole export (29 MB of JSON for osv.dev's PyPI zip).
///
/// File `<cache>/vuln/<sha256 of the zip>.idx`, little-endian:
///
///     "VOUCHOSV" | format u32 | zip SHA-256 (32) | zip size u64 | summary length u64 | summary SHA-256 (32)
///     summary: .json member count u32 | skip reasons u32, each (text, count u32)
///              | records u32, each (id, modified, withdrawn u8, entries u32 each (ecosystem?, name?),
///                payload offset u64, payload length u32, payload SHA-256 (32))
///     payloads: each record's JSON exactly as the zip member held it
///
/// Text is a u32 length and UTF-8; an optional text is a u8 presence flag first. The summary holds what
/// merging by id and indexing by package need without decoding a record; the payloads are decoded by the
/// one OSV reader (``OSVRecord/init(json:path:)``) only for the records a scan asks for. The cache is an
/// accelerator and never an authority: a file whose magic, format, zip digest, size or summary digest
/// differs, whose structure runs out of bounds, or whose payload fails its digest or decodes to another
/// id or `modified` is ignored, and the export is read again and the index rewritten. It is written
/// through a temporary file and a rename (``VouchFiles/OutputFile``), so no reader sees half of one.
struct CompiledDatabaseIndex {
    static let magic = Array("VOUCHOSV".utf8)
    /// Raised whenever what the summary holds, or the OSV reader's acceptance rules, change.
    static let format: UInt32 = 1
    static let headerSize = 8 + 4 + 32 + 8 + 8 + 32

    /// One member of the export that the OSV reader accepted.
    struct Member {
        var summary: RecordSummary
        var payload: [UInt8]
    }

    /// What the export held: its accepted members in zip order, skip reasons, and its `.json` member count.
    struct Contents {
        var members: [Member] = []
        var skipped: [String: Int] = [:]
        var jsonMembers = 0
    }

    /// `<directory>/vuln/<hex>.idx`.
    static func path(directory: String, sourceDigest: Digest) -> String {
        "\(directory)/vuln/\(sourceDigest.hex).idx"
    }

    /// The cache file's bytes for `contents` of the zip with `sourceDigest` and `sourceSize`.
    static func serialize(_ contents: Contents, sourceDigest: Digest, sourceSize: Int64) throws(VouchError) -> [UInt8] {
        var summary = IndexWriter()
        summary.u32(UInt32(contents.jsonMembers))
        summary.u32(UInt32(contents.skipped.count))
        for (reason, count) in contents.skipped.sorted(by: { $0.key < $1.key }) {
            summary.text(reason)
            summary.u32(UInt32(count))
        }
        summary.u32(UInt32(contents.members.count))
        var offset: UInt64 = 0
        for member in contents.members {
            summary.text(member.summary.id)
            summary.text(member.summary.modified)
            summary.bytes.append(member.summary.withdrawn ? 1 : 0)
            summary.u32(UInt32(member.summary.packages.count))
            for package in member.summary.packages {
                summary.optionalText(package.ecosystem)
                summary.optionalText(package.name)
            }
            summary.u64(offset)
            summary.u32(UInt32(member.payload.count))
            summary.bytes += try DigestHasher.digest(of: member.payload).bytes
            offset += UInt64(member.payload.count)
        }
        var file = IndexWriter()
        file.bytes = magic
        file.u32(format)
        file.bytes += sourceDigest.bytes
        file.u64(UInt64(sourceSize))
        file.u64(UInt64(summary.bytes.count))
        file.bytes += try DigestHasher.digest(of: summary.bytes).bytes
        file.bytes.reserveCapacity(file.bytes.count + summary.bytes.count + Int(offset))
        file.bytes += summary.bytes
        for member in contents.members { file.bytes += member.payload }
        return file.bytes
    }

    /// Writes the index; the reason it could not be written, or nil. Never fatal: the next scan reads the
    /// export again.
    static func store(_ contents: Contents, sourceDigest: Digest, sourceSize: Int64, directory: String) -> String? {
        let path = path(directory: directory, sourceDigest: sourceDigest)
        do {
            let bytes = try serialize(contents, sourceDigest: sourceDigest, sourceSize: sourceSize)
            try FileManager.default.createDirectory(atPath: directory + "/vuln", withIntermediateDirectories: true)
            try OutputFile.write(bytes, to: path, overwrite: true)
            return nil
        } catch let error as VouchError {
            return error.description
        } catch {
            return "\(directory)/vuln: could not create the directory"
        }
    }

    /// A record of the index: its summary and, when it was asked for, the decoded record.
    struct Loaded {
        var summary: RecordSummary
        var record: OSVRecord?
    }

    /// The index at `path` for the zip with `sourceDigest`/`sourceSize`, decoding the records `wants`
    /// accepts; nil when there is no usable index (missing, stale or corrupt: see the type's comment).
    static func load(_ path: String, sourceDigest: Digest, sourceSize: Int64, sourceName: String,
                     wants: (RecordSummary) -> Bool) -> (records: [Loaded], skipped: [String: Int])? {
        guard let file = try? RandomAccessFile(path: path), file.size >= Int64(headerSize),
              let header = try? file.read(at: 0, count: headerSize) else { return nil }
        var cursor = IndexCursor(header)
        guard cursor.take(8) == magic, cursor.u32() == format, cursor.take(32) == sourceDigest.bytes,
              cursor.u64() == UInt64(sourceSize), let summaryLength = cursor.u64(), let summaryDigest = cursor.take(32),
              summaryLength <= UInt64(file.size - Int64(headerSize)),
              let summaryBytes = try? file.read(at: Int64(headerSize), count: Int(summaryLength)),
              (try? DigestHasher.digest(of: summaryBytes).bytes) == summaryDigest else { return nil }
        let payloadStart = Int64(headerSize) + Int64(summaryLength)
        let payloadSize = UInt64(file.size - payloadStart)
        cursor = IndexCursor(summaryBytes)
        guard let jsonMembers = cursor.u32(), jsonMembers > 0, let skipCount = cursor.u32() else { return nil }
        var skipped: [String: Int] = [:]
        for _ in 0..<skipCount {
            guard let reason = cursor.text(), let count = cursor.u32() else { return nil }
            skipped[reason] = Int(count)
        }
        guard let recordCount = cursor.u32() else { return nil }
        var records: [Loaded] = []
        records.reserveCapacity(Int(min(recordCount, 1 << 22)))
        let hasher = try? DigestHasher(.sha256)
        for _ in 0..<recordCount {
            guard let id = cursor.text(), let modified = cursor.text(), let withdrawn = cursor.take(1), let entryCount = cursor.u32() else { return nil }
            var packages: [RecordSummary.Package] = []
            for _ in 0..<entryCount {
                guard let ecosystem = cursor.optionalText(), let name = cursor.optionalText() else { return nil }
                packages.append(.init(ecosystem: ecosystem, name: name))
            }
            guard let offset = cursor.u64(), let length = cursor.u32(), let digest = cursor.take(32),
                  Int(length) <= OSVRecord.maximumRecordBytes, offset <= payloadSize, UInt64(length) <= payloadSize - offset else { return nil }
            let summary = RecordSummary(id: id, modified: modified, withdrawn: withdrawn[0] != 0, packages: packages)
            guard wants(summary) else {
                records.append(Loaded(summary: summary))
                continue
            }
            guard let hasher, let payload = try? file.read(at: payloadStart + Int64(offset), count: Int(length)) else { return nil }
            hasher.update(payload)
            guard (try? hasher.finalize().bytes) == digest,
                  let record = try? OSVRecord(json: payload, path: "\(sourceName)!\(id).json"),
                  record.id == id, record.modified == modified, (record.withdrawn != nil) == summary.withdrawn else { return nil }
            records.append(Loaded(summary: summary, record: record))
        }
        guard cursor.atEnd else { return nil }
        return (records, skipped)
    }
}

/// What merging by id and indexing by package need of a record, without decoding it.
struct RecordSummary: Sendable, Hashable {
    struct Package: Sendable, Hashable {
        var ecosystem: String?
        var name: String?
    }

    var id: String
    var modified: String
    var withdrawn: Bool
    /// `affected[].package` in order, so positions are `affected[]` indices.
    var packages: [Package]

    init(id: String, modified: String, withdrawn: Bool, packages: [Package]) {
        self.id = id
        self.modified = modified
        self.withdrawn = withdrawn
        self.packages = packages
    }

    init(_ record: OSVRecord) {
        self.init(id: record.id, modified: record.modified, withdrawn: record.withdrawn != nil,
                  packages: record.affected.map { Package(ecosystem: $0.ecosystem, name: $0.name) })
    }
}

private struct IndexWriter {
    var bytes: [UInt8] = []

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func text(_ value: String) {
        let utf8 = Array(value.utf8)
        u32(UInt32(utf8.count))
        bytes += utf8
    }

    mutating func optionalText(_ value: String?) {
        guard let value else { bytes.append(0); return }
        bytes.append(1)
        text(value)
    }
}

/// Reads what ``IndexWriter`` wrote; every read is bounds-checked and nil past the end.
private struct IndexCursor {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, count <= bytes.count - position else { return nil }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func u32() -> UInt32? {
        guard bytes.count - position >= 4 else { return nil }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[position + index]) << (8 * UInt32(index)) }
        position += 4
        return value
    }

    mutating func u64() -> UInt64? {
        guard bytes.count - position >= 8 else { return nil }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return value
    }

    mutating func text() -> String? {
        guard let count = u32(), Int(count) <= bytes.count - position else { return nil }
        defer { position += Int(count) }
        return String(validating: bytes[position..<(position + Int(count))], as: UTF8.self)
    }

    /// `.some(nil)` for an absent text, nil for a malformed one.
    mutating func optionalText() -> String?? {
        guard let flag = take(1) else { return nil }
        switch flag[0] {
        case 0: return .some(nil)
        case 1: return text().map { .some($0) }
        default: return nil
        }
    }
}
