#if canImport(Glibc)
import Glibc
#endif

extension PythonInterpreter {
    /// This machine's `uname -m`: the `platform_machine` a directory source's markers default to.
    public static var hostMachine: String {
        var info = utsname()
        guard uname(&info) == 0 else { return "x86_64" }
        return withUnsafeBytes(of: info.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
