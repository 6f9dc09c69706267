#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server and VIGIL_TEST_POSTGRES_URL pointing at it:
#   scripts/with-postgres.sh swift test
# Installs PostgreSQL from Debian packages when initdb/pg_ctl are missing (needs root and apt-get), creates a
# cluster in a temporary folder owned by an unprivileged user (PostgreSQL refuses to run as root), starts it on
# a free port on 127.0.0.1, runs the command, and stops the server and removes the folder on exit. The exit
# status is the command's.
#   scripts/with-postgres.sh --start   starts a server and prints `export VIGIL_TEST_POSTGRES_URL=…` and
#                                      `export VIGIL_PG_DIR=…` (for development; stop it with --stop)
#   scripts/with-postgres.sh --stop    stops the server of $VIGIL_PG_DIR and removes it
set -euo pipefail

find_pg_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
    return 0
  fi
  return 1
}

as_user() {
  # Runs "$@" as the unprivileged owner of the cluster (as ourselves when not root).
  if [ "$(id -u)" = 0 ]; then
    su -s /bin/sh "$PG_USER" -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

stop_server() {
  local dir="$1"
  [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_user "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

PG_BIN=$(find_pg_bin || true)
if [ -z "$PG_BIN" ]; then
  echo "with-postgres: initdb/pg_ctl not found; installing PostgreSQL from Debian packages" >&2
  if [ "$(id -u)" != 0 ]; then
    echo "with-postgres: installing needs root (apt-get install -y postgresql)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # The package's own cluster is not used: a temporary policy-rc.d keeps the service from being started.
  policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  apt-get install -y -qq postgresql >&2 || { [ -n "$policy_added" ] && rm -f /usr/sbin/policy-rc.d; exit 1; }
  [ -n "$policy_added" ] && rm -f /usr/sbin/policy-rc.d
  PG_BIN=$(find_pg_bin || true)
  [ -n "$PG_BIN" ] || { echo "with-postgres: PostgreSQL installed but pg_ctl not found" >&2; exit 1; }
fi

PG_USER=$(id -un)
if [ "$(id -u)" = 0 ]; then
  PG_USER=vigil-pg
  if ! id "$PG_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
  fi
fi

if [ "${1:-}" = "--stop" ]; then
  stop_server "${VIGIL_PG_DIR:?set VIGIL_PG_DIR to the folder --start printed}"
  exit 0
fi

DIR=$(mktemp -d /tmp/vigil-pg.XXXXXX)
chmod 755 "$DIR"
[ "$(id -u)" = 0 ] && chown "$PG_USER" "$DIR"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)))
PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$PASSWORD" > "$DIR/pwfile"
[ "$(id -u)" = 0 ] && chown "$PG_USER" "$DIR/pwfile"

as_user "$PG_BIN/initdb" -D "$DIR/data" -U vigil --pwfile="$DIR/pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; rm -rf "$DIR"; exit 1; }
rm -f "$DIR/pwfile"
as_user "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
  || { cat "$DIR/server.log" >&2; stop_server "$DIR"; exit 1; }
URL="postgres://vigil:$PASSWORD@127.0.0.1:$PORT/postgres?sslmode=disable"

if [ "${1:-}" = "--start" ]; then
  echo "export VIGIL_TEST_POSTGRES_URL='$URL'"
  echo "export VIGIL_PG_DIR='$DIR'"
  exit 0
fi

trap 'stop_server "$DIR"' EXIT
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (cluster $DIR)" >&2
export VIGIL_TEST_POSTGRES_URL="$URL"
set +e
"$@"
status=$?
set -e
exit $status
