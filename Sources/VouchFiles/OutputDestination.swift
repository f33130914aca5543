#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VouchCore

/// What an output path leads to, decided before anything is written.
enum OutputDestination {
    /// A descriptor this process already has open (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`):
    /// written directly, so the shell's redirection (its offset, `>>` appending) is respected.
    case descriptor(Int32)
    /// Not a regular file (a device, a FIFO, a socket): opened and written, never replaced.
    case writeThrough(String)
    /// A regular file, or nothing yet, at `target` (symbolic links resolved): replaced atomically.
    case replace(target: String, existing: stat?)

    /// The most symbolic links followed for a path that does not exist yet (Linux's own limit).
    static let maxSymlinkHops = 40

    static func resolve(_ path: String) throws(VouchError) -> OutputDestination {
        guard !path.isEmpty else { throw VouchError(.invalidArgument, "an output path is empty", path: path) }
        if let number = descriptorAlias(path) {
            guard fcntl(number, F_GETFD) >= 0 else {
                throw VouchError(.invalidArgument, "descriptor \(number) is not open", path: path)
            }
            return .descriptor(number)
        }
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                guard let resolved = realpath(path, nil) else {
                    throw VouchError.system(errno: errno, operation: "resolve", path: path)
                }
                defer { free(resolved) }
                return .replace(target: String(cString: resolved), existing: status)
            case S_IFDIR:
                throw VouchError(.invalidArgument, "is a directory; give a file path for the output", path: path)
            default:
                return .writeThrough(path)
            }
        }
        guard errno == ENOENT else { throw VouchError.system(errno: errno, operation: "stat", path: path) }
        return .replace(target: try danglingTarget(path), existing: nil)
    }

    /// The descriptor a path names when it is one of the kernel's descriptor links.
    static func descriptorAlias(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            return Int32(path.dropFirst(prefix.count))
        }
        return nil
    }

    /// Where a file will be created for `path`, which does not exist: `path` itself, or, when it is a
    /// symbolic link to a missing file (a dangling link), the end of the link chain, so the link stays.
    private static func danglingTarget(_ path: String) throws(VouchError) -> String {
        var current = path
        for _ in 0..<maxSymlinkHops {
            var status = stat()
            guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &target, Int(PATH_MAX))
            guard length > 0 else { throw VouchError.system(errno: errno, operation: "readlink", path: path) }
            let link = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("/") {
                current = link
            } else if let slash = current.utf8.lastIndex(of: UInt8(ascii: "/")) {
                current = String(current[...slash]) + link
            } else {
                current = link
            }
        }
        throw VouchError(
            .limitExceeded, "more than \(maxSymlinkHops) symbolic links (maxSymlinkHops) lead to the output", path: path)
    }
}

/// The process's file-creation mask, read without changing it.
enum ProcessUmask {
    static var current: mode_t {
        #if os(Linux)
        // /proc/self/status has an "Umask:" line (Linux 4.7+); reading it leaves the mask alone, where the
        // umask(2) read-and-restore dance would briefly change it for every thread of the process.
        let descriptor = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
        if descriptor >= 0 {
            defer { close(descriptor) }
            if let bytes = try? FileDescriptorIO.readToEnd(descriptor, path: "/proc/self/status") {
                for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("Umask:") {
                    if let mask = mode_t(line.dropFirst("Umask:".count).trimmingPrefix(while: { $0 == "\t" || $0 == " " }), radix: 8) {
                        return mask
                    }
                }
            }
        }
        #endif
        let mask = umask(0o022)
        umask(mask)
        return mask
    }
}
