import Logging
import PostgresNIO
import VigilCore

/// Appends alert changes to the change feed (`alert_change`) and the notification outbox on PostgreSQL,
/// inside the transaction of the change.
///
/// Sequence numbers must follow commit order, or a consumer that has read sequence 12 would never see an
/// 11 that committed after it. With several writers (connections, replicas) a sequence alone does not give
/// that: `append` first takes a transaction-scoped advisory lock, held until commit, so the transactions
/// that append changes allocate their numbers one after the other, each after the previous one committed
/// or rolled back. The lock is taken last, after the alert rows are written, so only the append and the
/// commit are serialized.
enum PostgresChangeLog {
    /// The advisory lock key of the change feed (an arbitrary constant: "vigilcf" in ASCII).
    static let lockKey: Int64 = 0x76_69_67_69_6C_63_66

    /// One change to append.
    struct Change {
        var alert: Alert
        var id: String
        var provider: String
        var type: AlertChangeType
    }

    /// Appends `changes` in order, and one outbox entry per subscription `router` names for each.
    static func append(_ changes: [Change], tenantId: String, router: (any ChangeRouter)?, at now: DateTimeOffset,
                       on connection: PostgresConnection, logger: Logger) async throws {
        guard !changes.isEmpty else { return }
        try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
        if let router { try await PostgresSubscriptionRepository.synchronize(router, connection, at: now, logger: logger) }
        // Numbers for the batch, ascending, then written in batch order.
        let count = Int64(changes.count)
        var sequences: [Int64] = []
        sequences.reserveCapacity(changes.count)
        let allocated = try await connection.query("""
            SELECT nextval(pg_get_serial_sequence('alert_change', 'seq')) AS s FROM generate_series(1, \(count)) ORDER BY s
            """, logger: logger)
        for try await seq in allocated.decode(Int64.self) { sequences.append(seq) }
        guard sequences.count == changes.count else {
            throw VigilError(.internalError, "The database allocated \(sequences.count) change numbers for \(changes.count) changes.")
        }
        let changedAt = now.iso8601
        var binds = PostgresBindings(capacity: 6)
        binds.append(sequences)
        binds.append(tenantId)
        binds.append(changes.map(\.id))
        binds.append(changes.map(\.provider))
        binds.append(changes.map(\.type.rawValue))
        binds.append(changedAt)
        try await connection.query(PostgresQuery(unsafeSQL: """
            INSERT INTO alert_change (seq, tenant_id, alert_id, provider, change_type, changed_at)
            SELECT c.seq, $2, c.alert_id, c.provider, c.change_type, $6
            FROM unnest($1::bigint[], $3::text[], $4::text[], $5::text[]) AS c(seq, alert_id, provider, change_type)
            """, binds: binds), logger: logger)

        guard let router else { return }
        var subscriptions: [String] = []
        var outboxSequences: [Int64] = []
        var alertIds: [String] = []
        var types: [String] = []
        for (change, seq) in zip(changes, sequences) {
            for subscription in router.subscriptions(tenantId: tenantId, alert: change.alert, changeType: change.type) {
                subscriptions.append(subscription)
                outboxSequences.append(seq)
                alertIds.append(change.id)
                types.append(change.type.rawValue)
            }
        }
        guard !subscriptions.isEmpty else { return }
        let epoch = now.epochSeconds
        var outbox = PostgresBindings(capacity: 6)
        outbox.append(tenantId)
        outbox.append(subscriptions)
        outbox.append(outboxSequences)
        outbox.append(alertIds)
        outbox.append(types)
        outbox.append(epoch)
        try await connection.query(PostgresQuery(unsafeSQL: """
            INSERT INTO notification_outbox (tenant_id, subscription_id, kind, change_seq, alert_id, change_type, state,
                                             created_at, next_attempt_at)
            SELECT $1, o.subscription_id, 'change', o.change_seq, o.alert_id, o.change_type, 'pending', $6, $6
            FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[]) WITH ORDINALITY
                 AS o(subscription_id, change_seq, alert_id, change_type, n)
            ORDER BY o.n
            """, binds: outbox), logger: logger)
    }
}
