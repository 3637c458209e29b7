#!/usr/bin/env bash
# Measures labelgate (issue 6) and writes docs/benchmarks/results.md and results.png (a --quick
# run, the smoke test CI runs, writes its report under benchmarks/target/ instead):
#   1. builds the project (mvn install, tests skipped);
#   2. runs the JMH suite of benchmarks/ (token verification per algorithm, one decision per engine,
#      the whole pipeline with warm caches and without) against an OPA server it starts on loopback;
#   3. starts a PostgreSQL and seven Payara Micro servers on free loopback ports: the sample WAR
#      without labelgate (its labelgate jars removed), protected with the embedded engine (H2
#      registry), the same on the PostgreSQL registry, the same with a decision log line for every
#      allowed request (labelgate.decision-log.allowed=true), the same with labelgate as the app's
#      Jakarta Security mechanism (the sample's setting; every other node runs the library's default,
#      off, with -Dlabelgate.jakarta-security.enabled=false), protected with the remote engine
#      (asking that OPA server on every request: its decision cache off), and the peer: the sample's GET /api/hello protected instead by
#      Payara's own MicroProfile JWT (benchmarks/peer-war, RS256 tokens of a fresh RSA 2048 key, as
#      labelgate's demo key); registers many tokens and opens browser sessions through the apps'
#      own admin API and login form; then wrk (Debian's native load generator, installed by
#      scripts/install-wrk.sh) warms each target up and loads them in turn, round after round, with
#      16 keep-alive connections, a credential drawn at random per request (ratios are medians of
#      per-round ratios); reads each server's CPU, resident set and live heap, and PostgreSQL's
#      transaction count;
#   4. writes the report and prints its table.
# With the OPA server it also asks OPA itself, with ?metrics, how long its handler and the policy's
# evaluation take per decision (medians), and notes that under the table: the share of a remote
# decision that is OPA's own.
# Everything it writes is under benchmarks/target/benchmark-run (emptied first), the servers' logs
# included; the credentials of the servers (admin secret, key-encryption key; not the demo token,
# which demo mode prints on purpose) go to $LABELGATE_RUN_DIR/secrets/benchmark.txt, which
# scripts/scan-logs.sh looks for in those logs (run alone: benchmark-run/secrets/benchmark.txt).
# Every process it starts is stopped by its PID on exit. Needs Java 17, Maven, zip, curl, and Go
# for the OPA binary (scripts/install-opa.sh), wrk and PostgreSQL (installed when missing); without
# OPA the remote parts are skipped.
#
# Usage: scripts/benchmark.sh [--quick]
#   full (default): JMH 1 fork, warm-up 3 x 2 s, measurement 5 x 2 s; load 30 s warm-up (the servers'
#                   JIT is not done before), then 6 rounds of 5 s per target; 10,000 tokens, 100 sessions
#   --quick:        JMH warm-up 1 x 0.5 s, measurement 1 x 0.5 s; load 2 s warm-up, then 2 rounds of 2 s
#                   per target; 200 tokens, 20 sessions
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mode=full
case "${1:-}" in
  "") ;;
  --quick) mode=quick ;;
  *) echo "usage: scripts/benchmark.sh [--quick]" >&2; exit 2 ;;
esac

started_at=$(date +%s)
users=16
if [ "$mode" = quick ]; then
  jmh_options=(-f 1 -wi 1 -w 500ms -i 1 -r 500ms)
  load_options=(--warmup 2s --duration 2s --rounds 2)
  many_tokens=200
  sessions=20
else
  jmh_options=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
  load_options=(--warmup 30s --duration 5s --rounds 6)
  many_tokens=10000
  sessions=100
fi

pids=()
stop_all() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    # Payara stops within a few seconds; one that does not is killed
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

step() { echo "benchmark: $*"; }

# A free loopback TCP port in $free: random below Linux's ephemeral range (32768-60999), where no
# outgoing connection (the servers' own, to PostgreSQL or OPA) can take it between the check and
# the server's bind, checked against the listening sockets and the ports already handed out (not
# in a subshell, so that it remembers them).
taken=" "
free=""
free_port() {
  while true; do
    free=$((20000 + RANDOM % 12000))
    case "$taken" in *" $free "*) continue ;; esac
    if [ -z "$(ss -Htln "sport = :$free" 2>/dev/null)" ]; then
      taken="$taken$free "
      return
    fi
  done
}

wait_for_status() { # url expected-status seconds pid log
  local url="$1" expected="$2" seconds="$3" pid="$4" log="$5" status
  for _ in $(seq 1 $((seconds * 2))); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "benchmark: the process behind $url stopped; the end of $log:" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    status=$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)
    if [ "$status" = "$expected" ]; then
      return 0
    fi
    sleep 0.5
  done
  echo "benchmark: $url did not answer $expected within ${seconds} s (last: $status); see $log" >&2
  exit 1
}

# The median of the numbers on stdin.
median() {
  sort -n | awk '{ value[NR] = $1 } END { if (NR == 0) exit 1; print value[int((NR + 1) / 2)] }'
}

# OPA's own time per decision, as its server reports it with ?metrics: the handler (input parsing,
# evaluation, answer) and the policy's evaluation alone, medians over requests on one keep-alive
# connection, after a warm-up. The input is what the benchmarks decide on (Fixtures: a read
# token scoped group=A, on an app labelled group=A in region GRA), and must be allowed.
opa_server_time() {
  local requests=2000 url="$opa_url/v1/data/labelgate/authz/decision?metrics=true" urls handler evaluation
  if [ "$mode" = quick ]; then
    requests=200
  fi
  cat >"$run/opa-input.json" <<'JSON'
{"input":{"token":{"id":"bench-token","role":"read","region":"GRA","allApps":false,
 "selectors":[{"key":"group","operator":"In","values":["A"]}]},
 "app":{"id":"6f1c3c44-52f5-4a39-9d2c-7f1f4d0b7a11","region":"GRA",
 "labels":{"group":"A","labelgate/id":"6f1c3c44-52f5-4a39-9d2c-7f1f4d0b7a11","labelgate/type":"app"}},
 "request":{"method":"GET","path":"/","action":"read"}}}
JSON
  mapfile -t urls < <(yes "$url" | head -n $((requests + 200)))
  curl -sf --max-time 120 -X POST -H 'Content-Type: application/json' --data-binary @"$run/opa-input.json" \
    -w '\n' "${urls[@]}" | grep -v '^$' | tail -n "$requests" >"$run/opa-metrics.jsonl"
  if [ "$(grep -c '"result":{"allow":true' "$run/opa-metrics.jsonl")" -ne "$requests" ]; then
    echo "benchmark: OPA did not allow the benchmark input $requests times; see $run/opa-metrics.jsonl" >&2
    exit 1
  fi
  handler="$(sed -n 's/.*"timer_server_handler_ns":\([0-9]*\).*/\1/p' "$run/opa-metrics.jsonl" | median)"
  evaluation="$(sed -n 's/.*"timer_rego_query_eval_ns":\([0-9]*\).*/\1/p' "$run/opa-metrics.jsonl" | median)"
  opa_note="OPA's server, per decision (its own ?metrics, medians of $requests requests on one keep-alive connection): handler $((handler / 1000)) µs, of which evaluating the policy $((evaluation / 1000)) µs."
  step "$opa_note"
  notes+=(--note "$opa_note")
  # The wire's floor: wrk, a native client, asking the same decision over one keep-alive connection
  local seconds=10 floor
  if [ "$mode" = quick ]; then
    seconds=2
  fi
  cat >"$run/opa-floor.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$(tr -d '\n' <"$run/opa-input.json")]]
function done(summary, latency, requests)
  io.write(string.format("OPA-FLOOR requests=%d errors=%d p50_us=%d p99_us=%d\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
LUA
  floor="$(timeout $((seconds + 30)) wrk -t 1 -c 1 -d "${seconds}s" -s "$run/opa-floor.lua" \
    "$opa_url/v1/data/labelgate/authz/decision" | grep '^OPA-FLOOR' || true)"
  if [ -z "$floor" ] || ! [[ "$floor" =~ errors=0 ]]; then
    echo "benchmark: wrk could not ask OPA for the floor: ${floor:-no result}" >&2
    exit 1
  fi
  opa_floor_note="The wire's floor, asked by wrk (a native client) over one keep-alive connection for ${seconds} s: median $(sed -n 's/.*p50_us=\([0-9]*\).*/\1/p' <<<"$floor") µs, p99 $(sed -n 's/.*p99_us=\([0-9]*\).*/\1/p' <<<"$floor") µs per decision ($(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$floor") decisions): what any client pays for OPA's HTTP round trip; RemoteDecisionBenchmark's rows add labelgate's client on top."
  step "$opa_floor_note"
  notes+=(--note "$opa_floor_note")
}

# ---------------------------------------------------------------------------------------------
"$root/scripts/install-wrk.sh"
step "building (mvn -B -q -DskipTests install)"
mvn -B -q -DskipTests install
jar="$root/benchmarks/target/labelgate-benchmarks.jar"
payara_version="$(sed -n 's:.*<payara-micro.version>\(.*\)</payara-micro.version>.*:\1:p' pom.xml)"
payara_jar="$root/sample-war/target/payara/payara-micro-${payara_version}.jar"
run="$root/benchmarks/target/benchmark-run"
rm -rf "$run"
mkdir -p "$run"
secrets="${LABELGATE_RUN_DIR:-$run}/secrets/benchmark.txt"
mkdir -p "$(dirname "$secrets")"
notes=()

opa=""
if opa="$("$root/scripts/install-opa.sh")"; then
  free_port
  opa_port=$free
  step "starting OPA $("$opa" version | sed -n 's/^Version: //p') on 127.0.0.1:$opa_port"
  "$opa" run --server --addr "127.0.0.1:$opa_port" --log-level error "$root/policies/rego/authz.rego" \
    >"$run/opa.log" 2>&1 &
  opa_pid=$!
  pids+=("$opa_pid")
  wait_for_status "http://127.0.0.1:$opa_port/health" 200 30 "$opa_pid" "$run/opa.log"
  opa_url="http://127.0.0.1:$opa_port"
  opa_server_time
else
  opa=""
  echo "benchmark: SKIPPING the remote engine (benchmark and load target): no OPA binary (scripts/install-opa.sh failed)" >&2
  notes+=(--note "The remote engine was not measured: no OPA binary (scripts/install-opa.sh failed).")
fi

# ---------------------------------------------------------------------------------------------
step "JMH suite ($mode: ${jmh_options[*]})"
jmh_args=("${jmh_options[@]}" -rf json -rff "$run/jmh.json")
if [ -n "$opa" ]; then
  jmh_args+=(-jvmArgsAppend "-Dlabelgate.bench.opa.url=$opa_url")
else
  jmh_args+=(-e RemoteDecisionBenchmark)
fi
jmh_started=$(date +%s)
set +e
java -jar "$jar" "${jmh_args[@]}" 2>&1 | tee "$run/jmh.log" \
  | grep --line-buffered -E '^# (Benchmark|Parameters):|^Iteration|SKIPPED|Exception'
jmh_status=${PIPESTATUS[0]}
set -e
if [ "$jmh_status" -ne 0 ] || [ ! -s "$run/jmh.json" ]; then
  echo "benchmark: JMH failed (status $jmh_status); see $run/jmh.log" >&2
  exit 1
fi
jmh_seconds=$(( $(date +%s) - jmh_started ))

# The decision cache's hit rate on a REST API with ids in its paths, for the built-in policy (keyed
# on the action) and for the sample's bundle, whose rule reads the path (keyed on it too).
step "decision cache hit rates (built-in policy, and a bundle that reads the path)"
hit_rates="$(java -cp "$jar" io.labelgate.benchmarks.CacheHitRates \
  "$root/sample-war/src/main/webapp/WEB-INF/labelgate/policy.tar.gz" 2>/dev/null | grep '^CacheHitRates: ')"
[ "$(wc -l <<<"$hit_rates")" -eq 2 ] || { echo "benchmark: CacheHitRates printed no figures" >&2; exit 1; }
while IFS= read -r line; do
  step "$line"
  notes+=(--note "${line#CacheHitRates: }")
done <<<"$hit_rates"

# ---------------------------------------------------------------------------------------------
step "preparing the unprotected copy of the sample WAR"
mkdir -p "$run/unprotected"
cp "$root/sample-war/target/ai-app.war" "$run/unprotected/ai-app.war"
# labelgate's jars out; its classes the sample names (TokenService, @Manage, AppStatusChanged) go with
# them, so the two resources using them go too: what is left is the app without labelgate
zip -q -d "$run/unprotected/ai-app.war" 'WEB-INF/lib/labelgate-*.jar' \
  'WEB-INF/classes/io/labelgate/sample/TokenCountResource.class' \
  'WEB-INF/classes/io/labelgate/sample/ModelResource.class' >/dev/null

start_payara() { # name war [system properties...]
  local name="$1" war="$2" port
  shift 2
  free_port
  port=$free
  mkdir -p "$run/$name/data" "$run/$name/root"
  # the heap fixed and touched at start, as production servers often run: the resident sets then
  # differ by what the heap does not hold (code, classes, native memory), not by how far G1 grew
  # each heap on demand; native memory tracking says which
  java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary -Dlabelgate.data-dir="$run/$name/data" "$@" \
    -jar "$payara_jar" --deploy "$war" --port "$port" --nohazelcast \
    --prebootcommandfile "$root/scripts/payara-preboot.txt" --rootdir "$run/$name/root" \
    >"$run/$name/payara.log" 2>&1 &
  pids+=("$!")
  eval "${name}_pid=$!"
  eval "${name}_url=http://127.0.0.1:$port/ai-app/"
}

# A PostgreSQL of the benchmark's own, for the node whose registry is PostgreSQL, as deployed.
pg_base="$(mktemp -d -t labelgate-bench-pg.XXXXXX)"
chmod 755 "$pg_base"
free_port
pg_port=$free
pg_url="$("$root/scripts/postgres.sh" start "$pg_base/data" "$pg_port")"
stop_postgres() { "$root/scripts/postgres.sh" stop "$pg_base/data" >/dev/null 2>&1 || true; rm -rf "$pg_base"; }
trap 'stop_all; stop_postgres' EXIT
pg_transactions() {
  PGPASSWORD=labelgate psql -h 127.0.0.1 -p "$pg_port" -U labelgate -d labelgate -Atc \
    "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'labelgate'"
}

step "starting Payara Micro ${payara_version}: unprotected, embedded (H2), postgres, all-logged, jakarta-security$([ -n "$opa" ] && echo ", remote")"
# the library's default: not the application's Jakarta Security mechanism (the sample turns it on)
filters_only=-Dlabelgate.jakarta-security.enabled=false
start_payara unprotected "$run/unprotected/ai-app.war"
start_payara embedded "$root/sample-war/target/ai-app.war" "$filters_only"
start_payara postgres "$root/sample-war/target/ai-app.war" "$filters_only" -Dlabelgate.registry.jdbc-url="$pg_url" \
  -Dlabelgate.registry.user=labelgate -Dlabelgate.registry.password=labelgate
start_payara all_logged "$root/sample-war/target/ai-app.war" "$filters_only" -Dlabelgate.decision-log.allowed=true
# the sample as it ships, labelgate its Jakarta Security mechanism: what the container's
# authentication of every request costs on top of the filters
start_payara jakarta_security "$root/sample-war/target/ai-app.war"
if [ -n "$opa" ]; then
  # its decision cache off: every request asks OPA, so the row shows the remote engine's real cost
  start_payara remote "$root/sample-war/target/ai-app.war" "$filters_only" \
    -Dlabelgate.engine=remote -Dlabelgate.engine.remote.url="$opa_url" -Dlabelgate.decision-cache.max-size=0
fi
wait_for_status "$unprotected_url" 200 180 "$unprotected_pid" "$run/unprotected/payara.log"
wait_for_status "$embedded_url" 401 180 "$embedded_pid" "$run/embedded/payara.log"
wait_for_status "$postgres_url" 401 180 "$postgres_pid" "$run/postgres/payara.log"
wait_for_status "$all_logged_url" 401 180 "$all_logged_pid" "$run/all_logged/payara.log"
wait_for_status "$jakarta_security_url" 401 180 "$jakarta_security_pid" "$run/jakarta_security/payara.log"
protected=(embedded postgres all_logged jakarta_security)
if [ -n "$opa" ]; then
  wait_for_status "$remote_url" 401 180 "$remote_pid" "$run/remote/payara.log"
  protected+=(remote)
fi
# each protected server's credentials, which none of the logs may show (scripts/scan-logs.sh)
for name in "${protected[@]}"; do
  admin_secret="$(cat "$run/$name/data/ai-app/admin-secret")"
  encryption_key="$(cat "$run/$name/data/demo-keys-encryption.key")"
  printf '%s\n' "$admin_secret" "$encryption_key" >>"$secrets"
done
body=$(curl -s "$unprotected_url")
if [ "$body" != "Hello, World!" ]; then
  echo "benchmark: the unprotected WAR answers '$body', not 'Hello, World!'" >&2
  exit 1
fi

# The peer: what a Jakarta EE user would pick instead of labelgate. Its tokens come first: the
# server reads the public key they are signed with at start.
step "the MicroProfile JWT peer: $many_tokens tokens of its own key"
peer_issuer=https://peer.labelgate.test
mkdir -p "$run/peer-war"
cp "$root/benchmarks/peer-war/target/ai-app.war" "$run/peer-war/ai-app.war"
java -cp "$jar" io.labelgate.benchmarks.Credentials peer "$peer_issuer" "$run/peer-public-key.pem" "$many_tokens" \
  "$run/peer-tokens.txt"
head -n 1 "$run/peer-tokens.txt" >"$run/peer-one-token.txt"
cat "$run/peer-tokens.txt" >>"$secrets"
start_payara peer "$run/peer-war/ai-app.war" -Dmp.jwt.verify.publickey.location="file://$run/peer-public-key.pem" \
  -Dmp.jwt.verify.issuer="$peer_issuer"
wait_for_status "${peer_url}api/hello" 401 180 "$peer_pid" "$run/peer/payara.log"
body=$(curl -s "${peer_url}api/hello" -H "Authorization: Bearer $(cat "$run/peer-one-token.txt")")
if [ "$body" != "Hello, World!" ]; then
  echo "benchmark: the MicroProfile JWT peer answers '$body' to its own token, not 'Hello, World!'" >&2
  exit 1
fi

step "credentials: $many_tokens registered read tokens on the H2 and the PostgreSQL node, $sessions browser sessions"
for name in embedded postgres; do
  url_var="${name}_url"
  java -cp "$jar" io.labelgate.benchmarks.Credentials tokens "${!url_var}" "$run/$name/data/ai-app/admin-secret" \
    "$many_tokens" "$run/$name-tokens.txt"
  cat "$run/$name-tokens.txt" >>"$secrets"
done
java -cp "$jar" io.labelgate.benchmarks.Credentials sessions "$embedded_url" "$run/embedded-tokens.txt" "$sessions" \
  "$run/embedded-sessions.txt"
cat "$run/embedded-sessions.txt" >>"$secrets"

targets=(--target "name=unprotected,url=$unprotected_url,pid=$unprotected_pid"
  --target "name=one-token,url=$embedded_url,credentials=$run/embedded/data/ai-app/demo-token,pid=$embedded_pid"
  --target "name=10k-h2,url=$embedded_url,credentials=$run/embedded-tokens.txt,pid=$embedded_pid"
  --target "name=10k-postgres,url=$postgres_url,credentials=$run/postgres-tokens.txt,pid=$postgres_pid"
  --target "name=sessions,url=$embedded_url,credentials=$run/embedded-sessions.txt,mode=cookie,pid=$embedded_pid"
  --target "name=all-logged,url=$all_logged_url,credentials=$run/all_logged/data/ai-app/demo-token,pid=$all_logged_pid"
  --target "name=one-token-jakarta-security,url=$jakarta_security_url,credentials=$run/jakarta_security/data/ai-app/demo-token,pid=$jakarta_security_pid")
if [ -n "$opa" ]; then
  targets+=(--target "name=remote-uncached,url=$remote_url,credentials=$run/remote/data/ai-app/demo-token,pid=$remote_pid")
fi
# labelgate against the MicroProfile JWT peer, on the JAX-RS path the peer protects; each compared
# with the unprotected app on that path
targets+=(--target "name=unprotected-api,url=${unprotected_url}api/hello,pid=$unprotected_pid"
  --target "name=one-token-api,url=${embedded_url}api/hello,credentials=$run/embedded/data/ai-app/demo-token,pid=$embedded_pid,baseline=unprotected-api"
  --target "name=10k-h2-api,url=${embedded_url}api/hello,credentials=$run/embedded-tokens.txt,pid=$embedded_pid,baseline=unprotected-api"
  --target "name=peer-one-token-api,url=${peer_url}api/hello,credentials=$run/peer-one-token.txt,pid=$peer_pid,baseline=unprotected-api"
  --target "name=peer-10k-api,url=${peer_url}api/hello,credentials=$run/peer-tokens.txt,pid=$peer_pid,baseline=unprotected-api")

step "load: wrk, $users connections, ${load_options[*]}, targets in turn"
load_started=$(date +%s)
pg_before=$(pg_transactions)
java -cp "$jar" io.labelgate.benchmarks.LoadRun --users "$users" "${load_options[@]}" \
  --out "$run/load.json" "${targets[@]}"
load_seconds=$(( $(date +%s) - load_started ))
# PostgreSQL counts a backend's transactions when it next reports (at most every second, or after 10 s idle)
sleep 11
pg_after=$(pg_transactions)
pg_note="Registry load of the PostgreSQL node: $((pg_after - pg_before)) transactions in the ${load_seconds} s load run (its own warm-up and rounds, and idle during the other targets' turns), $(awk -v n=$((pg_after - pg_before)) -v s="$load_seconds" 'BEGIN { printf "%.1f", n / s }') per second; the ${many_tokens} tokens' first sight and hourly last-used writes included."
step "$pg_note"
notes+=(--note "$pg_note")
# The steady state the issue bounds: the statements the PostgreSQL node sends to its registry
# under load once every token has been seen (first reads and last-used writes done), then idle,
# counted in PostgreSQL's own log (log_statement = all for the two windows only; transaction
# counters would also count autovacuum's work after the tokens were registered).
steady_seconds=10
if [ "$mode" = quick ]; then
  steady_seconds=3
fi
pg_superuser() {
  PGPASSWORD="$(cat "$pg_base/data/superuser.password")" psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
    -Atq -c "$1" -c "SELECT pg_reload_conf()" >/dev/null
}
pg_log_lines() { wc -l <"$pg_base/data/postgres.log"; }
# statements in lines FROM..TO of the server's log: simple queries and executed prepared ones
pg_statements() {
  sed -n "$(($1 + 1)),$2p" "$pg_base/data/postgres.log" | grep -cE 'LOG:  (statement|execute [^:]*): ' || true
}
pg_superuser "ALTER SYSTEM SET log_statement = 'all'"
sleep 1
log_start=$(pg_log_lines)
LABELGATE_CREDENTIALS="$run/postgres-tokens.txt" LABELGATE_MODE=bearer timeout $((steady_seconds + 30)) \
  wrk -t 1 -c "$users" -d "${steady_seconds}s" -s "$root/benchmarks/src/main/resources/wrk/labelgate.lua" \
  "$postgres_url" >"$run/steady-wrk.log" 2>&1
log_loaded=$(pg_log_lines)
sleep 10
log_idle=$(pg_log_lines)
pg_superuser "ALTER SYSTEM RESET log_statement"
steady_requests=$(sed -n 's/^LABELGATE-RESULT requests=\([0-9]*\) errors=\([0-9]*\).*/\1/p' "$run/steady-wrk.log")
steady_errors=$(sed -n 's/^LABELGATE-RESULT requests=\([0-9]*\) errors=\([0-9]*\).*/\2/p' "$run/steady-wrk.log")
if [ -z "$steady_requests" ] || [ "$steady_errors" != 0 ]; then
  echo "benchmark: the steady-state load of the PostgreSQL node failed; see $run/steady-wrk.log" >&2
  exit 1
fi
loaded_statements=$(pg_statements "$log_start" "$log_loaded")
idle_statements=$(pg_statements "$log_loaded" "$log_idle")
touch_statements=$(sed -n "$((log_start + 1)),${log_loaded}p" "$pg_base/data/postgres.log" | grep -c 'SET last_used_at' || true)
steady_note="Registry statements of the PostgreSQL node in steady state (every token seen; PostgreSQL's statement log): under load $(awk -v n="$loaded_statements" -v s="$steady_seconds" 'BEGIN { printf "%.1f", n / s }') per second (${loaded_statements} in ${steady_seconds} s, ${steady_requests} requests with ${many_tokens} tokens at random; ${touch_statements} of them last-used writes), idle $(awk -v n="$idle_statements" 'BEGIN { printf "%.1f", n / 10 }') per second: the change feed's read, once per half revocation bound, and the connection pool's validation of the connection it borrows for it."
step "$steady_note"
notes+=(--note "$steady_note")
# live heap after a full GC, per server
heaps=""
for name in unprotected "${protected[@]}" peer; do
  pid_var="${name}_pid"
  jcmd "${!pid_var}" GC.run >/dev/null 2>&1 || true
  used_kib=$(jcmd "${!pid_var}" GC.heap_info 2>/dev/null | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -n 1)
  heaps="$heaps $name $(( ${used_kib:-0} / 1024 )) MiB,"
done
notes+=(--note "Live heap after a full GC (jcmd GC.run, GC.heap_info):${heaps%,}.")
# what the heap does not hold, per server: JVM native memory committed, in all and its largest parts
natives=""
for name in unprotected "${protected[@]}" peer; do
  pid_var="${name}_pid"
  jcmd "${!pid_var}" VM.native_memory summary >"$run/$name/native-memory.txt" 2>/dev/null || true
  native_mib() { # category
    sed -n "s/^-  *$1 (reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1/p" "$run/$name/native-memory.txt" | head -n 1 \
      | awk '{ printf "%d", $1 / 1024 }'
  }
  total=$(sed -n 's/^Total: reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1/p' "$run/$name/native-memory.txt" \
    | awk '{ printf "%d", $1 / 1024 }')
  natives="$natives $name ${total:-?} MiB (code $(native_mib Code), metaspace $(native_mib Metaspace), class $(native_mib Class), threads $(native_mib Thread)),"
done
notes+=(--note "JVM native memory committed besides the fixed 512 MiB heap's pages (jcmd VM.native_memory summary; Total includes the heap):${natives%,}.")
stop_all
stop_postgres

# ---------------------------------------------------------------------------------------------
report_dir="$root/docs/benchmarks"
if [ "$mode" = quick ]; then
  report_dir="$run"
fi
step "writing $report_dir/results.md and results.png"
total_seconds=$(( $(date +%s) - started_at ))
notes+=(--note "Load: wrk (one thread, $users keep-alive connections), ${load_options[*]}: every target is warmed up, then the targets are measured in turn, round after round, while all run, so a change in the machine's load falls on all alike; requests/s and latencies are medians of a target's rounds, the ratio the median of its per-round ratios to the app it is compared with (unprotected, or unprotected-api). wrk shares the two cores with the servers; its CPU use is in the table. Each Payara Micro has a fixed heap (-Xms512m -Xmx512m -XX:+AlwaysPreTouch), so resident sets compare what lies outside it; the protected ones run the sample in demo mode and log refusals only, except all-logged, which also logs a decision line per allowed request. one-token: every request carries the demo token (H2 registry). 10k-h2 / 10k-postgres: each request a token drawn at random from ${many_tokens} registered through the admin API, on the H2 node and on the node whose registry is PostgreSQL. sessions: each request a session cookie drawn from ${sessions} browser sessions opened through the login form. remote-uncached: the remote engine with its decision cache off (labelgate.decision-cache.max-size=0), so that every request asks OPA over HTTP (the JDK's HttpURLConnection, kept-alive connections, http.maxConnections at its default 5) and the row shows the remote engine's real cost per request. The *-api rows ask GET /ai-app/api/hello, the sample's JAX-RS resource, and are compared with the unprotected app on that path (unprotected-api): one-token-api and 10k-h2-api through labelgate (the embedded node), peer-one-token-api and peer-10k-api through the MicroProfile JWT peer (Payara's own MP-JWT, @LoginConfig(authMethod = \"MP-JWT\") and @RolesAllowed(\"read\"), ${many_tokens} RS256 tokens of its own key): MP-JWT on Payara protects JAX-RS resources, not servlets.")
notes+=(--note "Pipeline \`uncached\`: no token cache and no decision cache (the revocation check keeps the token states it read once, kept current by the change feed). Decision \`embeddedCached\`: the cache as the pipeline consults it. Remote: \`RemoteOpaEngine\` against \`opa run --server\` on loopback.")
if [ "$mode" = quick ]; then
  notes+=(--note "Quick mode is a smoke test of the suite: half-second iterations and seconds of load leave the JIT cold, so its numbers run several times above a full run's. Quote a full run.")
fi
notes+=(--note "This run took ${total_seconds} s in all (JMH ${jmh_seconds} s, load ${load_seconds} s, the rest building and starting servers).")
java -Djava.awt.headless=true -cp "$jar" io.labelgate.benchmarks.Report \
  --jmh "$run/jmh.json" --load "$run/load.json" \
  --md "$report_dir/results.md" --png "$report_dir/results.png" \
  --mode "$mode" --nproc "$(nproc)" --java "$(java -version 2>&1 | head -n 2 | tr '\n' ' ')" "${notes[@]}"
echo "benchmark: done in ${total_seconds} s; raw results in $run"
