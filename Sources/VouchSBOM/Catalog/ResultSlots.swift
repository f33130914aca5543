/// Per-index result storage shared by hashing workers; each index is written by exactly one worker and read
/// only after all of them finished, so no two threads touch the same slot.
final class ResultSlots: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<(String, Int64)?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    func set(_ index: Int, _ value: (String, Int64)?) { slots[index] = value }
    func get(_ index: Int) -> (String, Int64)? { slots[index] }
}

#if canImport(Glibc)
import Glibc
#endif
