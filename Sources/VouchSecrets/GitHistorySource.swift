#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import VouchCore

/// The lines each commit added, per file, read from `git log -p -U0` streamed through a subprocess
/// (never the whole history in memory: one fragment at a time).
///
/// By default the log covers `--all` refs with `--full-history`, as gitleaks does; `logOptions`
/// replaces that (e.g. `["main~10..main"]`).
struct GitHistorySource {
    let repository: String
    let logOptions: [String]

    /// A fragment grows at most to this many bytes before it is handed on (a huge added file).
    static let maximumFragmentBytes = 8 << 20

    struct Fragment {
        var commit: CommitInfo
        var path: String
        /// The added lines, each ending in `\n`.
        var text: [UInt8]
        /// The line number in the new file of each added line.
        var lineNumbers: [Int]
    }

    func forEachFragment(_ body: (Fragment) throws(VouchError) -> Void) throws(VouchError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GitHistorySource.gitPath)
        let scope = GitHistorySource.scope(of: repository)
        process.arguments = ["-C", scope.directory, "-c", "core.quotePath=false", "log", "-p", "-U0", "--no-color", "--no-ext-diff",
                             "--no-textconv", "--format=format:\u{1e}commit %H%x1f%an%x1f%ae%x1f%aI"]
            + (logOptions.isEmpty ? ["--full-history", "--all"] : logOptions)
            + (logOptions.contains("--") ? [] : ["--", scope.pathspec])
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw VouchError(.ioFailure, "could not run git (\(GitHistorySource.gitPath)); is git installed?", path: repository)
        }
        let errorText = ErrorCollector(errors.fileHandleForReading)
        var parser = GitLogParser()
        let descriptor = output.fileHandleForReading.fileDescriptor
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var pending: [UInt8] = []
        var failure: VouchError?
        reading: while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending += chunk[0..<count]
            var lineStart = 0
            while let newline = pending[lineStart...].firstIndex(of: 0x0A) {
                do { try parser.consume(pending[lineStart..<newline], emit: body) } catch { failure = error; break reading }
                lineStart = newline + 1
            }
            pending.removeFirst(lineStart)
        }
        if failure == nil {
            do {
                if !pending.isEmpty { try parser.consume(pending[...], emit: body) }
                try parser.finish(emit: body)
            } catch { failure = error }
        }
        if failure != nil { process.terminate() }
        process.waitUntilExit()
        if let failure { throw failure }
        guard process.terminationStatus == 0 else {
            let message = errorText.text().split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw VouchError(.unsupportedInput, "git log failed: \(message)", path: repository)
        }
    }

    /// Where git runs and what it is limited to: a directory inside a work tree limits the history to
    /// that directory (`.` relative to it), a file to that file; paths in the diff stay relative to the
    /// repository's top level either way.
    static func scope(of path: String) -> (directory: String, pathspec: String) {
        var status = stat()
        if stat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFDIR {
            let directory = (path as NSString).deletingLastPathComponent
            return (directory.isEmpty ? "." : directory, ":(literal)" + (path as NSString).lastPathComponent)
        }
        return (path, ".")
    }

    /// The top level of the work tree holding `path` (`git rev-parse --show-toplevel`); nil when git
    /// cannot tell (then git log reports the problem itself).
    static func topLevel(of path: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gitPath)
        process.arguments = ["-C", scope(of: path).directory, "rev-parse", "--show-toplevel"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        return text.isEmpty ? nil : text
    }

    static var gitPath: String {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(directory)/git"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return "/usr/bin/git"
    }
}

/// Reads a pipe to its end on a background thread, so a chatty child never blocks on it.
private final class ErrorCollector: Sendable {
    private let data = Mutex(Data())
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            let read = handle.readDataToEndOfFile()
            self.data.withLock { $0 = read }
            self.done.signal()
        }
    }

    func text() -> String {
        done.wait()
        return data.withLock { String(decoding: $0, as: UTF8.self) }
    }
}

/// The state machine over `git log -p -U0` output lines.
struct GitLogParser {
    private var commit: CommitInfo?
    private var path: String?
    private var inHunk = false
    private var nextLine = 0
    private var text: [UInt8] = []
    private var lineNumbers: [Int] = []

    mutating func consume(_ line: ArraySlice<UInt8>, emit: (GitHistorySource.Fragment) throws(VouchError) -> Void) throws(VouchError) {
        guard let first = line.first else { return }
        if first == 0x1E {
            try flush(emit)
            let fields = String(decoding: line.dropFirst(), as: UTF8.self).split(separator: "\u{1f}", omittingEmptySubsequences: false).map(String.init)
            let hash = fields.first.map { $0.hasPrefix("commit ") ? String($0.dropFirst(7)) : $0 } ?? ""
            commit = CommitInfo(hash: hash, author: fields.count > 1 ? fields[1] : "", email: fields.count > 2 ? fields[2] : "", date: fields.count > 3 ? fields[3] : "")
            path = nil
            inHunk = false
            return
        }
        if line.starts(with: Array("diff --git ".utf8)) {
            try flush(emit)
            path = nil
            inHunk = false
            return
        }
        if !inHunk && line.starts(with: Array("+++ ".utf8)) {
            let name = String(decoding: line.dropFirst(4), as: UTF8.self)
            path = name == "/dev/null" ? nil : (name.hasPrefix("b/") ? String(name.dropFirst(2)) : name)
            return
        }
        if line.starts(with: Array("@@ ".utf8)) {
            inHunk = true
            nextLine = GitLogParser.newStart(line)
            return
        }
        guard inHunk, path != nil else { return }
        switch first {
        case UInt8(ascii: "+"):
            text += line.dropFirst()
            text.append(0x0A)
            lineNumbers.append(nextLine)
            nextLine += 1
            if text.count >= GitHistorySource.maximumFragmentBytes { try flush(emit) }
        case UInt8(ascii: " "):
            nextLine += 1
        default:
            break
        }
    }

    mutating func finish(emit: (GitHistorySource.Fragment) throws(VouchError) -> Void) throws(VouchError) {
        try flush(emit)
    }

    private mutating func flush(_ emit: (GitHistorySource.Fragment) throws(VouchError) -> Void) throws(VouchError) {
        defer {
            text.removeAll(keepingCapacity: true)
            lineNumbers.removeAll(keepingCapacity: true)
        }
        guard let commit, let path, !text.isEmpty else { return }
        try emit(GitHistorySource.Fragment(commit: commit, path: path, text: text, lineNumbers: lineNumbers))
    }

    /// `c` of a hunk header `@@ -a[,b] +c[,d] @@`.
    static func newStart(_ line: ArraySlice<UInt8>) -> Int {
        guard let plus = line.firstIndex(of: UInt8(ascii: "+")) else { return 1 }
        var value = 0
        var index = line.index(after: plus)
        while index < line.endIndex, line[index] >= 48, line[index] <= 57 {
            value = value * 10 + Int(line[index] - 48)
            index = line.index(after: index)
        }
        return value
    }
}
