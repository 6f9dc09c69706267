import Foundation

/// The schema of Vigil's PostgreSQL database. The rule from now on: a change is a new entry at the end, and a
/// landed migration is not edited (some early ones were edited while the schema was young). Applied on open, in one transaction per migration under
/// `pg_advisory_xact_lock`, so replicas starting together apply each migration exactly once.
enum PostgresMigrations {
    /// The advisory lock key migrations serialize on (an arbitrary constant: "vigil" in ASCII).
    static let lockKey: Int64 = 0x76_69_67_69_6C

    /// Migrations in order: (identifier, SQL). Text columns that are compared or sorted use `COLLATE "C"`, so
    /// order is code point order, as in SQLite and in memory.
    static let all: [(id: String, sql: String)] = [
        ("v1: tenants, apps, keys, alerts", """
            CREATE TABLE tenant (
                id TEXT COLLATE "C" PRIMARY KEY,
                name TEXT NOT NULL,
                created_at TEXT COLLATE "C" NOT NULL
            );
            CREATE TABLE app (
                client_id TEXT COLLATE "C" PRIMARY KEY,
                tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenant(id),
                name TEXT NOT NULL,
                secret_hash TEXT NOT NULL,
                roles TEXT NOT NULL,
                multi_tenant BOOLEAN NOT NULL DEFAULT FALSE,
                created_at TEXT COLLATE "C" NOT NULL
            );
            CREATE TABLE app_consent (
                tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenant(id),
                client_id TEXT COLLATE "C" NOT NULL REFERENCES app(client_id),
                roles TEXT NOT NULL,
                created_at TEXT COLLATE "C" NOT NULL,
                PRIMARY KEY (tenant_id, client_id)
            );
            CREATE TABLE signing_key (
                kid TEXT COLLATE "C" PRIMARY KEY,
                algorithm TEXT NOT NULL,
                private_key_pem TEXT NOT NULL,
                created_at TEXT COLLATE "C" NOT NULL
            );
            -- body is the alert JSON exactly as written (what clients get back); doc is the same JSON as
            -- jsonb, derived by the server, for filters on paths that have no column.
            CREATE TABLE alert (
                seq BIGSERIAL PRIMARY KEY,
                tenant_id TEXT COLLATE "C" NOT NULL,
                provider TEXT COLLATE "C" NOT NULL,
                id TEXT COLLATE "C" NOT NULL,
                vendor TEXT COLLATE "C" NOT NULL,
                severity TEXT COLLATE "C",
                severity_rank BIGINT,
                status TEXT COLLATE "C",
                status_rank BIGINT,
                category TEXT COLLATE "C",
                assigned_to TEXT COLLATE "C",
                created_at TEXT COLLATE "C",
                event_at TEXT COLLATE "C",
                last_modified_at TEXT COLLATE "C",
                occurrence_count BIGINT NOT NULL DEFAULT 1,
                ingested_at TEXT COLLATE "C" NOT NULL,
                body TEXT NOT NULL,
                doc JSONB GENERATED ALWAYS AS (body::jsonb) STORED
            );
            -- Ascending indexes keep nulls first, as the API orders them; a backward scan serves DESC NULLS LAST.
            CREATE UNIQUE INDEX alert_key ON alert (tenant_id, id, provider);
            CREATE INDEX alert_created ON alert (tenant_id, created_at NULLS FIRST);
            CREATE INDEX alert_severity_status ON alert (tenant_id, severity, status, created_at NULLS FIRST);
            CREATE INDEX alert_status ON alert (tenant_id, status, created_at NULLS FIRST);
            CREATE INDEX alert_modified ON alert (tenant_id, last_modified_at NULLS FIRST);
            """),
        ("v2: provider health and alert routes", """
            CREATE TABLE provider_health (
                name TEXT COLLATE "C" PRIMARY KEY,
                last_success_at TEXT,
                last_error_at TEXT,
                last_error TEXT,
                last_status BIGINT,
                last_latency_ms BIGINT,
                consecutive_failures BIGINT NOT NULL DEFAULT 0,
                calls BIGINT NOT NULL DEFAULT 0,
                failures BIGINT NOT NULL DEFAULT 0
            );
            CREATE TABLE alert_route (
                tenant_id TEXT COLLATE "C" NOT NULL,
                alert_id TEXT COLLATE "C" NOT NULL,
                provider_name TEXT NOT NULL,
                seen_at TEXT NOT NULL,
                PRIMARY KEY (tenant_id, alert_id)
            );
            """),
        ("v3: threat indicators", """
            CREATE TABLE ti_indicator (
                tenant_id TEXT COLLATE "C" NOT NULL,
                id TEXT COLLATE "C" NOT NULL,
                app_id TEXT COLLATE "C" NOT NULL,
                external_id TEXT COLLATE "C",
                action TEXT COLLATE "C",
                is_active BOOLEAN NOT NULL DEFAULT TRUE,
                expires_at TEXT COLLATE "C",
                ingested_at TEXT COLLATE "C" NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (tenant_id, id)
            );
            CREATE INDEX ti_indicator_owner ON ti_indicator (tenant_id, app_id, external_id);
            CREATE INDEX ti_indicator_expiry ON ti_indicator (expires_at);
            CREATE TABLE ti_generation (
                tenant_id TEXT COLLATE "C" PRIMARY KEY,
                generation BIGINT NOT NULL
            );
            """),
        ("v4: tail cursors", """
            CREATE TABLE tail_cursor (
                source TEXT COLLATE "C" PRIMARY KEY,
                inode BIGINT NOT NULL,
                "offset" BIGINT NOT NULL,
                updated_at TEXT NOT NULL
            );
            """),
        ("v5: work leases", """
            CREATE TABLE work_leases (
                name TEXT COLLATE "C" PRIMARY KEY,
                holder TEXT COLLATE "C" NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL,
                generation BIGINT NOT NULL,
                acquired_at TIMESTAMPTZ NOT NULL
            );
            """),
        ("v6: OData functions", PostgresFunctions.sql),
        ("v7: change feed, subscriptions, outbox, exporters", """
            -- A digest of the alert as the source sent it (before history is merged), so a re-ingest that
            -- changes nothing is not reported as a change.
            ALTER TABLE alert ADD COLUMN body_hash BIGINT;
            -- Written under the change feed lock (PostgresChangeLog), so sequence order is commit order.
            CREATE TABLE alert_change (
                seq BIGSERIAL PRIMARY KEY,
                tenant_id TEXT COLLATE "C" NOT NULL,
                alert_id TEXT COLLATE "C" NOT NULL,
                provider TEXT COLLATE "C" NOT NULL,
                change_type TEXT NOT NULL,
                changed_at TEXT NOT NULL
            );
            CREATE INDEX alert_change_tenant ON alert_change (tenant_id, seq);
            CREATE TABLE subscription (
                tenant_id TEXT COLLATE "C" NOT NULL,
                id TEXT COLLATE "C" NOT NULL,
                app_id TEXT COLLATE "C" NOT NULL,
                resource TEXT NOT NULL,
                change_types TEXT NOT NULL,
                notification_url TEXT NOT NULL,
                lifecycle_url TEXT,
                client_state TEXT,
                signing_secret TEXT,
                expires_at TEXT COLLATE "C" NOT NULL,
                created_at TEXT COLLATE "C" NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (tenant_id, id)
            );
            CREATE INDEX subscription_expiry ON subscription (expires_at);
            -- Bumped with every subscription change, so routers in every replica reload.
            CREATE TABLE subscription_generation (
                id BIGINT PRIMARY KEY CHECK (id = 1),
                generation BIGINT NOT NULL
            );
            INSERT INTO subscription_generation (id, generation) VALUES (1, 0);
            -- Times are epoch seconds of the writer's clock, except claimed_until: the database's clock, so
            -- replicas whose clocks differ never take each other's live claims.
            CREATE TABLE notification_outbox (
                id BIGSERIAL PRIMARY KEY,
                tenant_id TEXT COLLATE "C" NOT NULL,
                subscription_id TEXT COLLATE "C" NOT NULL,
                kind TEXT NOT NULL,
                change_seq BIGINT,
                alert_id TEXT,
                change_type TEXT,
                lifecycle_event TEXT,
                state TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                created_at DOUBLE PRECISION NOT NULL,
                next_attempt_at DOUBLE PRECISION NOT NULL,
                last_attempt_at DOUBLE PRECISION,
                last_status BIGINT,
                last_error TEXT,
                dead_at DOUBLE PRECISION,
                claimed_by TEXT,
                claimed_until TIMESTAMPTZ
            );
            CREATE INDEX outbox_due ON notification_outbox (state, next_attempt_at);
            CREATE INDEX outbox_subscription ON notification_outbox (tenant_id, subscription_id, state);
            CREATE TABLE delivery_attempt (
                id BIGSERIAL PRIMARY KEY,
                tenant_id TEXT COLLATE "C" NOT NULL,
                subscription_id TEXT COLLATE "C" NOT NULL,
                kind TEXT NOT NULL,
                attempted_at DOUBLE PRECISION NOT NULL,
                status_code BIGINT,
                error TEXT,
                notifications BIGINT NOT NULL,
                duration_ms BIGINT NOT NULL
            );
            CREATE INDEX delivery_attempt_subscription ON delivery_attempt (tenant_id, subscription_id, id);
            CREATE TABLE exporter_state (
                name TEXT COLLATE "C" PRIMARY KEY,
                cursor BIGINT NOT NULL,
                exported BIGINT NOT NULL,
                last_success_at TEXT,
                last_error TEXT,
                last_error_at TEXT,
                updated_at TEXT NOT NULL
            );
            """),
        ("v8: security actions", """
            -- next_run_at is epoch seconds of the writer's clock; claimed_until the database's clock.
            CREATE TABLE security_action (
                tenant_id TEXT COLLATE "C" NOT NULL,
                id TEXT COLLATE "C" NOT NULL,
                app_id TEXT COLLATE "C" NOT NULL,
                client_request_id TEXT COLLATE "C",
                handler TEXT NOT NULL,
                remote_id TEXT,
                next_run_at DOUBLE PRECISION,
                attempts BIGINT NOT NULL DEFAULT 0,
                claimed_until TIMESTAMPTZ,
                cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
                created_at TEXT COLLATE "C" NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (tenant_id, id)
            );
            -- A repeated request (same app and client-request-id) finds the action it created.
            CREATE UNIQUE INDEX security_action_request ON security_action (tenant_id, app_id, client_request_id)
                WHERE client_request_id IS NOT NULL;
            CREATE INDEX security_action_due ON security_action (next_run_at) WHERE next_run_at IS NOT NULL;
            """),
        ("v9: secure score", """
            -- One snapshot per tenant per UTC day; recomputing a day replaces it.
            CREATE TABLE secure_score (
                tenant_id TEXT COLLATE "C" NOT NULL,
                day TEXT COLLATE "C" NOT NULL,
                created_at TEXT NOT NULL,
                current_score DOUBLE PRECISION NOT NULL,
                max_score DOUBLE PRECISION NOT NULL,
                body TEXT NOT NULL,
                remote_profiles TEXT NOT NULL DEFAULT '[]',
                PRIMARY KEY (tenant_id, day)
            );
            -- controlStateUpdates, appended by PATCH, in order.
            CREATE TABLE secure_score_control_state (
                seq BIGSERIAL PRIMARY KEY,
                tenant_id TEXT COLLATE "C" NOT NULL,
                control_id TEXT COLLATE "C" NOT NULL,
                updated_at TEXT NOT NULL,
                body TEXT NOT NULL
            );
            CREATE INDEX secure_score_control_state_tenant ON secure_score_control_state (tenant_id, control_id, seq);
            """),
        ("v10: source status", """
            CREATE TABLE source_status (
                tenant_id TEXT COLLATE "C" NOT NULL,
                source TEXT COLLATE "C" NOT NULL,
                body TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (tenant_id, source)
            );
            """),
        ("v11: disabled apps", """
            ALTER TABLE app ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
            """),
        ("v12: retired signing keys", """
            ALTER TABLE signing_key ADD COLUMN retired_at TEXT COLLATE "C";
            """),
        ("v13: shared throttling windows", """
            CREATE UNLOGGED TABLE throttle_window (
                key TEXT COLLATE "C" NOT NULL,
                window_start BIGINT NOT NULL,
                count INTEGER NOT NULL,
                PRIMARY KEY (key, window_start)
            );
            """),
        ("v14: component health", """
            CREATE TABLE component_health (
                replica TEXT COLLATE "C" NOT NULL,
                component TEXT COLLATE "C" NOT NULL,
                body TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (replica, component)
            );
            """),
    ]

    /// Splits migration text into statements (the extended protocol runs one at a time): at `;` outside
    /// dollar-quoted bodies and single-quoted strings; `--` comments are dropped.
    static func statements(_ sql: String) -> [String] {
        let chars = Array(sql)
        var statements: [String] = []
        var current = ""
        var dollarTag: String?
        var inString = false
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let tag = dollarTag {
                if c == "$", String(chars[i..<min(chars.count, i + tag.count)]) == tag {
                    current += tag
                    i += tag.count
                    dollarTag = nil
                } else {
                    current.append(c)
                    i += 1
                }
                continue
            }
            if inString {
                current.append(c)
                if c == "'" { inString = false }
                i += 1
                continue
            }
            switch c {
            case "'":
                inString = true
                current.append(c)
                i += 1
            case "-" where i + 1 < chars.count && chars[i + 1] == "-":
                while i < chars.count, chars[i] != "\n" { i += 1 }
            case "$":
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j] == "_" { j += 1 }
                if j < chars.count, chars[j] == "$" {
                    let tag = String(chars[i...j])
                    dollarTag = tag
                    current += tag
                    i = j + 1
                } else {
                    current.append(c)
                    i += 1
                }
            case ";":
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement) }
                current = ""
                i += 1
            default:
                current.append(c)
                i += 1
            }
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty { statements.append(last) }
        return statements
    }
}
