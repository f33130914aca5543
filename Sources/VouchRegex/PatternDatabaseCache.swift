#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchCrypto
import VouchFiles

/// The on-disk cache of compiled databases: `VOUCHHS1`, the pattern count, per pattern its maximum
/// width (`UInt32.max` for none) and a prefilter flag, then Vectorscan's serialized database (nothing
/// when the patterns hold no regex).
///
/// A file that is short, from another pattern count, or that Vectorscan will not deserialize (another
/// version or CPU) is ignored and the database is recompiled; the cache is only an accelerator.
enum PatternDatabaseCache {
    static let magic = Array("VOUCHHS1".utf8)

    static func load(_ path: String, count: Int, hasRegex: Bool) -> PatternDatabase.Compiled? {
        guard let bytes = readAll(path) else { return nil }
        return parse(bytes, count: count, hasRegex: hasRegex)
    }

    /// A database from bytes in the cache format, or nil. Without `hasRegex` there is no Vectorscan
    /// database to read (and a file that holds one is not for these patterns).
    static func parse(_ bytes: [UInt8], count: Int, hasRegex: Bool) -> PatternDatabase.Compiled? {
        guard bytes.count >= 12 + 5 * count, Array(bytes[0..<8]) == magic else { return nil }
        guard readUInt32(bytes, at: 8) == UInt32(count) else { return nil }
        var widths: [Int?] = []
        var prefiltered: [Int] = []
        var offset = 12
        for index in 0..<count {
            let width = readUInt32(bytes, at: offset)
            widths.append(width == UInt32.max ? nil : Int(width))
            if bytes[offset + 4] != 0 { prefiltered.append(index) }
            offset += 5
        }
        if !hasRegex { return offset == bytes.count ? PatternDatabase.Compiled(database: nil, widths: widths, prefiltered: prefiltered) : nil }
        guard let database = VectorscanDatabase.deserialize(bytes[offset...]) else { return nil }
        return PatternDatabase.Compiled(database: database, widths: widths, prefiltered: prefiltered)
    }

    /// The cache format of a compiled database.
    static func serialize(_ compiled: PatternDatabase.Compiled) -> [UInt8]? {
        var serialized: [UInt8] = []
        if let database = compiled.database {
            guard let bytes = database.serialized() else { return nil }
            serialized = bytes
        }
        var bytes = magic
        appendUInt32(&bytes, UInt32(compiled.widths.count))
        let prefiltered = Set(compiled.prefiltered)
        for (index, width) in compiled.widths.enumerated() {
            appendUInt32(&bytes, width.map { UInt32(clamping: $0) } ?? UInt32.max)
            bytes.append(prefiltered.contains(index) ? 1 : 0)
        }
        return bytes + serialized
    }

    /// Writes the cache file through a temporary file and a rename, so readers never see half a file.
    /// Failing to write the cache is not an error (the next run compiles again); the reason is returned
    /// so the caller can say so once.
    static func store(_ compiled: PatternDatabase.Compiled, to path: String, directory: String) -> String? {
        guard let bytes = serialize(compiled) else { return "Vectorscan could not serialize the database" }
        makeDirectories(directory)
        do { try OutputFile.write(bytes, to: path, overwrite: true) } catch { return error.reason }
        return nil
    }

    private static func makeDirectories(_ path: String) {
        var prefix = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            prefix += prefix.isEmpty && component.isEmpty ? "/" : (prefix.hasSuffix("/") || prefix.isEmpty ? "" : "/") + component
            if !prefix.isEmpty { mkdir(prefix, 0o755) }
        }
    }

    private static func readAll(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return try? FileDescriptorIO.readToEnd(descriptor, path: path)
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    private static func appendUInt32(_ bytes: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
