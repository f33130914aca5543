import CVectorscan
import VouchCore

/// Owns one Vectorscan scratch region; one per thread.
final class VectorscanScratch {
    let handle: OpaquePointer

    init(for database: VectorscanDatabase) throws(VouchError) {
        var scratch: OpaquePointer?
        guard hs_alloc_scratch(database.handle, &scratch) == HS_SUCCESS, let scratch else {
            throw VouchError(.ioFailure, "could not allocate Vectorscan scratch space")
        }
        handle = scratch
    }

    deinit { hs_free_scratch(handle) }
}
