import GRDB

extension VigilMigrations {
    /// Secure score snapshots and control state updates.
    static func registerScore(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7: secure score") { db in
            try db.execute(sql: """
                -- One snapshot per tenant per UTC day; recomputing a day replaces it.
                CREATE TABLE secure_score (
                    tenant_id TEXT NOT NULL,
                    day TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    current_score REAL NOT NULL,
                    max_score REAL NOT NULL,
                    body TEXT NOT NULL,
                    remote_profiles TEXT NOT NULL DEFAULT '[]',
                    PRIMARY KEY (tenant_id, day)
                );
                -- controlStateUpdates, appended by PATCH, in order.
                CREATE TABLE secure_score_control_state (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    tenant_id TEXT NOT NULL,
                    control_id TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX secure_score_control_state_tenant ON secure_score_control_state(tenant_id, control_id, seq);
                """)
        }
    }
}
