#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import VouchCore

/// One output of a command (`--output`, `--report`, a key file, a signature), written so that it is
/// never left half-written and never replaces something that is not a regular file:
///
/// - a regular file, or a path where nothing exists yet, is written to a temporary file made by
///   `mkstemp(3)` in the same directory, `fsync`ed and `rename`d over the target on ``commit()``;
/// - anything else (a character device such as `/dev/null` or a pty, a FIFO, `/dev/stdout`,
///   `/dev/fd/N`) is written through: opened and written, never unlinked or replaced;
/// - a symbolic link is followed to its target, which is written (the link itself stays);
/// - a new file gets `0666` (or the `mode` asked for) minus the process umask; an existing file keeps
///   its permission bits (and owner, where the process may set it), so overwriting a `0600` report keeps
///   it `0600`.
///
/// Until ``commit()`` nothing is visible at the target; dropping the value without committing
/// (an error was thrown) removes the temporary file. ``OutputBatch`` commits several outputs together.
public final class OutputFile {
    /// The path as the user gave it, for messages.
    public let displayName: String
    private let destination: OutputDestination
    private let requestedMode: UInt32?
    private var descriptor: Int32 = -1
    private var temporaryPath: String?
    private var buffer: [UInt8] = []
    private var finished = false

    /// Standard output (descriptor 1), written through.
    public static func standardOutput() -> OutputFile {
        OutputFile(destination: .descriptor(STDOUT_FILENO), displayName: StandardOutput.displayName)
    }

    private init(destination: OutputDestination, displayName: String) {
        self.destination = destination
        self.displayName = displayName
        requestedMode = nil
        if case .descriptor(let number) = destination { descriptor = number }
    }

    /// Prepares an output at `path`. `mode` caps the permission bits (a private key asks for `0o600`); nil
    /// means `0o666` for a new file, the existing bits for a file being replaced. With `overwrite` false,
    /// an existing regular file is an error (write-through targets are not files being replaced).
    public init(path: String, mode: UInt32? = nil, overwrite: Bool = true) throws(VouchError) {
        displayName = path
        requestedMode = mode
        destination = try OutputDestination.resolve(path)
        switch destination {
        case .descriptor(let number):
            descriptor = number
        case .writeThrough:
            break  // opened on the first write: opening a FIFO waits for its reader
        case .replace(let target, let existing):
            if existing != nil, !overwrite {
                throw VouchError(.invalidArgument, "already exists; pass --force to overwrite it", path: path)
            }
            try createTemporary(beside: target, existing: existing)
        }
    }

    deinit { if !finished { abandon() } }

    /// Whether the target is replaced on commit (false: written through as it is written).
    public var replacesFile: Bool {
        if case .replace = destination { return true }
        return false
    }

    /// Whether the output is a terminal (text reports use colour then).
    public var isTerminal: Bool {
        if case .writeThrough = destination, descriptor < 0 { try? openWriteThrough() }
        return descriptor >= 0 && isatty(descriptor) == 1
    }

    /// Appends `text` as UTF-8.
    public func write(_ text: String) throws(VouchError) {
        buffer += text.utf8
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Appends `bytes`.
    public func write(bytes: some Sequence<UInt8>) throws(VouchError) {
        buffer += bytes
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes what is buffered to the temporary file (or through to the target).
    public func flush() throws(VouchError) {
        guard !buffer.isEmpty else { return }
        if descriptor < 0 { try openWriteThrough() }
        try FileDescriptorIO.writeAll(descriptor, buffer, path: displayName)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and syncs a temporary file to disk, so ``commit()`` has only the rename left to do.
    public func stage() throws(VouchError) {
        try flush()
        guard temporaryPath != nil else { return }
        guard fsync(descriptor) == 0 || errno == EINVAL else {
            throw VouchError.system(errno: errno, operation: "fsync", path: displayName)
        }
    }

    /// Makes the output visible: renames the temporary file over the target, or finishes writing through.
    public func commit() throws(VouchError) {
        try stage()
        finished = true
        switch destination {
        case .descriptor:
            return
        case .writeThrough:
            if descriptor >= 0, close(descriptor) != 0, errno != EINTR {
                throw VouchError.system(errno: errno, operation: "close", path: displayName)
            }
            descriptor = -1
        case .replace(let target, _):
            guard let temporaryPath else { return }
            let closed = close(descriptor)
            let closeError = errno
            descriptor = -1
            guard closed == 0 || closeError == EINTR else {
                unlink(temporaryPath)
                throw VouchError.system(errno: closeError, operation: "close", path: displayName)
            }
            guard rename(temporaryPath, target) == 0 else {
                let code = errno
                unlink(temporaryPath)
                throw VouchError.system(errno: code, operation: "rename", path: displayName)
            }
            self.temporaryPath = nil
            Self.syncDirectory(of: target)
        }
    }

    /// Drops the output: a temporary file is removed and the target is left as it was. (Bytes already
    /// written through to a device or FIFO cannot be taken back.)
    public func abandon() {
        finished = true
        buffer.removeAll()
        switch destination {
        case .descriptor:
            return
        case .writeThrough, .replace:
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
            if let temporaryPath { unlink(temporaryPath) }
            temporaryPath = nil
        }
    }

    /// Writes `bytes` to `path` whole or not at all (see the type's rules).
    public static func write(_ bytes: [UInt8], to path: String, mode: UInt32? = nil, overwrite: Bool = true) throws(VouchError) {
        let output = try OutputFile(path: path, mode: mode, overwrite: overwrite)
        try output.write(bytes: bytes)
        try output.commit()
    }

    private func openWriteThrough() throws(VouchError) {
        guard case .writeThrough(let path) = destination else { return }
        let opened = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        guard opened >= 0 else { throw VouchError.system(errno: errno, operation: "open", path: displayName) }
        descriptor = opened
    }

    private func createTemporary(beside target: String, existing: stat?) throws(VouchError) {
        let slash = target.utf8.lastIndex(of: UInt8(ascii: "/"))
        let directory = slash.map { String(target[..<$0]) } ?? "."
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        var template = Array(((directory.isEmpty ? "/" : directory) + "/." + name + ".vouch-XXXXXX").utf8CString)
        let opened = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard opened >= 0 else {
            let code = errno
            if code == ENOENT {
                throw VouchError(.fileNotFound, "cannot create the file: directory \(directory) does not exist", path: displayName)
            }
            throw VouchError.system(errno: code, operation: "create a temporary file beside", path: displayName)
        }
        descriptor = opened
        _ = fcntl(opened, F_SETFD, FD_CLOEXEC)  // no child process (git, a peer tool) inherits it
        temporaryPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let mode: mode_t
        if let existing {
            mode = existing.st_mode & 0o7777 & mode_t(requestedMode ?? 0o7777)
            if existing.st_uid != geteuid() || existing.st_gid != getegid() {
                _ = fchown(opened, existing.st_uid, existing.st_gid)  // best effort: only root may give files away
            }
        } else {
            mode = mode_t(requestedMode ?? 0o666) & ~ProcessUmask.current
        }
        guard fchmod(opened, mode) == 0 else {
            throw VouchError.system(errno: errno, operation: "chmod", path: displayName)
        }
    }

    /// Makes the rename durable; a failure here cannot undo the rename, so it is not reported.
    private static func syncDirectory(of path: String) {
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let handle = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard handle >= 0 else { return }
        _ = fsync(handle)
        close(handle)
    }
}
