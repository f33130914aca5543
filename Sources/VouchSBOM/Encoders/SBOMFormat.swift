/// The formats Vouch writes, by their `--format` names.
public enum SBOMFormat: String, Hashable, Sendable, CaseIterable {
    case spdxJSON = "spdx-json"
    case spdxTagValue = "spdx-tag-value"
    case cycloneDXJSON = "cyclonedx-json"
    case cycloneDXXML = "cyclonedx-xml"
}
