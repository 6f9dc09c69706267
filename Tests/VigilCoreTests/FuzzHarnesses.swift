import Testing

/// The fuzz harnesses of this target, one at a time: each keeps a thread of the concurrency pool busy for
/// seconds, and run side by side they would starve the tests that wait on sockets and timers.
@Suite("Fuzz harnesses", .serialized)
enum FuzzHarnesses {}
