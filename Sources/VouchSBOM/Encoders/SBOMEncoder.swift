public import VouchCore

/// Turns an ``SBOMDocument`` into one format's bytes. One encoder per format, all in ``SBOMEncoders/all``.
public protocol SBOMEncoder: Sendable {
    var format: SBOMFormat { get }
    func encode(_ document: SBOMDocument, options: SBOMEncodingOptions) throws(VouchError) -> String
}
