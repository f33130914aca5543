#if canImport(Glibc)
import Glibc
#endif

/// Line numbers of byte offsets: the offsets of every newline, found once with memchr(3), then a
/// binary search per question. Built only for files that have matches.
struct LineIndex {
    private let bytes: UnsafeRawBufferPointer
    private var newlineOffsets: [Int] = []

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        var offset = 0
        let base = bytes.baseAddress!
        while offset < bytes.count, let found = memchr(base + offset, 0x0A, bytes.count - offset) {
            let position = base.distance(to: UnsafeRawPointer(found))
            newlineOffsets.append(position)
            offset = position + 1
        }
    }

    /// 1-based line of the byte at `offset`.
    func lineNumber(of offset: Int) -> Int {
        var low = 0, high = newlineOffsets.count
        while low < high {
            let middle = (low + high) / 2
            if newlineOffsets[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return low + 1
    }

    /// The byte range of the line holding `offset`, without its newline.
    func lineRange(containing offset: Int) -> Range<Int> {
        let line = lineNumber(of: offset)
        let start = line >= 2 ? newlineOffsets[line - 2] + 1 : 0
        let end = line - 1 < newlineOffsets.count ? newlineOffsets[line - 1] : bytes.count
        return start..<max(start, end)
    }
}
