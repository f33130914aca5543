#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchCrypto
import VouchFiles

/// The on-disk cache of compiled databases: `VOUCHHS1`, the pattern count, per pattern its maximum
/// width (`UInt32.max` for none) and a prefilter flag, then Vectorscan's serialized database.
///
/// A file that is short, from another pattern count, or that Vectorscan will not deserialize (another
/// version or CPU) is ignored and the database is recompiled; the cache is only an accelerator.
enum PatternDatabaseCache {
    static let magic = Array("VOUCHHS1".utf8)

    static func load(_ path: String, count: Int) -> PatternDatabase.Compiled? {
        guard let bytes = readAll(path), bytes.count >= 12 + 5 * count, Array(bytes[0..<8]) == magic else { return nil }
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
        guard let database = VectorscanDatabase.deserialize(bytes[offset...]) else { return nil }
        return PatternDatabase.Compiled(database: database, widths: widths, prefiltered: prefiltered)
    }

    /// Writes the cache file through a temporary file and a rename, so readers never see half a file.
    /// Failing to write the cache is not an error: the next run compiles again.
    static func store(_ compiled: PatternDatabase.Compiled, to path: String, directory: String) {
        guard let serialized = compiled.database.serialized() else { return }
        var bytes = magic
        appendUInt32(&bytes, UInt32(compiled.widths.count))
        let prefiltered = Set(compiled.prefiltered)
        for (index, width) in compiled.widths.enumerated() {
            appendUInt32(&bytes, width.map { UInt32(clamping: $0) } ?? UInt32.max)
            bytes.append(prefiltered.contains(index) ? 1 : 0)
        }
        bytes += serialized
        makeDirectories(directory)
        try? OutputFile.write(bytes, to: path, overwrite: true)
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
