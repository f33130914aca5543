#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's entry points. The target is chosen once, at start, from `VOUCH_FUZZ_TARGET`:
/// `VOUCH_FUZZ_TARGET=json vouch-fuzz Fuzz/Corpus/json -dict=Fuzz/Dictionaries/json.dict`.
/// `VOUCH_FUZZ_TARGET=list` prints every target with its dictionary and exits; `VOUCH_FUZZ_TARGET=seeds`
/// writes the generated seeds (signed envelopes, encrypted keys, layouts) into `VOUCH_FUZZ_CORPUS` and exits.
nonisolated(unsafe) private var selected: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    let name = getenv("VOUCH_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    switch name {
    case "list":
        for target in FuzzTargets.all { print("\(target.name) \(target.dictionary ?? "-")") }
        exit(0)
    case "seeds":
        guard let corpus = getenv("VOUCH_FUZZ_CORPUS").map({ String(cString: $0) }) else {
            printError("vouch-fuzz: set VOUCH_FUZZ_CORPUS to the corpus root (Fuzz/Corpus)\n")
            exit(64)
        }
        GeneratedSeeds.write(to: corpus)
        exit(0)
    default:
        guard let target = FuzzTargets.all.first(where: { $0.name == name }) else {
            let names = FuzzTargets.all.map(\.name).joined(separator: " ")
            printError("vouch-fuzz: set VOUCH_FUZZ_TARGET to one of: \(names) (or list, seeds)\n")
            exit(64)
        }
        target.prepare()
        selected = target
        return 0
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = selected else { return 0 }
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    target.run(bytes)
    return 0
}

/// libFuzzer's driver, called from the executable's entry point: SwiftPM links an executable with
/// `main=vouch_fuzz_main`, so the entry point is this module's, not libFuzzer's `main`.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("vouch_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzTestOneInput(data, size) }
}
