import GRDB

extension VigilMigrations {
    /// Security actions and their run schedule.
    static func registerActions(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6: security actions") { db in
            try db.execute(sql: """
                CREATE TABLE security_action (
                    tenant_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    app_id TEXT NOT NULL,
                    client_request_id TEXT,
                    handler TEXT NOT NULL,
                    remote_id TEXT,
                    next_run_at REAL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    claimed_until REAL,
                    cancel_requested INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                );
                -- A repeated request (same app and client-request-id) finds the action it created.
                CREATE UNIQUE INDEX security_action_request ON security_action(tenant_id, app_id, client_request_id)
                    WHERE client_request_id IS NOT NULL;
                CREATE INDEX security_action_due ON security_action(next_run_at) WHERE next_run_at IS NOT NULL;
                """)
        }
    }
}
