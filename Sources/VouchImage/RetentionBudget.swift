import Synchronization

/// Bytes still allowed to be retained, shared by the layer workers.
final class RetentionBudget: Sendable {
    private let remaining: Atomic<Int64>

    init(limit: Int64) { remaining = Atomic(limit) }

    /// Takes `size` bytes from the budget if that many are left.
    func take(_ size: Int64) -> Bool {
        var current = remaining.load(ordering: .relaxed)
        while current >= size {
            let (exchanged, original) = remaining.compareExchange(expected: current, desired: current - size, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }
}
