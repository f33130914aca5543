import Foundation
import Testing
import VouchCore
import VouchFiles
import VouchTestSupport

@Suite("VouchFiles: output files, batches, descriptor I/O")
struct OutputFileTests {
    @Test("nothing appears at the target until commit; abandoning leaves no file and no temporary")
    func invisibleUntilCommit() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/out.txt"
        do {
            let output = try OutputFile(path: path)
            try output.write("hello")
            try output.stage()
            #expect(!FileManager.default.fileExists(atPath: path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        try OutputFile.write(Array("hello".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello")
    }

    @Test("overwrite false refuses an existing file before writing anything")
    func refusesExisting() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("key.pub", "old")
        #expect(throws: VouchError.self) { try OutputFile.write(Array("new".utf8), to: path, overwrite: false) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
    }

    @Test("a mode cap applies to new and existing files: a private key is never wider than 0600")
    func modeCap() throws {
        let directory = try TemporaryDirectory()
        let existing = try directory.write("a.key", "old")
        #expect(chmod(existing, 0o644) == 0)
        try OutputFile.write(Array("new".utf8), to: existing, mode: 0o600)
        var status = stat()
        #expect(stat(existing, &status) == 0 && status.st_mode & 0o777 == 0o600)
    }

    @Test("a directory as output is refused with a message naming it")
    func directoryRefused() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: VouchError.self) { try OutputFile.write([1], to: directory.path) }
    }

    @Test("a batch whose second file cannot be created writes neither")
    func batchAllOrNone() throws {
        let directory = try TemporaryDirectory()
        let first = directory.path + "/a"
        #expect(throws: VouchError.self) {
            try OutputBatch.write([
                OutputBatch.File(path: first, bytes: [1]),
                OutputBatch.File(path: directory.path + "/missing/b", bytes: [2]),
            ])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("writeAll and readToEnd move every byte through a pipe")
    func pipeRoundTrip() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let bytes = (0..<50_000).map { UInt8(truncatingIfNeeded: $0) }
        try FileDescriptorIO.writeAll(ends[1], bytes, path: "pipe")
        close(ends[1])
        #expect(try FileDescriptorIO.readToEnd(ends[0], path: "pipe") == bytes)
        close(ends[0])
    }

    @Test("a scratch file reads back what was written and has no name on disk")
    func scratchFile() throws {
        let scratch = try ScratchFile()
        try scratch.write("one ")
        try scratch.write("two")
        var read: [UInt8] = []
        try scratch.readBack { read += $0 }
        #expect(String(decoding: read, as: UTF8.self) == "one two")
    }
}
