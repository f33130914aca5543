import Foundation
import VouchCore

/// What `vouch attest --type vuln` requires of its predicate: cosign's vulnerability scan predicate
/// (sigstore/cosign `specs/COSIGN_VULN_ATTESTATION_SPEC.md`, type `https://cosign.sigstore.dev/attestation/vuln/v1`)
/// in the shape cosign decodes it into (`pkg/cosign/attestation.CosignVulnPredicate`): `invocation`
/// (`parameters`, `uri`, `event_id`, `builder.id`), `scanner` (`uri`, `version`, `db{uri, version}`,
/// `result`) and `metadata` (`scanStartedOn`, `scanFinishedOn`, RFC 3339 times, which the spec requires).
///
/// cosign itself accepts any JSON object here and re-encodes only those fields, so a scanner's plain
/// report attested as `vuln` silently becomes an empty predicate. Vouch embeds the predicate byte for byte
/// instead, and so refuses what cosign would empty: a missing `scanner.result` or `metadata`, a field of
/// the wrong type, a time that is not RFC 3339, and Vouch's own `--format json` report, which belongs in
/// `scanner.result` (`vouch vuln scan --format cosign-vuln` writes the whole predicate, as trivy's
/// `--format cosign-vuln` does).
enum CosignVulnPredicate {
    static let predicateType = "https://cosign.sigstore.dev/attestation/vuln/v1"

    static func check(_ predicate: JSONValue) throws(VouchError) {
        if predicate["scanner"] == nil, predicate["schemaVersion"] != nil, predicate["findings"] != nil {
            throw predicate.error("this is a Vouch vulnerability report, not cosign's vuln predicate; write the predicate with "
                                  + "'vouch vuln scan --format cosign-vuln' (the report goes in its scanner.result)")
        }
        if let invocation = try predicate.optionalMember("invocation") {
            _ = try invocation.expect(.object)
            for key in ["uri", "event_id", "builder.id"] { _ = try invocation.optionalString(key) }
        }
        let scanner = try predicate.member("scanner").expect(.object)
        for key in ["uri", "version"] { _ = try scanner.optionalString(key) }
        if let database = try scanner.optionalMember("db") {
            _ = try database.expect(.object)
            for key in ["uri", "version"] { _ = try database.optionalString(key) }
        }
        _ = try scanner.member("result")
        let metadata = try predicate.member("metadata").expect(.object)
        for key in ["scanStartedOn", "scanFinishedOn"] {
            let time = try metadata.member(key)
            guard isRFC3339(try time.stringValue()) else { throw time.error("expected an RFC 3339 time (2026-01-02T03:04:05Z), found \"\(time.string ?? "")\"") }
        }
    }

    /// RFC 3339 `date-time`, with or without fractional seconds, as Go's `time.Time` reads it.
    static func isRFC3339(_ text: String) -> Bool {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) != nil || fractional.date(from: text) != nil
    }
}
