/// SQL functions the PostgreSQL OData renderer uses, so SQL selects and orders exactly what the in-memory
/// evaluator does (the counterparts of the SQLite store's `vigil_lower`, `vigil_upper`, `vigil_date`).
enum PostgresFunctions {
    static let sql = #"""
        -- A JSON value of the declared type, or NULL (a missing value, JSON null, or a value of another type,
        -- which the typed model reads as absent too).
        CREATE FUNCTION vigil_json_text(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN jsonb_typeof(v) = 'string' THEN v #>> '{}' END
        $$;
        CREATE FUNCTION vigil_json_number(v jsonb) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN jsonb_typeof(v) = 'number' THEN (v #>> '{}')::numeric END
        $$;
        CREATE FUNCTION vigil_json_bool(v jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN jsonb_typeof(v) = 'boolean' THEN (v #>> '{}')::boolean END
        $$;
        CREATE FUNCTION vigil_json_object(v jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN jsonb_typeof(v) = 'object' THEN v END
        $$;
        CREATE FUNCTION vigil_json_value(v jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN jsonb_typeof(v) <> 'null' THEN v END
        $$;
        -- The elements a lambda iterates: the array, or none for anything else.
        CREATE FUNCTION vigil_json_elements(v jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN jsonb_typeof(v) = 'array' THEN v ELSE '[]'::jsonb END
        $$;
        -- Enum members compare by their name lowercased in ASCII only (as AlertRecord.enumKey does).
        CREATE FUNCTION vigil_ascii_lower(v text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT translate(v, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
        $$;
        -- The rank of an enum member: its CSDL value, an unknown member ranks as unknownFutureValue.
        CREATE FUNCTION vigil_enum_rank(v text, names text[], ranks bigint[], unknown bigint) RETURNS bigint
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN v IS NULL THEN NULL ELSE COALESCE(ranks[array_position(names, v)], unknown) END
        $$;
        -- An ISO 8601 date-time (as DateTimeOffset reads it: T or t, optional fraction, Z, z or ±hh[:]mm) as UTC
        -- text with nine fractional digits, so text order is time order; NULL when it is not one.
        CREATE FUNCTION vigil_date(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
        DECLARE
            m text[];
            y bigint; mo bigint; d bigint; h bigint; mi bigint; s bigint; frac text;
            off bigint := 0; dim bigint; yy bigint; era bigint; yoe bigint; doy bigint; doe bigint; mp bigint;
            days bigint; secs bigint; sod bigint; z bigint;
        BEGIN
            IF t IS NULL THEN RETURN NULL; END IF;
            m := regexp_match(t, '^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|([+-])([0-9]{2}):?([0-9]{2}))$');
            IF m IS NULL THEN RETURN NULL; END IF;
            y := m[1]::bigint; mo := m[2]::bigint; d := m[3]::bigint;
            h := m[4]::bigint; mi := m[5]::bigint; s := m[6]::bigint;
            IF mo < 1 OR mo > 12 OR d < 1 OR h > 23 OR mi > 59 OR s > 59 THEN RETURN NULL; END IF;
            dim := CASE WHEN mo IN (4, 6, 9, 11) THEN 30
                        WHEN mo = 2 THEN CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END
                        ELSE 31 END;
            IF d > dim THEN RETURN NULL; END IF;
            frac := rpad(left(coalesce(substr(m[7], 2), ''), 9), 9, '0');
            IF m[9] IS NOT NULL THEN
                IF m[10]::bigint > 23 OR m[11]::bigint > 59 THEN RETURN NULL; END IF;
                off := (m[10]::bigint * 3600 + m[11]::bigint * 60) * CASE WHEN m[9] = '+' THEN 1 ELSE -1 END;
            END IF;
            -- Days from the civil date (proleptic Gregorian), then back after applying the offset.
            yy := y - CASE WHEN mo <= 2 THEN 1 ELSE 0 END;
            era := floor(yy::numeric / 400)::bigint;
            yoe := yy - era * 400;
            doy := (153 * (CASE WHEN mo > 2 THEN mo - 3 ELSE mo + 9 END) + 2) / 5 + d - 1;
            doe := yoe * 365 + yoe / 4 - yoe / 100 + doy;
            days := era * 146097 + doe - 719468;
            secs := days * 86400 + h * 3600 + mi * 60 + s - off;
            days := floor(secs::numeric / 86400)::bigint;
            sod := secs - days * 86400;
            z := days + 719468;
            era := floor(z::numeric / 146097)::bigint;
            doe := z - era * 146097;
            yoe := (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            y := yoe + era * 400;
            doy := doe - (365 * yoe + yoe / 4 - yoe / 100);
            mp := (5 * doy + 2) / 153;
            d := doy - (153 * mp + 2) / 5 + 1;
            mo := CASE WHEN mp < 10 THEN mp + 3 ELSE mp - 9 END;
            y := y + CASE WHEN mo <= 2 THEN 1 ELSE 0 END;
            RETURN lpad(y::text, 4, '0') || '-' || lpad(mo::text, 2, '0') || '-' || lpad(d::text, 2, '0') || 'T'
                || lpad((sod / 3600)::text, 2, '0') || ':' || lpad(((sod / 60) % 60)::text, 2, '0') || ':'
                || lpad((sod % 60)::text, 2, '0') || '.' || frac || 'Z';
        END
        $$;
        -- tolower/toupper: full Unicode case mapping (ICU's root locale, as Swift's String does) when the server
        -- has ICU; else the database's own collation. Swift maps capital sigma to σ everywhere, ICU to ς at the end
        -- of a word: sigma is mapped first so both agree.
        DO $$
        BEGIN
            IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
                EXECUTE 'CREATE FUNCTION vigil_lower(v text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$ SELECT lower(replace(v, ''Σ'', ''σ'') COLLATE "und-x-icu") $f$';
                EXECUTE 'CREATE FUNCTION vigil_upper(v text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$ SELECT upper(v COLLATE "und-x-icu") $f$';
            ELSE
                EXECUTE 'CREATE FUNCTION vigil_lower(v text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$ SELECT lower(v) $f$';
                EXECUTE 'CREATE FUNCTION vigil_upper(v text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$ SELECT upper(v) $f$';
            END IF;
        END
        $$;
        """#
}
