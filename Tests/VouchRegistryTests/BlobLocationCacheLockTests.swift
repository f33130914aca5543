import Foundation
import Testing
import VouchCore
import VouchRegistry
import VouchTestSupport

/// The blob cache is one file that every `vouch` process rewrites after a pull or push (read, add, replace).
/// Without a lock two writers at once each replace the file with their own addition and one is lost.
@Suite("registry: the blob cache keeps every concurrent writer's sightings")
struct BlobLocationCacheLockTests {
    @Test("8 writers recording 25 sightings each at once: all 200 are in the file afterwards")
    func concurrentWritersLoseNothing() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/registry/blob-locations.json"
        func digest(_ writer: Int, _ number: Int) throws -> Digest {
            try Digest(parsing: "sha256:" + String(format: "%032x%032x", writer, number))
        }
        // Each writer has its own BlobLocationCache value, as separate processes would: the lock must hold
        // between open file descriptions, not only within one value.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let cache = BlobLocationCache(path: path)
                    for number in 0..<25 {
                        let sighting = BlobLocationCache.Sighting(registry: "r.example", digest: try digest(writer, number), repository: "repo/w\(writer)")
                        #expect(cache.record([sighting]) == nil)
                    }
                }
            }
            try await group.waitForAll()
        }
        let read = BlobLocationCache(path: path).read()
        #expect(read.problem == nil)
        var missing: [String] = []
        for writer in 0..<8 {
            for number in 0..<25 where read.snapshot.repositories(registry: "r.example", digest: try digest(writer, number)) != ["repo/w\(writer)"] {
                missing.append("w\(writer)#\(number)")
            }
        }
        #expect(missing.count == 0, "lost sightings: \(missing.count) of 200, e.g. \(missing.prefix(5))")
    }
}
