/// A whiteout marker's meaning (OCI image-spec layer.md, "Whiteouts"): `.wh.<name>` removes `<name>`
/// from lower layers; `.wh..wh..opq` makes its directory opaque (hides every lower entry in it).
enum Whiteout: Hashable {
    case remove(String)
    case opaque
    /// A `.wh.` name that cannot be honoured safely.
    case invalid(String)
    /// Other `.wh..wh.` names are aufs metadata (hard-link directories); reported, not applied.
    case unsupported(String)

    static let prefix = ".wh."
    static let opaqueMarker = ".wh..wh..opq"

    /// The meaning of a base name that starts with `.wh.`.
    init(name: String) {
        if name == Self.opaqueMarker {
            self = .opaque
            return
        }
        let target = String(name.dropFirst(Self.prefix.count))
        if target.isEmpty {
            self = .invalid("no name after '.wh.'")
        } else if target == "." || target == ".." {
            self = .invalid("whiteout of '\(target)'")
        } else if target.hasPrefix(Self.prefix) {
            self = .unsupported("aufs metadata '\(name)' ignored")
        } else {
            self = .remove(target)
        }
    }
}
