#!/usr/bin/env bash
# Runs a real PostgreSQL server from Debian's packages for the integration tests, in a private
# cluster that belongs to the caller rather than to Debian's cluster machinery or systemd, so a
# test run never depends on (or disturbs) whatever the machine already runs on port 5432.
#
#   scripts/postgres.sh start  DIR PORT   fresh cluster in DIR on 127.0.0.1:PORT; prints the JDBC URL
#   scripts/postgres.sh stop   DIR        stops the server of DIR (exit 0 when nothing runs)
#   scripts/postgres.sh resume DIR        starts the stopped server of DIR again, data kept
#   scripts/postgres.sh status DIR        exit 0 when the server of DIR runs, 1 otherwise
#
# `start` installs Debian's `postgresql` when no initdb/pg_ctl is present (hence: run as root),
# wipes DIR, and creates role `labelgate` (password `labelgate`) owning database `labelgate`.
# The superuser is `postgres`; its password is $POSTGRES_SUPERUSER_PASSWORD when set, otherwise
# a random one, and either way it is kept in DIR/superuser.password (readable by root/postgres).
# stdout carries only jdbc:postgresql://127.0.0.1:PORT/labelgate; progress goes to stderr.
#
# DIR is the data directory itself. PostgreSQL refuses to run as root, so the server runs as the
# `postgres` system user, which must be able to reach DIR: when a parent directory is closed to
# it (e.g. /root, mode 700) `start` fails and names that directory instead of loosening its
# permissions behind the caller's back. /tmp/... and /work/... are fine.
set -euo pipefail
# Parents that mkdir -p creates must stay traversable by postgres even under a strict umask.
umask 022

me="postgres.sh"
log() { echo "$me: $*" >&2; }
die() { echo "$me: error: $*" >&2; exit 1; }

usage() {
  cat >&2 <<EOF
usage: $0 start DIR PORT | stop DIR | resume DIR | status DIR
EOF
  exit 2
}

# Newest installed major wins, so a machine with several versions behaves like a fresh one.
find_bindir() {
  local dir best=""
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      best="$dir"
    fi
  done
  echo "$best"
}

# Runs a command as the postgres user from /, because runuser keeps the caller's working
# directory and postgres cannot enter e.g. /root (every tool would warn about it).
as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  elif [ "$(id -un)" = postgres ]; then
    (cd / && "$@")
  else
    die "must run as root (or as the postgres user) to run PostgreSQL tools"
  fi
}

# apt's chatter goes to a file and is shown only when it fails, so stderr stays readable.
# Bounded: a held dpkg lock or a stalled mirror must not hang the test run forever.
run_apt() {
  local out
  out="$(mktemp)"
  if ! DEBIAN_FRONTEND=noninteractive timeout 1200 apt-get -o DPkg::Lock::Timeout=300 "$@" >"$out" 2>&1; then
    tail -n 40 "$out" >&2
    rm -f "$out"
    die "apt-get $* failed (last lines above)"
  fi
  rm -f "$out"
}

apt_install() {
  run_apt install -y --no-install-recommends "$@"
}

install_postgres() {
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and installing it needs root"
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is missing"
  # Captured first: `apt-cache ... | grep -q` would die of SIGPIPE and, under pipefail, read
  # as "no candidate".
  local policy
  policy="$(apt-cache policy postgresql 2>/dev/null || true)"
  if ! grep -q 'Candidate: [0-9]' <<<"$policy"; then
    log "no candidate for package postgresql; running apt-get update"
    run_apt update
  fi
  log "installing Debian's postgresql (first run only)"
  # Debian's postinst would otherwise create a 'main' cluster on 5432 and, where services may
  # start, run it; postgresql-common reads this switch before the server package is configured.
  apt_install postgresql-common
  local conf=/etc/postgresql-common/createcluster.conf
  if [ -f "$conf" ] && grep -Eq '^[#[:space:]]*create_main_cluster' "$conf"; then
    sed -ri 's/^[#[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' "$conf"
  else
    mkdir -p "$(dirname "$conf")"
    echo 'create_main_cluster = false' >>"$conf"
  fi
  apt_install postgresql
  stop_debian_clusters
}

# Belt and braces for machines where the main cluster existed before (so postinst skipped the
# switch above) and services do start: nothing Debian-managed may stay up after our install.
stop_debian_clusters() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  local ver name port status
  while read -r ver name port status _; do
    [ "$status" = online ] || continue
    log "stopping Debian cluster $ver/$name on port $port that the package install started"
    timeout 60 pg_ctlcluster "$ver" "$name" stop -m fast >&2 \
      || timeout 60 service postgresql stop >&2 \
      || die "could not stop Debian cluster $ver/$name on port $port"
  done < <(pg_lsclusters --no-header 2>/dev/null || true)
}

# PID of the postmaster of DIR, or nothing. The PID in postmaster.pid is trusted only when that
# process is a postgres whose working directory is DIR (the postmaster chdirs to its data
# directory), so a stale file whose PID was reused never points us at an unrelated process.
postmaster_pid() {
  local dir="$1" pid
  [ -f "$dir/postmaster.pid" ] || return 0
  pid="$(head -n 1 "$dir/postmaster.pid" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  if is_postgres_of "$pid" "$dir"; then echo "$pid"; fi
}

is_postgres_of() {
  local pid="$1" dir="$2"
  [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = postgres ] \
    && [ "$(readlink "/proc/$pid/cwd" 2>/dev/null || true)" = "$dir" ]
}

# Every postgres process (postmaster and backends) working in DIR; used only on the kill path.
postgres_pids_of() {
  local dir="$1" proc pid
  for proc in /proc/[0-9]*; do
    pid="${proc#/proc/}"
    if is_postgres_of "$pid" "$dir"; then echo "$pid"; fi
  done
}

wait_gone() {
  local seconds="$1" pid
  shift
  local deadline=$((SECONDS + seconds))
  while (( SECONDS < deadline )); do
    local alive=""
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && return 0
    sleep 0.5
  done
  return 1
}

do_status() {
  local dir="$1"
  [ -n "$(postmaster_pid "$dir")" ]
}

do_stop() {
  local dir="$1" pid bindir
  pid="$(postmaster_pid "$dir")"
  if [ -z "$pid" ]; then
    log "no server running from $dir"
    return 0
  fi
  bindir="$(find_bindir)"
  log "stopping the server of $dir (PID $pid)"
  if [ -n "$bindir" ] && as_postgres timeout 45 "$bindir/pg_ctl" -D "$dir" -m fast -s -w -t 30 stop >&2; then
    return 0
  fi
  # pg_ctl failed (server wedged, or the binaries are gone): signal only processes proven to be
  # this cluster's. Note TERM is PostgreSQL's "smart" shutdown, which waits for open sessions;
  # hence the bounded wait and the KILL after it.
  pid="$(postmaster_pid "$dir")"
  if [ -z "$pid" ]; then
    log "the server of $dir is gone"
    return 0
  fi
  log "pg_ctl stop failed; sending TERM to postmaster $pid"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone 10 "$pid"; then
    log "postmaster $pid still alive after 10 s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone 10 "$pid" || die "postmaster $pid of $dir survived KILL"
  fi
  # Backends outlive a killed postmaster until they notice; they must not keep DIR busy.
  local rest
  rest="$(postgres_pids_of "$dir" | tr '\n' ' ')"
  if [ -n "${rest// /}" ]; then
    log "killing leftover postgres processes of $dir: $rest"
    # shellcheck disable=SC2086
    kill -KILL $rest 2>/dev/null || true
    # shellcheck disable=SC2086
    wait_gone 10 $rest || die "postgres processes $rest of $dir survived KILL"
  fi
}

# Names the first existing directory on the way to DIR that postgres cannot search, before
# anything is created or wiped, so the error is useful and nothing is left behind. Missing
# parents are fine: mkdir -p creates them traversable (umask 022 above).
check_reachable() {
  local dir="$1" path="" part
  local -a parts
  IFS=/ read -r -a parts <<<"${dir#/}"
  for part in "${parts[@]}"; do
    path="$path/$part"
    [ -d "$path" ] || break
    if ! as_postgres test -x "$path"; then
      die "the postgres user cannot enter $path (mode $(stat -c %A "$path"), owner $(stat -c %U "$path")); choose a DIR under /tmp or /work, or make $path traversable (chmod o+x)"
    fi
  done
}

# Wiping is part of the contract, but only something that is empty or already a PostgreSQL data
# directory gets wiped, so a mistyped DIR (a checkout, /) is refused rather than erased.
wipe_dir() {
  local dir="$1"
  if [ -e "$dir" ] && [ ! -d "$dir" ]; then
    die "$dir exists and is not a directory"
  fi
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && [ ! -f "$dir/PG_VERSION" ]; then
    die "$dir is not empty and is not a PostgreSQL data directory; refusing to wipe it"
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
}

do_start() {
  local dir="$1" port="$2" bindir
  [[ "$port" =~ ^[0-9]+$ ]] && (( port >= 1 && port <= 65535 )) || die "PORT must be 1-65535, got '$port'"
  # The socket lives in DIR, and a Unix socket path must fit in 107 bytes.
  local sock="$dir/.s.PGSQL.$port"
  (( ${#sock} <= 107 )) || die "DIR is too long for a Unix socket path ($sock has ${#sock} bytes, limit 107)"

  bindir="$(find_bindir)"
  if [ -z "$bindir" ]; then
    install_postgres
    bindir="$(find_bindir)"
    [ -n "$bindir" ] || die "installed postgresql but found no initdb/pg_ctl in /usr/lib/postgresql/*/bin"
  fi
  id postgres >/dev/null 2>&1 || die "the postgres system user does not exist (it comes with Debian's postgresql-common)"
  log "using $("$bindir/postgres" --version) from $bindir"

  if do_status "$dir"; then
    log "a server from $dir is already running; stopping it first"
    do_stop "$dir"
  fi

  check_reachable "$dir"
  wipe_dir "$dir"
  as_postgres test -w "$dir" || die "the postgres user cannot write to $dir"

  local password="${POSTGRES_SUPERUSER_PASSWORD:-}"
  if [ -z "$password" ]; then
    password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  fi
  # initdb wants DIR empty, so the password file waits outside it until the cluster exists.
  local pwfile
  pwfile="$(mktemp)"
  # shellcheck disable=SC2064
  trap "rm -f '$pwfile'" EXIT
  printf '%s\n' "$password" >"$pwfile"
  chown postgres "$pwfile"
  chmod 600 "$pwfile"

  log "creating a cluster in $dir"
  # Peer auth on the socket (only root/postgres can reach it, DIR is 0700) lets this script
  # administer the cluster without handling the password; TCP always needs a SCRAM password.
  # initdb's chatter is kept out of the way and shown only when it fails.
  local initdb_out
  if ! initdb_out="$(as_postgres timeout 120 "$bindir/initdb" -D "$dir" -U postgres --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=peer --encoding=UTF8 --locale=C.UTF-8 2>&1)"; then
    echo "$initdb_out" >&2
    die "initdb failed for $dir"
  fi
  rm -f "$pwfile"
  printf '%s\n' "$password" >"$dir/superuser.password"
  chown postgres:postgres "$dir/superuser.password"
  chmod 600 "$dir/superuser.password"

  # Written into postgresql.conf rather than passed with -o so a restart keeps them.
  cat >>"$dir/postgresql.conf" <<EOF

# labelgate integration tests (scripts/postgres.sh)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
full_page_writes = on
password_encryption = 'scram-sha-256'
EOF

  log "starting the server on 127.0.0.1:$port (log: $dir/postgres.log)"
  if ! as_postgres "$bindir/pg_ctl" -D "$dir" -l "$dir/postgres.log" -s -w -t 60 start >&2; then
    log "last lines of $dir/postgres.log:"
    tail -n 30 "$dir/postgres.log" >&2 2>/dev/null || true
    die "pg_ctl start failed for $dir on port $port (port in use? see the log above)"
  fi

  log "creating role and database labelgate"
  as_postgres timeout 60 "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE labelgate LOGIN PASSWORD 'labelgate'" \
    -c "CREATE DATABASE labelgate OWNER labelgate" >&2 \
    || die "could not create role/database labelgate (server log: $dir/postgres.log)"

  log "ready"
  echo "jdbc:postgresql://127.0.0.1:$port/labelgate"
}

# The outage tests stop a server under traffic and bring the same cluster back: no wipe, the
# port and data of the first start.
do_resume() {
  local dir="$1" bindir
  [ -f "$dir/PG_VERSION" ] || die "$dir is not a PostgreSQL data directory (use start to create one)"
  if do_status "$dir"; then
    log "the server of $dir is already running"
    return 0
  fi
  bindir="$(find_bindir)"
  [ -n "$bindir" ] || die "PostgreSQL is not installed (use start, which installs it)"
  log "starting the server of $dir again"
  if ! as_postgres "$bindir/pg_ctl" -D "$dir" -l "$dir/postgres.log" -s -w -t 60 start >&2; then
    tail -n 30 "$dir/postgres.log" >&2 2>/dev/null || true
    die "pg_ctl start failed for $dir (see the log above)"
  fi
}

# DIR is compared with the postmaster's /proc cwd, so it must be absolute and symlink-free.
abs_dir() {
  [ -n "$1" ] || die "DIR must not be empty"
  realpath -m -- "$1"
}

cmd="${1:-}"
case "$cmd" in
  start)
    [ $# -eq 3 ] || usage
    do_start "$(abs_dir "$2")" "$3"
    ;;
  stop)
    [ $# -eq 2 ] || usage
    do_stop "$(abs_dir "$2")"
    ;;
  resume)
    [ $# -eq 2 ] || usage
    do_resume "$(abs_dir "$2")"
    ;;
  status)
    [ $# -eq 2 ] || usage
    dir="$(abs_dir "$2")"
    if do_status "$dir"; then
      log "running from $dir (PID $(postmaster_pid "$dir"))"
      exit 0
    fi
    log "not running from $dir"
    exit 1
    ;;
  *)
    usage
    ;;
esac
