#if canImport(Glibc)
import Glibc
#endif
import VouchCore

/// One fuzz target: a name (also its corpus folder, `Fuzz/Corpus/<name>/`), the dictionary it uses, and
/// the function that runs one input and checks the properties that must hold for it.
struct FuzzTarget: Sendable {
    var name: String
    /// A file in `Fuzz/Dictionaries/` without `.dict`, or nil.
    var dictionary: String?
    /// Runs once before the first input (loads keys, builds the signed original).
    var prepare: @Sendable () -> Void = {}
    var run: @Sendable ([UInt8]) -> Void
}

/// A property that failed: printed, then the process aborts so libFuzzer saves the input as a crash.
func require(_ condition: Bool, _ message: @autoclosure () -> String, fileID: String = #fileID, line: Int = #line) {
    guard !condition else { return }
    printError("vouch-fuzz: property violated at \(fileID):\(line): \(message())\n")
    abort()
}

/// Every error Vouch throws on bad input says what is wrong; when the input is a named file, the error
/// names it; an error about a limit carries the limit's name, value and the value found.
func requireWellFormed(_ error: VouchError, file: String?, fileID: String = #fileID, line: Int = #line) {
    require(!error.reason.isEmpty, "an error without a reason: \(error)", fileID: fileID, line: line)
    if let file {
        require(error.path?.isEmpty == false, "an error about '\(file)' that names no file: \(error.reason) [\(error.sourceLocation)]",
                fileID: fileID, line: line)
    }
    if error.code == .limitExceeded {
        require(error.limit.map { !$0.name.isEmpty } == true, "a limit error without the limit: \(error) [\(error.sourceLocation)]",
                fileID: fileID, line: line)
    }
}

/// The input as text, for parsers that take a String (invalid UTF-8 replaced, as a reader of the file would).
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// Where the repository's fixtures are, found from this file's path (the fuzzer runs where it was built).
enum Repository {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)  // Fuzz/Sources/VouchFuzz/FuzzTarget.swift
        return parts.joined(separator: "/")
    }()

    /// The shared test data (`../shared`, next to the checkout or a few levels up, as the tests find it).
    static let shared: String? = {
        var prefix = root
        for _ in 0..<3 {
            prefix += "/.."
            if access(prefix + "/shared/vulndb/README.md", F_OK) == 0 { return prefix + "/shared" }
        }
        return nil
    }()

    /// A file of the shared test data, or nil when it is not there.
    static func readShared(_ relativePath: String) -> [UInt8]? {
        shared.flatMap { read($0 + "/" + relativePath, absolute: true) }
    }

    static func read(_ relativePath: String, absolute: Bool = false) -> [UInt8]? {
        let path = absolute ? relativePath : root + "/" + relativePath
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return bytes
    }
}

/// A scratch directory of this process, for targets whose reader takes a path.
enum Scratch {
    static let directory: String = {
        var template = Array("/tmp/vouch-fuzz-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("vouch-fuzz: mkdtemp failed") }
        let path = String(cString: made)
        atexit { _ = system("rm -rf '\(Scratch.directory)'") }
        return path
    }()

    /// Writes `bytes` to `name` in the scratch directory and returns the path.
    static func write(_ bytes: [UInt8], as name: String) -> String {
        let path = directory + "/" + name
        guard let file = fopen(path, "wb") else { fatalError("vouch-fuzz: cannot write \(path)") }
        if !bytes.isEmpty { _ = fwrite(bytes, 1, bytes.count, file) }
        fclose(file)
        return path
    }
}

/// Writes `message` to standard error (file descriptor 2: no shared `FILE`, nothing buffered before an abort).
func printError(_ message: String) {
    var message = message
    message.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
