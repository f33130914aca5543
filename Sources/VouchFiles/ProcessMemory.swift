#if canImport(CMalloc)
import CMalloc
#endif

/// Process-wide allocator settings, made once at startup by the command-line tool. Here, not in the model:
/// it is libc tuning, and VouchCore imports no C module.
public enum ProcessMemory {
    /// Keeps blocks up to 256 MiB in the heap for reuse. glibc serves every block over 128 KiB with its
    /// own mmap and unmaps it on free, so each megabyte buffer Vouch fills (an SBOM being written, an
    /// embedded SBOM, a manifest) starts on fresh pages that fault in one by one; keeping them took ~9% off
    /// `vouch sbom` of a 300-distribution venv (Benchmarks/sbom.sh). Larger blocks still get their own
    /// mapping and go back to the system when freed.
    public static func keepLargeAllocationsInHeap() {
        #if canImport(CMalloc)
        _ = _cmalloc_set_mmap_threshold(256 << 20)
        _ = _cmalloc_set_trim_threshold(256 << 20)
        #endif
    }
}
