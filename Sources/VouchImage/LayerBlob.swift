public import VouchArchive
public import VouchCore

/// Where a layer pass reads a layer's stored bytes: a file slice (a layout or tar on disk), or a stream
/// read once from its start (a registry blob being received), so the one layer verifier checks both.
enum LayerBlob: @unchecked Sendable {
    case slice(FileSlice)
    /// Read once, from one thread at a time (the pass hands it to its inflation thread).
    case stream(PeekableByteSource, name: String)

    var displayName: String {
        switch self {
        case .slice(let slice): slice.displayName
        case .stream(_, let name): name
        }
    }

    /// The first `count` bytes, which later reads still return.
    func prefix(_ count: Int) throws(VouchError) -> [UInt8] {
        switch self {
        case .slice(let slice): try slice.prefix(count)
        case .stream(let source, _): try source.peek(count)
        }
    }

    /// The bytes from the start; a stream can be opened only once.
    func open(counting counter: ByteCounter?) throws(VouchError) -> any ByteSource {
        switch self {
        case .slice(let slice): return try slice.open(counting: counter)
        case .stream(let source, _):
            source.counter = counter
            return source
        }
    }
}

/// A byte source whose first bytes can be looked at before they are read (to detect the compression of a
/// layer arriving on a stream).
public final class PeekableByteSource: ByteSource {
    private let upstream: any ByteSource
    private var pending: [UInt8] = []
    var counter: ByteCounter?

    public init(_ upstream: any ByteSource) {
        self.upstream = upstream
    }

    func peek(_ count: Int) throws(VouchError) -> [UInt8] {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        defer { scratch.deallocate() }
        while pending.count < count {
            let got = try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[..<(count - pending.count)]))
            if got == 0 { break }
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<got]))
        }
        return pending
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int {
        if !pending.isEmpty {
            let count = min(buffer.count, pending.count)
            pending.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: count) }
            pending.removeFirst(count)
            counter?.add(count)
            return count
        }
        let count = try upstream.read(into: buffer)
        counter?.add(count)
        return count
    }
}
