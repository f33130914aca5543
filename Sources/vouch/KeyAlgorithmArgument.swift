import ArgumentParser
import VouchCrypto

struct KeyAlgorithmArgument: ExpressibleByArgument {
    let value: KeyAlgorithm
    init(_ value: KeyAlgorithm) { self.value = value }
    init?(argument: String) {
        guard let value = KeyAlgorithm(name: argument) else { return nil }
        self.value = value
    }
    var defaultValueDescription: String { value.name }
    static var allValueStrings: [String] { KeyAlgorithm.generatable.map(\.name) }
}
