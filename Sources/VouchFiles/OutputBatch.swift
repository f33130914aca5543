public import VouchCore

/// Several outputs of one run, written all or none: every file is first written in full to its
/// temporary file and synced, then the write-through targets (devices, FIFOs) are written, and only then
/// are the temporary files renamed into place. A file that cannot be created, a full disk, or a device
/// that refuses the bytes therefore leaves no output file written or replaced. (What a write-through
/// target already received cannot be taken back: with two of those, the first may have its bytes.)
public enum OutputBatch {
    /// One file of a batch: where, what, and the permission cap (see ``OutputFile/init(path:mode:overwrite:)``).
    public struct File: Sendable {
        public var path: String
        public var bytes: [UInt8]
        public var mode: UInt32?

        public init(path: String, bytes: [UInt8], mode: UInt32? = nil) {
            self.path = path
            self.bytes = bytes
            self.mode = mode
        }
    }

    /// Writes each file under ``OutputFile``'s rules, all or none. With `overwrite` false, an existing
    /// regular file among them is an error before anything is written.
    public static func write(_ files: [File], overwrite: Bool = true) throws(VouchError) {
        var outputs: [OutputFile] = []
        for file in files { outputs.append(try OutputFile(path: file.path, mode: file.mode, overwrite: overwrite)) }
        for (output, file) in zip(outputs, files) where output.replacesFile {
            try output.write(bytes: file.bytes)
            try output.stage()
        }
        for (output, file) in zip(outputs, files) where !output.replacesFile {
            try output.write(bytes: file.bytes)
            try output.commit()
        }
        for output in outputs where output.replacesFile { try output.commit() }
    }
}
