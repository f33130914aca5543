#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import VouchCore
import VouchArchive
import VouchFiles

/// Unpacks the OCI layout inside a tar (an oci-archive, or a `docker save` of Docker 25+) into a new
/// directory, so an image given as a tar can be signed without modifying the tar.
///
/// Only the layout's own files are written: `oci-layout`, `index.json` and `blobs/<algorithm>/<hex>` whose
/// name parses as a digest; links, devices and unsafe paths are skipped. The directory appears only when
/// complete (built beside the target, then renamed).
public enum OCILayoutExtraction {
    public static func extract(tarPath: String, into output: String) throws(VouchError) {
        guard !FileManager.default.fileExists(atPath: output) else {
            throw VouchError(.invalidArgument, "already exists; --output must name a new directory", path: output)
        }
        let parent = (output as NSString).deletingLastPathComponent
        let staging = (parent.isEmpty ? "." : parent) + "/.vouch-layout-\(UUID().uuidString)"
        guard mkdir(staging, 0o755) == 0 else { throw VouchError.system(errno: errno, operation: "mkdir", path: staging) }
        var committed = false
        defer { if !committed { try? FileManager.default.removeItem(atPath: staging) } }

        let reader = try TarReader(source: try FileByteSource(path: tarPath), name: tarPath)
        var sawIndex = false, sawMarker = false
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while let entry = try reader.next() {
            guard entry.type == .regular, entry.safetyIssues.isEmpty, let relative = layoutPath(entry.normalizedPath) else { continue }
            if relative == "index.json" { sawIndex = true }
            if relative == "oci-layout" { sawMarker = true }
            let destination = staging + "/" + relative
            try? FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let descriptor = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw VouchError.system(errno: errno, operation: "create", path: destination) }
            defer { close(descriptor) }
            while true {
                let count = try reader.readContent(into: buffer)
                if count == 0 { break }
                try FileDescriptorIO.writeAll(descriptor, UnsafeRawBufferPointer(rebasing: buffer[..<count]), path: destination)
            }
        }
        guard sawIndex, sawMarker else {
            throw VouchError(
                .unsupportedInput,
                "the tar holds no OCI layout (oci-layout and index.json); for a Docker 24 or older docker-save archive use 'skopeo copy docker-archive:FILE oci:DIR'",
                path: tarPath)
        }
        guard rename(staging, output) == 0 else { throw VouchError.system(errno: errno, operation: "rename", path: output) }
        committed = true
    }

    /// The entry's path inside the layout when it is one of the layout's files, else nil.
    static func layoutPath(_ path: String) -> String? {
        let trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        if trimmed == "index.json" || trimmed == "oci-layout" { return trimmed }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "blobs", (try? Digest(parsing: "\(parts[1]):\(parts[2])")) != nil else { return nil }
        return trimmed
    }
}
