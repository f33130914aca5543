import ArgumentParser
import VouchCrypto

struct PrivateKeyFormatArgument: ExpressibleByArgument {
    let value: PrivateKeyFormat
    init(_ value: PrivateKeyFormat) { self.value = value }
    init?(argument: String) {
        guard let value = PrivateKeyFormat(rawValue: argument) else { return nil }
        self.value = value
    }
    var defaultValueDescription: String { value.rawValue }
    static var allValueStrings: [String] { PrivateKeyFormat.allCases.map(\.rawValue) }
}
