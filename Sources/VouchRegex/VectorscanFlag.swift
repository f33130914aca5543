import CVectorscan

/// The flag values Vouch uses, as `UInt32` (the C macros import as `Int32`).
enum VectorscanFlag {
    static let caseless = UInt32(HS_FLAG_CASELESS)
    static let singleMatch = UInt32(HS_FLAG_SINGLEMATCH)
    static let prefilter = UInt32(HS_FLAG_PREFILTER)
}
