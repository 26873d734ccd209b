#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, in a folder of its own, on a free loopback port.
#
#   url=$(.ci/postgres.sh start DIR)   # prints postgresql+psycopg://meeting_prep@127.0.0.1:PORT/postgres
#   .ci/postgres.sh stop DIR           # stops it and deletes DIR
#
# Uses Debian's PostgreSQL (installed with apt-get when missing and we are root). PostgreSQL refuses
# to run as root, so as root the server runs as the `postgres` user (or a `pgtest` user made here).
# fsync is off: the data is thrown away at the end.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$2

find_bindir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "$found"; return; fi
    if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
}

install_postgres() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "PostgreSQL is not installed; run 'sudo apt-get install postgresql' (or make test as root)." >&2
        exit 1
    fi
    echo "==> Installing PostgreSQL (Debian package, once)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
}

# Runs a command as the user who owns the cluster.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi
}

free_port() {
    local python=python3
    command -v python3 >/dev/null 2>&1 || python="$(dirname "$0")/../.venv/bin/python"
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$action" in
start)
    bindir=$(find_bindir)
    if [ -z "$bindir" ]; then install_postgres; bindir=$(find_bindir); fi
    owner=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then
        owner=postgres
        id -u "$owner" >/dev/null 2>&1 || { owner=pgtest; id -u pgtest >/dev/null 2>&1 ||
            useradd --system --no-create-home --shell /usr/sbin/nologin pgtest; }
    fi
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown "$owner" "$dir"
    chmod 700 "$dir"
    port=$(free_port)
    as_owner "$bindir/initdb" --pgdata="$dir/data" --username=meeting_prep --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
        --options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null ||
        { cat "$dir/server.log" >&2; exit 1; }
    echo "$bindir" >"$dir/bindir"
    echo "postgresql+psycopg://meeting_prep@127.0.0.1:$port/postgres"
    ;;
stop)
    if [ -f "$dir/bindir" ] && [ -d "$dir/data" ]; then
        owner=$(stat -c %U "$dir/data")
        as_owner "$(cat "$dir/bindir")/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    usage
    ;;
esac
