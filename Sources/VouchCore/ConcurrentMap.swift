import Dispatch
import Synchronization

/// The one way Vouch spreads independent jobs over threads: `count` jobs, up to `workers` threads, each
/// thread taking the next unclaimed job (an `Atomic` counter) and storing its result in that job's slot
/// (under a `Mutex`). Results come back in job order whatever order the jobs finished in.
///
/// A job may be slow (a layer, a large file) while others are fast, so threads claim jobs one at a time
/// rather than taking fixed stripes.
public enum ConcurrentMap {
    /// `transform(job)` for every job in `0..<count`, computed on up to `workers` threads. `order` gives
    /// the order jobs are claimed in (largest first, say); the results are still indexed by job.
    public static func map<Result: Sendable>(
        count: Int, workers: Int, order: [Int]? = nil, _ transform: @Sendable (_ job: Int) -> Result
    ) -> [Result] {
        map(count: count, workers: workers, order: order, state: { _ in () }) { (_: inout Void, job) in transform(job) }.map { $0! }
    }

    /// Like ``map(count:workers:order:_:)``, with state each thread makes once for itself (a digester, a
    /// scratch buffer) and reuses for every job it takes. `makeState` gets the thread's number; nil state
    /// (it could not be made) leaves that thread's jobs to the others. The state never leaves its thread,
    /// so it need not be `Sendable`.
    public static func map<State, Result: Sendable>(
        count: Int, workers: Int, order: [Int]? = nil,
        state makeState: @Sendable (_ worker: Int) -> State?, _ transform: @Sendable (inout State, _ job: Int) -> Result
    ) -> [Result?] {
        let results = Mutex<[Result?]>(Array(repeating: nil, count: count))
        let next = Atomic<Int>(0)
        let threads = max(1, min(workers, count))
        // With one thread, concurrentPerform runs the closure on the calling thread.
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            guard var state = makeState(worker) else { return }
            while true {
                let slot = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard slot < count else { return }
                let job = order?[slot] ?? slot
                let result = transform(&state, job)
                results.withLock { $0[job] = result }
            }
        }
        return results.withLock { $0 }
    }
}
