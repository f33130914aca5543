import Foundation

/// What a finished process wrote and how it exited.
public struct CommandResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public let stdoutBytes: [UInt8]
}

/// Runs programs for tests: the built `vouch` binary and peer tools.
public enum CommandRunner {
    /// The `vouch` binary built beside the test bundle (same build folder), or `$VOUCH_BINARY`.
    public static var vouchPath: String {
        if let override = ProcessInfo.processInfo.environment["VOUCH_BINARY"] { return override }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        // The test executable sits in <build>/debug/ or in <build>/debug/X.xctest/...; walk up to `vouch`.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("vouch").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return Fixtures.repositoryRoot.appendingPathComponent(".build/debug/vouch").path
    }

    /// Runs `vouch` with `arguments`. Unless the caller names one, `XDG_CACHE_HOME` is a directory of this test
    /// process's own: the rule cache and the registry's blob-location cache then never read or write the
    /// machine's `~/.cache/vouch`, and what one test run remembers cannot change another's requests.
    public static func vouch(_ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String] = [:], in directory: String? = nil) throws -> CommandResult {
        let isolated = ["XDG_CACHE_HOME": testCacheDirectory].merging(environment) { $1 }
        return try run(vouchPath, arguments, stdin: stdin, environment: isolated, in: directory)
    }

    /// The cache directory `vouch(...)` gives the binary: one per test process, under the temporary directory.
    public static let testCacheDirectory: String = {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("vouch-test-cache-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Runs `executable` with `arguments`, feeding `stdin`, and waits for it.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        stdin: [UInt8]? = nil,
        environment: [String: String] = [:],
        in directory: String? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        // Drain both pipes concurrently so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = output.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = errors.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if let stdin { try input.fileHandleForWriting.write(contentsOf: Data(stdin)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self),
            stdoutBytes: [UInt8](outData)
        )
    }

    /// Runs a shell command line with `bash -c` (for tests that build inputs with system tools).
    public static func shell(_ script: String, in directory: String? = nil) throws -> CommandResult {
        try run("/bin/bash", ["-c", "set -euo pipefail; " + script], in: directory)
    }
}
