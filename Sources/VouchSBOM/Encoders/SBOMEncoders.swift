/// The one registry of encoders.
public enum SBOMEncoders {
    public static let all: [any SBOMEncoder] = [SPDXJSONEncoder(), SPDXTagValueEncoder(), CycloneDXJSONEncoder(), CycloneDXXMLEncoder()]

    public static func encoder(for format: SBOMFormat) -> any SBOMEncoder {
        all.first { $0.format == format }!
    }
}
