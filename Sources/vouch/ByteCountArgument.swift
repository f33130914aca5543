import ArgumentParser

/// A size on the command line: bytes (`1048576`) or a number with a binary unit suffix, `K`, `M`, `G`
/// or `T` (also `KB`/`KiB`, ...; powers of 1024, as `du -h` and syft's `--max-file-size`-style
/// options count). Parsing never fails here so that `validate()` can say what is wrong with the
/// value (not a size, negative, too large) instead of ArgumentParser's generic message.
struct ByteCountArgument: ExpressibleByArgument, CustomStringConvertible {
    /// The text as given.
    let text: String
    /// The size in bytes, or nil if `text` is not a size; negative if it was given negative.
    let bytes: Int?

    init(argument: String) {
        text = argument
        bytes = Self.parse(argument)
    }

    init(bytes: Int) {
        text = String(bytes)
        self.bytes = bytes
    }

    var description: String { text }
    var defaultValueDescription: String { Self.format(bytes ?? 0) }

    /// The checked size in bytes for option `name`, or a usage error saying what is wrong.
    func validated(_ name: String, allowZero: Bool = false) throws -> Int {
        guard let bytes else {
            throw ValidationError("\(name): '\(text)' is not a size (give bytes, or a number with K, M, G or T, e.g. 10M).")
        }
        if bytes < 0 { throw ValidationError("\(name) must not be negative (got \(text)).") }
        if bytes == 0, !allowZero { throw ValidationError("\(name) must be positive (got \(text)).") }
        return bytes
    }

    private static func parse(_ text: String) -> Int? {
        var digits = Substring(text)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        let number = digits.prefix { $0.isASCII && $0.isNumber }
        guard !number.isEmpty, let value = Int(number) else { return nil }
        let exponents: [String: Int] = ["": 0, "B": 0, "K": 1, "KB": 1, "KIB": 1, "M": 2, "MB": 2, "MIB": 2, "G": 3, "GB": 3, "GIB": 3, "T": 4, "TB": 4, "TIB": 4]
        guard let exponent = exponents[digits.dropFirst(number.count).uppercased()] else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: 1 << (10 * exponent))
        guard !overflow else { return nil }
        return negative ? -bytes : bytes
    }

    private static func format(_ bytes: Int) -> String {
        for (exponent, unit) in [(3, "G"), (2, "M"), (1, "K")] where bytes > 0 && bytes % (1 << (10 * exponent)) == 0 {
            return "\(bytes >> (10 * exponent))\(unit)"
        }
        return String(bytes)
    }
}
