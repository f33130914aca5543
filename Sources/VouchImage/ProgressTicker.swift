import Foundation
import Synchronization

/// Calls `tick` every `interval` seconds on its own thread until ``stop()``.
final class ProgressTicker: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(interval: TimeInterval, tick: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: interval)
                if stopped.load(ordering: .relaxed) { break }
                tick()
            }
            finished.signal()
        }
        thread.start()
    }

    /// Stops ticking and waits for the thread, so no tick runs after this returns.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        finished.wait()
    }
}
