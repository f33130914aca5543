#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where Vouch keeps what it can always make again (compiled secret-rule databases, indexes of vulnerability
/// export zips, where registries hold blobs): `$XDG_CACHE_HOME/vouch`, else `$HOME/.cache/vouch` (XDG Base
/// Directory Specification); nil when neither is set. Every cache picks its directory here.
public enum UserCacheDirectory {
    /// The directory, from `environment` (nil: the process environment).
    public static func path(environment: [String: String]? = nil) -> String? {
        func value(_ name: String) -> String? {
            let text = environment.map { $0[name] } ?? getenv(name).map { String(cString: $0) }
            return text.flatMap { $0.isEmpty ? nil : $0 }
        }
        if let cache = value("XDG_CACHE_HOME") { return cache + "/vouch" }
        if let home = value("HOME") { return home + "/.cache/vouch" }
        return nil
    }
}
