#!/usr/bin/env bash
# Profiles labelgate's request path with JFR as docs/benchmarks/profile.md describes: starts the
# sample on Payara Micro (H2 registry, or a PostgreSQL of its own with `postgres`), registers
# TOKENS read tokens through the admin API, warms it up with wrk for 15 s (each request a token at
# random), then records 15 s of JFR method samples under the same load and prints wrk's figures
# (with LABELGATE_PROFILE_JAKARTA_SECURITY=true, labelgate as the app's Jakarta Security mechanism,
# also the samples in Payara's authentication of every request) and the top frames: the first labelgate frame of each sample taken under LabelgateFilter, and
# how many samples were in the embedded engine's evaluations. Run scripts/benchmark.sh --quick
# (or mvn install) first: it uses the built sample WAR and benchmarks jar. Everything it starts
# is stopped by its PID on exit; its files are under target/profile-run. The credentials it makes
# (admin secret, key-encryption key, tokens; not the demo token, which demo mode prints on purpose)
# go to $LABELGATE_RUN_DIR/secrets/profile.txt, which scripts/scan-logs.sh looks for in its logs
# (run alone: target/profile-run/secrets/profile.txt).
#
# Usage: scripts/profile.sh [h2|postgres] [TOKENS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
registry="${1:-h2}"
tokens="${2:-200}"
"$root/scripts/install-wrk.sh"
payara_version="$(sed -n 's:.*<payara-micro.version>\(.*\)</payara-micro.version>.*:\1:p' pom.xml)"
payara_jar="$root/sample-war/target/payara/payara-micro-${payara_version}.jar"
jar="$root/benchmarks/target/labelgate-benchmarks.jar"
run="$root/target/profile-run"
rm -rf "$run"
mkdir -p "$run/data" "$run/root"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

properties=()
pg_base=""
if [ "$registry" = postgres ]; then
  pg_base="$(mktemp -d -t labelgate-profile-pg.XXXXXX)"
  chmod 755 "$pg_base"
  pg_url="$("$root/scripts/postgres.sh" start "$pg_base/data" "$(free_port)")"
  properties=(-Dlabelgate.registry.jdbc-url="$pg_url" -Dlabelgate.registry.user=labelgate
    -Dlabelgate.registry.password=labelgate)
fi
port="$(free_port)"
# the library's default, as the benchmark's protected rows: labelgate not the app's Jakarta Security
# mechanism (the sample turns it on; LABELGATE_PROFILE_JAKARTA_SECURITY=true profiles that)
properties+=(-Dlabelgate.jakarta-security.enabled="${LABELGATE_PROFILE_JAKARTA_SECURITY:-false}")
java -Xmx512m -Dlabelgate.data-dir="$run/data" "${properties[@]}" -jar "$payara_jar" \
  --deploy "$root/sample-war/target/ai-app.war" --port "$port" --nohazelcast \
  --prebootcommandfile "$root/scripts/payara-preboot.txt" --rootdir "$run/root" >"$run/payara.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  if [ -n "$pg_base" ]; then
    "$root/scripts/postgres.sh" stop "$pg_base/data" >/dev/null 2>&1 || true
    rm -rf "$pg_base"
  fi
}
trap cleanup EXIT
app="http://127.0.0.1:$port/ai-app/"
for _ in $(seq 1 360); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$app")" = 401 ] && break
  kill -0 "$pid" 2>/dev/null || { tail -n 30 "$run/payara.log" >&2; exit 1; }
  sleep 0.5
done
java -cp "$jar" io.labelgate.benchmarks.Credentials tokens "$app" "$run/data/ai-app/admin-secret" "$tokens" \
  "$run/tokens.txt"
secrets="${LABELGATE_RUN_DIR:-$run}/secrets/profile.txt"
mkdir -p "$(dirname "$secrets")"
cat "$run/data/ai-app/admin-secret" "$run/data/demo-keys-encryption.key" "$run/tokens.txt" >>"$secrets"
unzip -p "$jar" wrk/labelgate.lua >"$run/labelgate.lua"
export LABELGATE_CREDENTIALS="$run/tokens.txt" LABELGATE_MODE=bearer
echo "profile: warm-up, 15 s"
wrk -t1 -c16 -d15s -s "$run/labelgate.lua" "$app" | grep LABELGATE-RESULT
jcmd "$pid" JFR.start settings=profile duration=15s filename="$run/profile.jfr" >/dev/null
echo "profile: recorded, 15 s"
wrk -t1 -c16 -d15s -s "$run/labelgate.lua" "$app" | grep LABELGATE-RESULT
sleep 2
jfr print --events jdk.ExecutionSample --stack-depth 300 "$run/profile.jfr" >"$run/samples.txt"
total=$(grep -c 'jdk.ExecutionSample' "$run/samples.txt")
# samples whose stack matches every regular expression given
samples() {
  awk -v patterns="$*" 'BEGIN { n = split(patterns, p, " ") }
    function matches() { for (i = 1; i <= n; i++) if (s !~ p[i]) return 0; return n > 0 }
    /jdk.ExecutionSample/ { if (matches()) c++; s = "" } { s = s $0 } END { if (matches()) c++; print c + 0 }' \
    "$run/samples.txt"
}
under=$(samples LabelgateFilter)
evaluating=$(samples 'EmbeddedWasmEngine[.]evaluate')
echo "profile: $total samples; $under under LabelgateFilter (labelgate and the app below it); $evaluating in embedded evaluations"
if [ "${LABELGATE_PROFILE_JAKARTA_SECURITY:-false}" = true ]; then
  # docs/benchmarks/profile.md: what the container's authentication of every request costs
  echo "profile: $(samples AuthenticatorBase) under Payara's authenticator valve, of them $(samples AuthenticatorBase LabelgateMechanism) in labelgate's mechanism ($(samples LabelgateMechanism ProtectionPipeline) deciding) and $(samples 'CdiUtils[.]jndiLookup') in Soteria's JNDI lookup of the BeanManager"
fi
if [ "$under" -eq 0 ]; then
  echo "profile: no sample of the request path was recorded" >&2
  exit 1
fi
echo "profile: first labelgate frame of the samples under LabelgateFilter:"
awk '/jdk.ExecutionSample/{ if (s ~ /LabelgateFilter/) { n = split(s2, a, "\n"); for (i = 1; i <= n; i++) if (a[i] ~ /io\.labelgate/) { print a[i]; break } } s = ""; s2 = "" } { s = s $0; s2 = s2 "\n" $0 }' \
  "$run/samples.txt" | sed 's/line:.*//;s/^ *//' | sort | uniq -c | sort -rn | head -n 15
