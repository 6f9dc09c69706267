import Foundation

/// The schema of Vigil's PostgreSQL database. Migrations are append-only: a landed migration is never
/// edited; a change is a new entry at the end. Applied on open, in one transaction per migration under
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
