#if canImport(Glibc)
import Glibc
#endif
import CVectorscan
import VouchCore

/// Owns one compiled Vectorscan block-mode database; scanning it is thread-safe (each thread brings
/// its own ``VectorscanScratch``).
///
/// `@unchecked Sendable`, the C-handle box exception: the handle is set once, never mutated, and freed
/// only in `deinit`; the Hyperscan API ("Scratch Space") says a database is read-only during scanning and
/// may be shared by threads, only scratch space must be per thread.
final class VectorscanDatabase: @unchecked Sendable {
    let handle: OpaquePointer

    init(takingOwnershipOf handle: OpaquePointer) { self.handle = handle }

    deinit { hs_free_database(handle) }

    /// Compiles `expressions` with per-expression `flags` and the `ids` matches report.
    /// On failure, returns the position in `expressions` of the one Vectorscan rejected and its message.
    /// With `generic`, the database is built for the baseline CPU of this architecture (no AVX2/AVX-512
    /// assumed, generic tuning), so it runs on any machine of that architecture: the embedded database.
    static func compile(_ expressions: [String], flags: [UInt32], ids: [UInt32], generic: Bool = false) -> Result<VectorscanDatabase, CompileFailure> {
        var cStrings = expressions.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var database: OpaquePointer?
        var error: UnsafeMutablePointer<hs_compile_error_t>?
        var platform = hs_platform_info_t(tune: UInt32(HS_TUNE_FAMILY_GENERIC), cpu_features: 0, reserved1: 0, reserved2: 0)
        let status = cStrings.withUnsafeMutableBufferPointer { strings in
            strings.withMemoryRebound(to: UnsafePointer<CChar>?.self) { rebound in
                withUnsafePointer(to: &platform) { target in
                    hs_compile_multi(rebound.baseAddress, flags, ids, UInt32(expressions.count), UInt32(HS_MODE_BLOCK), generic ? target : nil, &database, &error)
                }
            }
        }
        if status == HS_SUCCESS, let database {
            return .success(VectorscanDatabase(takingOwnershipOf: database))
        }
        let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "error \(status)"
        let index = error.map { Int($0.pointee.expression) } ?? -1
        if let error { hs_free_compile_error(error) }
        return .failure(CompileFailure(index: index, message: message))
    }

    /// The longest match `expression` can have, or nil if unbounded; a failure carries Vectorscan's message.
    static func maximumWidth(of expression: String, flags: UInt32) -> Result<UInt32?, CompileFailure> {
        var info: UnsafeMutablePointer<hs_expr_info_t>?
        var error: UnsafeMutablePointer<hs_compile_error_t>?
        let status = hs_expression_info(expression, flags, &info, &error)
        guard status == HS_SUCCESS, let info else {
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "error \(status)"
            if let error { hs_free_compile_error(error) }
            return .failure(CompileFailure(index: 0, message: message))
        }
        defer { free(info) }
        let width = info.pointee.max_width
        return .success(width == UInt32.max ? nil : width)
    }

    /// The database in Vectorscan's portable serialized form.
    func serialized() -> [UInt8]? {
        var bytes: UnsafeMutablePointer<CChar>?
        var length = 0
        guard hs_serialize_database(handle, &bytes, &length) == HS_SUCCESS, let bytes else { return nil }
        defer { free(bytes) }
        return [UInt8](UnsafeRawBufferPointer(start: bytes, count: length))
    }

    /// A database from serialized bytes, or nil if they are not one this library and CPU can run.
    static func deserialize(_ bytes: ArraySlice<UInt8>) -> VectorscanDatabase? {
        var database: OpaquePointer?
        let status = bytes.withUnsafeBytes { raw in
            hs_deserialize_database(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, &database)
        }
        guard status == HS_SUCCESS, let database else { return nil }
        return VectorscanDatabase(takingOwnershipOf: database)
    }

    /// The library's version string, part of the cache key.
    static var version: String { String(cString: hs_version()) }

    struct CompileFailure: Error {
        var index: Int
        var message: String
    }
}
