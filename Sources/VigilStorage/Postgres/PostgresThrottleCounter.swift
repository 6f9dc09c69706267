import Crypto
import Foundation
import PostgresNIO
import Synchronization
import VigilCore

/// Throttling windows in PostgreSQL (an unlogged table: counts need no crash safety): one atomic upsert per
/// request, windows on the database's clock so replicas with drifting clocks share them. Windows older than
/// the previous one are deleted, at most once a minute per replica.
public final class PostgresThrottleCounter: ThrottleCounter {
    private let database: VigilPostgres
    private let lastSweep = Mutex<ContinuousClock.Instant?>(nil)

    public init(database: VigilPostgres) {
        self.database = database
    }

    /// - Parameter key: any text (it may hold NUL or be long: it is stored as its SHA-256).
    public func count(_ key: String) async throws -> (count: Int, secondsLeft: Double) {
        let key = SHA256.hash(data: Array(key.utf8)).map { String(format: "%02x", $0) }.joined()
        let sweep = lastSweep.withLock { last -> Bool in
            guard last.map({ ContinuousClock.now - $0 > .seconds(60) }) ?? true else { return false }
            last = .now
            return true
        }
        return try await database.withConnection { connection in
            if sweep {
                _ = try await connection.query("""
                    DELETE FROM throttle_window WHERE window_start < floor(extract(epoch FROM clock_timestamp()) / 60)::bigint - 1
                    """, logger: database.logger)
            }
            let rows = try await connection.query("""
                INSERT INTO throttle_window (key, window_start, count)
                VALUES (\(key), floor(extract(epoch FROM clock_timestamp()) / 60)::bigint, 1)
                ON CONFLICT (key, window_start) DO UPDATE SET count = throttle_window.count + 1
                RETURNING count, ((throttle_window.window_start + 1) * 60 - extract(epoch FROM clock_timestamp()))::float8
                """, logger: database.logger)
            for try await (count, left) in rows.decode((Int32, Double).self) {
                return (Int(count), left)
            }
            throw VigilError(.internalError, "The throttling window was not counted.")
        }
    }
}
