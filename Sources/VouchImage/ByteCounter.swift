import Synchronization

/// Bytes read so far across threads, for progress reports.
public final class ByteCounter: Sendable {
    private let count = Atomic<Int64>(0)

    public init() {}

    public func add(_ bytes: Int) { count.wrappingAdd(Int64(bytes), ordering: .relaxed) }

    public var value: Int64 { count.load(ordering: .relaxed) }
}

/// Where a verification is: blob bytes read of the total, and layers finished.
public struct VerificationProgress: Hashable, Sendable {
    public var bytesRead: Int64
    public var totalBytes: Int64
    public var layersDone: Int
    public var layerCount: Int

    public init(bytesRead: Int64, totalBytes: Int64, layersDone: Int, layerCount: Int) {
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.layersDone = layersDone
        self.layerCount = layerCount
    }
}
