import GRDB

extension VigilMigrations {
    /// Per-source intake counters.
    static func registerSourceStatus(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9: source status") { db in
            try db.execute(sql: """
                CREATE TABLE source_status (
                    tenant_id TEXT NOT NULL,
                    source TEXT NOT NULL,
                    body TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, source)
                );
                """)
        }
    }

    /// Apps can be disabled.
    static func registerAppState(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10: disabled apps") { db in
            try db.execute(sql: "ALTER TABLE app ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT 0")
        }
    }

    /// Signing keys retire after a rotation.
    static func registerSigningKeyRetirement(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11: retired signing keys") { db in
            try db.execute(sql: "ALTER TABLE signing_key ADD COLUMN retired_at TEXT")
        }
    }

    /// The health of background components, per replica.
    static func registerComponentHealth(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12: component health") { db in
            try db.execute(sql: """
                CREATE TABLE component_health (
                    replica TEXT NOT NULL,
                    component TEXT NOT NULL,
                    body TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (replica, component)
                );
                """)
        }
    }
}
