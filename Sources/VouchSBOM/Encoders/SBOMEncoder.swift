public import VouchCore

/// Turns an ``SBOMDocument`` into one format's bytes. One encoder per format, all in ``SBOMEncoders/all``.
public protocol SBOMEncoder: Sendable {
    var format: SBOMFormat { get }
    /// The document as UTF-8 bytes, ending in a newline.
    func encode(_ document: SBOMDocument, options: SBOMEncodingOptions) throws(VouchError) -> [UInt8]
}
