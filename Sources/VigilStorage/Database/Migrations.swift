import GRDB

/// The schema of Vigil's SQLite database. The rule from now on: a change is a new migration at the end, and a
/// landed migration is not edited (some early ones were edited while the schema was young; no test checks
/// the rule).
enum VigilMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: tenants, apps, keys, alerts") { db in
            try db.execute(sql: """
                CREATE TABLE tenant (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE app (
                    client_id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL REFERENCES tenant(id),
                    name TEXT NOT NULL,
                    secret_hash TEXT NOT NULL,
                    roles TEXT NOT NULL,
                    multi_tenant INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE app_consent (
                    tenant_id TEXT NOT NULL REFERENCES tenant(id),
                    client_id TEXT NOT NULL REFERENCES app(client_id),
                    roles TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, client_id)
                );
                CREATE TABLE signing_key (
                    kid TEXT PRIMARY KEY NOT NULL,
                    algorithm TEXT NOT NULL,
                    private_key_pem TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE alert (
                    seq INTEGER PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    id TEXT NOT NULL,
                    vendor TEXT NOT NULL,
                    severity TEXT,
                    severity_rank INTEGER,
                    status TEXT,
                    status_rank INTEGER,
                    category TEXT,
                    assigned_to TEXT,
                    created_at TEXT,
                    event_at TEXT,
                    last_modified_at TEXT,
                    occurrence_count INTEGER NOT NULL DEFAULT 1,
                    ingested_at TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                -- The key also serves GET by id. Few indexes keep ingestion fast; the columns still make
                -- other filters cheap without a JSON parse.
                CREATE UNIQUE INDEX alert_key ON alert(tenant_id, id, provider);
                CREATE INDEX alert_created ON alert(tenant_id, created_at);
                CREATE INDEX alert_severity_status ON alert(tenant_id, severity, status, created_at);
                CREATE INDEX alert_status ON alert(tenant_id, status, created_at);
                CREATE INDEX alert_modified ON alert(tenant_id, last_modified_at);
                """)
        }
        migrator.registerMigration("v2: provider health and alert routes") { db in
            try db.execute(sql: """
                CREATE TABLE provider_health (
                    name TEXT PRIMARY KEY NOT NULL,
                    last_success_at TEXT,
                    last_error_at TEXT,
                    last_error TEXT,
                    last_status INTEGER,
                    last_latency_ms INTEGER,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    calls INTEGER NOT NULL DEFAULT 0,
                    failures INTEGER NOT NULL DEFAULT 0
                );
                -- Which provider an alert id was listed from, so GET and PATCH by id ask only that one.
                CREATE TABLE alert_route (
                    tenant_id TEXT NOT NULL,
                    alert_id TEXT NOT NULL,
                    provider_name TEXT NOT NULL,
                    seen_at TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, alert_id)
                );
                """)
        }
        migrator.registerMigration("v3: threat indicators") { db in
            try db.execute(sql: """
                CREATE TABLE ti_indicator (
                    tenant_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    app_id TEXT NOT NULL,
                    external_id TEXT,
                    action TEXT,
                    is_active INTEGER NOT NULL DEFAULT 1,
                    expires_at TEXT,
                    ingested_at TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                );
                CREATE INDEX ti_indicator_owner ON ti_indicator(tenant_id, app_id, external_id);
                CREATE INDEX ti_indicator_expiry ON ti_indicator(expires_at);
                -- Bumped with every change of a tenant's indicators, so matchers in any process notice.
                CREATE TABLE ti_generation (
                    tenant_id TEXT PRIMARY KEY NOT NULL,
                    generation INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v4: tail cursors") { db in
            try db.execute(sql: """
                CREATE TABLE tail_cursor (
                    source TEXT PRIMARY KEY NOT NULL,
                    inode INTEGER NOT NULL,
                    offset INTEGER NOT NULL,
                    updated_at TEXT NOT NULL
                );
                """)
        }
        registerNotifications(&migrator)
        registerActions(&migrator)
        registerScore(&migrator)
        migrator.registerMigration("v8: work leases") { db in
            try db.execute(sql: """
                -- Named claims on work shared by replicas (tailed sources, scheduled jobs); see WorkLeaseRepository.
                CREATE TABLE work_leases (
                    name TEXT PRIMARY KEY NOT NULL,
                    holder TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    generation INTEGER NOT NULL,
                    acquired_at TEXT NOT NULL
                );
                """)
        }
        registerSourceStatus(&migrator)
        registerAppState(&migrator)
        registerSigningKeyRetirement(&migrator)
        registerComponentHealth(&migrator)
        return migrator
    }
}
