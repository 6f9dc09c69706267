extension Array where Element: Sendable {
    /// The array transformed on all cores, in order: split into one chunk per core when it has at least
    /// `parallelFrom` elements, else transformed in place. For CPU-bound work on batches (parsing, encoding).
    public func concurrentMap<T: Sendable>(parallelFrom: Int = 256, _ transform: @escaping @Sendable (Element) -> T) async -> [T] {
        let cores = ProcessInfoCores.count
        guard count >= parallelFrom, cores > 1 else { return map(transform) }
        let size = (count + cores - 1) / cores
        return await withTaskGroup(of: (Int, [T]).self) { group in
            for c in 0..<cores where c * size < count {
                let slice = self[(c * size)..<Swift.min((c + 1) * size, count)]
                group.addTask { (c, slice.map(transform)) }
            }
            var parts: [(Int, [T])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}

/// The number of cores to spread batch work over.
enum ProcessInfoCores {
    #if canImport(Glibc)
    static let count = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #else
    static let count = 1
    #endif
}

#if canImport(Glibc)
import Glibc
#endif
