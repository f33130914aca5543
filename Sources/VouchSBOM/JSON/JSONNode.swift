public import VouchCore

/// A value in a parsed JSON document: the SBOM reader's name for VouchCore's one strict JSON reader
/// (duplicate keys refused, UTF-8 checked, limits enforced while parsing, errors naming the JSON path).
public typealias JSONNode = JSONValue
