#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests (and CI), from Debian's packages.
#
#   scripts/postgres-server.sh start DIR   initdb into DIR and start the server (idempotent)
#   scripts/postgres-server.sh url DIR     print postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres
#   scripts/postgres-server.sh stop DIR    stop the server (pg_ctl -m fast) and remove DIR (idempotent)
#
# The server runs as an unprivileged user: `postgres` (or $POSTGRES_SERVER_USER) when this script
# runs as root, else whoever runs it. Its superuser is `postgres` with a random password: scram
# over TCP on 127.0.0.1 and a free port, trust on the Unix socket, which lives in DIR (mode 0700,
# so only the server's user and root reach it). Data in DIR/data, the log in DIR/server.log.
# Binaries from $POSTGRES_BIN, else /usr/lib/postgresql/15/bin (apt-get install postgresql-15).
# Durability is switched off (fsync, synchronous_commit, full_page_writes): the data is thrown
# away; locking, transactions and privileges behave as on any server.
set -euo pipefail

usage="usage: scripts/postgres-server.sh start|stop|url DIR"
marker_name=".postgres-server"

fail() {
    echo "error: $*" >&2
    if [ -n "${dir:-}" ] && [ ! -f "$dir/$marker_name" ]; then
        rm -f "$dir/password"
        if [ -n "${created:-}" ]; then
            rmdir "$created" 2>/dev/null || true
        elif [ -n "${owner:-}" ]; then
            chown "$owner" "$dir" 2>/dev/null || true
        fi
    fi
    exit 1
}

[ $# -eq 2 ] || fail "give an action and a folder ($usage)"
action="$1"
case "$action" in
start | stop | url) ;;
*) fail "unknown action '$action' ($usage)" ;;
esac
[ -n "$2" ] || fail "the folder is empty ($usage)"

# DIR made absolute (the server is told where its socket lives); `stop` and `url` never create it.
# A folder `start` creates, or an empty one whose owner it changes, is put back as it was when
# `start` fails before the server's files are written.
created=""
owner=""
if [ -d "$2" ]; then
    dir="$(cd "$2" && pwd -P)"
elif [ "$action" = start ]; then
    mkdir -p "$2" || fail "cannot create the folder $2; give a folder you may write in"
    dir="$(cd "$2" && pwd -P)"
    created="$dir"
elif [ -e "$2" ]; then
    fail "$2 is not a folder; give the folder given to 'start'"
else
    dir=""
fi
marker="${dir:+$dir/$marker_name}"

# The value of `key=` in the marker file written by `start`.
marker_value() {
    sed -n "s/^$1=//p" "$marker" | head -n 1
}

# Runs a command as the server's user, from DIR (a server user cannot enter root's working folder).
as_server() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$dir" && runuser -u "$server_user" -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

running() {
    [ -f "$dir/data/PG_VERSION" ] && as_server "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

# A TCP port on 127.0.0.1 that nothing listens on now (the kernel's choice; `start` retries if
# another program takes it first).
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    fail "found no free TCP port on 127.0.0.1 after 200 tries"
}

# Closes every file descriptor above 2 this shell inherited, so the server does not hold them open
# for as long as it runs: a caller that waits for this script's output, or (Foundation's Process)
# for a socket to close when it exits, would otherwise wait for the server to stop.
close_inherited_fds() {
    local fd
    for fd in $(ls "/proc/$BASHPID/fd" 2>/dev/null); do
        [ "$fd" -le 2 ] || eval "exec $fd>&-" 2>/dev/null || true
    done
}

# Starts the initialised server in DIR on a free port, retrying when the port was taken meanwhile.
start_server() {
    local port attempt
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        echo "$port" >"$dir/port"
        : >"$dir/server.log"
        [ "$(id -u)" -ne 0 ] || chown "$server_user" "$dir/server.log"
        if (close_inherited_fds && as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "-p $port" start >/dev/null); then
            return 0
        fi
        if ! grep -q 'could not bind\|Address already in use' "$dir/server.log"; then
            break
        fi
        echo "postgres-server: port $port was taken (attempt $attempt); trying another" >&2
    done
    tail -n 5 "$dir/server.log" >&2 || true
    fail "the PostgreSQL server in $dir did not start (its log, $dir/server.log, ends above)"
}

case "$action" in
start)
    if [ -f "$marker" ]; then
        bin="$(marker_value bin)"
        server_user="$(marker_value user)"
        if running; then
            echo "postgres-server: already running in $dir (port $(cat "$dir/port"))" >&2
            exit 0
        fi
        [ -f "$dir/data/PG_VERSION" ] \
            || fail "$dir holds no server's data (an earlier start failed); run: scripts/postgres-server.sh stop $dir, then start again"
        start_server
        echo "postgres-server: started again in $dir on 127.0.0.1:$(cat "$dir/port")" >&2
        exit 0
    fi
    if [ -n "$(ls -A "$dir")" ]; then
        fail "$dir is not empty and no server was started there by this script; give a new or empty folder"
    fi
    case "$dir" in
    *[\',\\\ ]* | *$'\n'*) fail "the folder $dir has a quote, comma, backslash or space, which PostgreSQL's socket setting cannot hold; give another folder (mktemp -d)" ;;
    esac
    # A Unix socket path holds at most 107 bytes: DIR/.s.PGSQL.PORT.
    [ $((${#dir} + 16)) -le 107 ] || fail "the folder $dir is too long for a Unix socket path (at most 91 characters); give a shorter one (mktemp -d)"

    bin="${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"
    [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] \
        || fail "PostgreSQL's server programs are not in $bin; install them (apt-get install postgresql-15) or set POSTGRES_BIN to their folder"
    if [ "$(id -u)" -eq 0 ]; then
        # PostgreSQL refuses to run as root.
        server_user="${POSTGRES_SERVER_USER:-postgres}"
        id -u "$server_user" >/dev/null 2>&1 \
            || fail "there is no user '$server_user' to run the server as (PostgreSQL refuses root); install postgresql-15, which creates it, or set POSTGRES_SERVER_USER"
        [ "$(id -u "$server_user")" -ne 0 ] || fail "POSTGRES_SERVER_USER must not be root; PostgreSQL refuses to run as root"
        owner="$(stat -c %u:%g "$dir")"
        chown "$server_user" "$dir"
        runuser -u "$server_user" -- test -w "$dir" \
            || fail "the user '$server_user' cannot write in $dir (a folder above it is closed to it); give a folder under /tmp (mktemp -d)"
    else
        server_user="$(id -un)"
    fi

    # The superuser's password: 32 hex digits, so the URL needs no escaping.
    password="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
    [ ${#password} -eq 32 ] || fail "could not read 16 random bytes from /dev/urandom"
    (umask 077 && printf '%s\n' "$password" >"$dir/password")
    [ "$(id -u)" -ne 0 ] || chown "$server_user" "$dir/password"
    printf 'bin=%s\nuser=%s\n' "$bin" "$server_user" >"$marker"
    chmod 0700 "$dir"

    as_server "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/password" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || {
            tail -n 5 "$dir/initdb.log" >&2 || true
            fail "initdb failed in $dir (its output, $dir/initdb.log, ends above)"
        }
    cat >>"$dir/data/postgresql.conf" <<EOF

# scripts/postgres-server.sh: a throw-away server for tests.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
password_encryption = 'scram-sha-256'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    start_server
    echo "postgres-server: started in $dir on 127.0.0.1:$(cat "$dir/port") (socket in $dir, log $dir/server.log)" >&2
    ;;
url)
    [ -n "$dir" ] && [ -f "$marker" ] || fail "no server was started in $2; run: scripts/postgres-server.sh start $2"
    bin="$(marker_value bin)"
    server_user="$(marker_value user)"
    running || fail "the server in $dir is not running; run: scripts/postgres-server.sh start $dir"
    echo "postgresql://postgres:$(cat "$dir/password")@127.0.0.1:$(cat "$dir/port")/postgres"
    ;;
stop)
    [ -n "$dir" ] || exit 0
    if [ ! -f "$marker" ]; then
        if [ -z "$(ls -A "$dir")" ]; then
            rmdir "$dir"
            exit 0
        fi
        fail "$dir was not made by scripts/postgres-server.sh start (no $marker_name in it); nothing stopped or removed"
    fi
    bin="$(marker_value bin)"
    server_user="$(marker_value user)"
    if running; then
        as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null \
            || fail "the server in $dir did not stop; see $dir/server.log, or stop it with: $bin/pg_ctl -D $dir/data stop -m immediate"
    fi
    rm -rf "$dir"
    ;;
esac
