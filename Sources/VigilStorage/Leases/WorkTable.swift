/// A table of work rows that replicas claim in batches (a notification outbox, a job queue), for
/// `PostgresWorkClaims.claimRows` and `SQLiteWorkClaims.claimRows`.
///
/// The table needs a text key column and two claim columns: `claimed_by` (text, null when free) and
/// `claimed_until` (`timestamptz` on PostgreSQL, UTC text as `AlertRecord.sortableDate` writes it on
/// SQLite). Every part is a compile-time constant of the code that owns the table, never user input, so it
/// can be written into SQL; values go in as bind parameters.
///
/// A row is claimable when `ready` holds and it is unclaimed or its claim lapsed. A worker claims a batch,
/// processes each row, then deletes or updates it (its own statement, in its own transaction) and clears
/// `claimed_by`; a worker that dies leaves rows whose claims lapse after `ttl`, so another picks them up —
/// delivery is at least once.
public struct WorkTable: Sendable {
    /// The table name.
    public let name: StaticString
    /// The key column (text).
    public let key: StaticString
    /// A condition over the row's own columns that makes it due (e.g. `state = 'pending'`), or `TRUE`.
    public let ready: StaticString
    /// The order rows are claimed in (e.g. `due_at, id`).
    public let order: StaticString
    /// Whether `ready` and `order` may read `tenant_id`: claims can be narrowed to one tenant.
    public let hasTenant: Bool

    public init(name: StaticString, key: StaticString, ready: StaticString = "TRUE", order: StaticString,
                hasTenant: Bool = true) {
        self.name = name
        self.key = key
        self.ready = ready
        self.order = order
        self.hasTenant = hasTenant
    }
}
