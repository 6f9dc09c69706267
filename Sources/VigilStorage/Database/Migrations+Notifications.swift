import GRDB

extension VigilMigrations {
    /// The change feed, subscriptions, the notification outbox and exporter cursors.
    static func registerNotifications(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5: change feed, subscriptions, outbox, exporters") { db in
            try db.execute(sql: """
                -- A digest of the alert as the source sent it (before history is merged), so a re-ingest that
                -- changes nothing is not reported as a change.
                ALTER TABLE alert ADD COLUMN body_hash INTEGER;
                -- The sequence is the row id: the feed only grows, so ids only increase (no AUTOINCREMENT,
                -- which would cost a write per change).
                CREATE TABLE alert_change (
                    seq INTEGER PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    alert_id TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    change_type TEXT NOT NULL,
                    changed_at TEXT NOT NULL
                );
                CREATE INDEX alert_change_tenant ON alert_change(tenant_id, seq);
                CREATE TABLE subscription (
                    tenant_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    app_id TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    change_types TEXT NOT NULL,
                    notification_url TEXT NOT NULL,
                    lifecycle_url TEXT,
                    client_state TEXT,
                    signing_secret TEXT,
                    expires_at TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                );
                CREATE INDEX subscription_expiry ON subscription(expires_at);
                -- Bumped with every subscription change, so routers in every process reload.
                CREATE TABLE subscription_generation (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    generation INTEGER NOT NULL
                );
                INSERT INTO subscription_generation (id, generation) VALUES (1, 0);
                CREATE TABLE notification_outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    tenant_id TEXT NOT NULL,
                    subscription_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    change_seq INTEGER,
                    alert_id TEXT,
                    change_type TEXT,
                    lifecycle_event TEXT,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    next_attempt_at REAL NOT NULL,
                    last_attempt_at REAL,
                    last_status INTEGER,
                    last_error TEXT,
                    dead_at REAL,
                    claimed_by TEXT,
                    claimed_until REAL
                );
                CREATE INDEX outbox_due ON notification_outbox(state, next_attempt_at);
                CREATE INDEX outbox_subscription ON notification_outbox(subscription_id, state);
                CREATE TABLE delivery_attempt (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    tenant_id TEXT NOT NULL,
                    subscription_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    attempted_at REAL NOT NULL,
                    status_code INTEGER,
                    error TEXT,
                    notifications INTEGER NOT NULL,
                    duration_ms INTEGER NOT NULL
                );
                CREATE INDEX delivery_attempt_subscription ON delivery_attempt(subscription_id, id);
                CREATE TABLE exporter_state (
                    name TEXT PRIMARY KEY NOT NULL,
                    cursor INTEGER NOT NULL,
                    exported INTEGER NOT NULL,
                    last_success_at TEXT,
                    last_error TEXT,
                    last_error_at TEXT,
                    updated_at TEXT NOT NULL
                );
                """)
        }
    }
}
