/// The fields every OCI JSON document shares, read first to learn what a blob is.
struct DocumentHeader: Decodable {
    var schemaVersion: Int?
    var mediaType: String?
    var manifests: [IgnoredValue]?
    var config: IgnoredValue?
    var layers: [IgnoredValue]?
    var fsLayers: [IgnoredValue]?
}

/// Decodes anything and keeps nothing.
struct IgnoredValue: Decodable {
    init(from decoder: any Decoder) throws {}
}

/// The `oci-layout` file (image-spec image-layout.md, "oci-layout file").
struct OCILayoutMarker: Decodable {
    var imageLayoutVersion: String
}
