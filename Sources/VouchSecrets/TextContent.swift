#if canImport(Glibc)
import Glibc
#endif

/// What a file's bytes are, for scanning: text as it is, UTF-16 text to transcode first, or binary.
///
/// One NUL byte does not make a file binary (git's test): a config with a stray NUL, or a log with
/// padding, is still mostly text and can hold a token. A file is binary when it starts with the magic
/// number of a common binary format, or when more than ``maximumControlShare`` of its first
/// ``sampleBytes`` are control characters other than tab, newline, carriage return, form feed and escape.
enum TextContent: Equatable {
    case text
    case utf16(bigEndian: Bool, bomBytes: Int)
    case binary

    static let sampleBytes = 8000
    /// The share of control bytes (per mille) above which a sample is binary: 10%.
    static let maximumControlShare = 100

    /// Magic numbers of binary formats that can be mostly printable in their first kilobytes.
    private static let binaryMagics: [[UInt8]] = [
        [0x7F, 0x45, 0x4C, 0x46],  // ELF
        [0x89, 0x50, 0x4E, 0x47],  // PNG
        [0xFF, 0xD8, 0xFF],  // JPEG
        [0x47, 0x49, 0x46, 0x38],  // GIF
        [0x1F, 0x8B],  // gzip
        [0x28, 0xB5, 0x2F, 0xFD],  // zstd
        [0x50, 0x4B, 0x03, 0x04],  // zip, jar, wheel
        [0xCA, 0xFE, 0xBA, 0xBE],  // Java class, Mach-O fat
        [0xCF, 0xFA, 0xED, 0xFE],  // Mach-O 64
        [0x00, 0x61, 0x73, 0x6D],  // WebAssembly
        Array("SQLite format 3".utf8) + [0],
    ]

    static func classify(_ bytes: UnsafeRawBufferPointer) -> TextContent {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return .text }
        if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE { return .utf16(bigEndian: false, bomBytes: 2) }
        if bytes.count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF { return .utf16(bigEndian: true, bomBytes: 2) }
        for magic in binaryMagics where bytes.count >= magic.count && bytes.starts(with: magic) { return .binary }
        let sample = min(bytes.count, sampleBytes)
        guard memchr(base, 0, sample) != nil else { return .text }
        var control = 0
        var evenNULs = 0
        var oddNULs = 0
        for index in 0..<sample {
            let byte = bytes[index]
            if byte == 0 {
                if index & 1 == 0 { evenNULs += 1 } else { oddNULs += 1 }
            }
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C && byte != 0x1B || byte == 0x7F { control += 1 }
        }
        // UTF-16 without a byte-order mark: ASCII text puts a NUL in every other byte, on one side only.
        let pairs = sample / 2
        if pairs >= 4 {
            if oddNULs * 10 >= pairs * 9 && evenNULs * 20 <= pairs { return .utf16(bigEndian: false, bomBytes: 0) }
            if evenNULs * 10 >= pairs * 9 && oddNULs * 20 <= pairs { return .utf16(bigEndian: true, bomBytes: 0) }
        }
        return control * 1000 > sample * maximumControlShare ? .binary : .text
    }

    /// UTF-16 (after the byte-order mark) as UTF-8; unpaired surrogates become U+FFFD.
    static func transcodeUTF16(_ bytes: UnsafeRawBufferPointer, bigEndian: Bool, bomBytes: Int) -> [UInt8] {
        let units = (bytes.count - bomBytes) / 2
        var output: [UInt8] = []
        output.reserveCapacity(units + units / 4)
        var iterator = UTF16UnitIterator(bytes: bytes, offset: bomBytes, count: units, bigEndian: bigEndian)
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): UTF8.encode(scalar) { output.append($0) }
            case .error: UTF8.encode("\u{FFFD}") { output.append($0) }
            case .emptyInput: break loop
            }
        }
        return output
    }

    private struct UTF16UnitIterator: IteratorProtocol {
        let bytes: UnsafeRawBufferPointer
        var offset: Int
        let end: Int
        let bigEndian: Bool

        init(bytes: UnsafeRawBufferPointer, offset: Int, count: Int, bigEndian: Bool) {
            self.bytes = bytes
            self.offset = offset
            end = offset + 2 * count
            self.bigEndian = bigEndian
        }

        mutating func next() -> UInt16? {
            guard offset < end else { return nil }
            let first = UInt16(bytes[offset]), second = UInt16(bytes[offset + 1])
            offset += 2
            return bigEndian ? first << 8 | second : second << 8 | first
        }
    }
}
