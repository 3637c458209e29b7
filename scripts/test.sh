#!/usr/bin/env bash
# Runs every labelgate test on a fresh machine: installs what the tests need when it is missing
# (the real OPA CLI, built with `go install`; PostgreSQL, Chromium and chromedriver from Debian's
# packages), starts a PostgreSQL on 127.0.0.1 for the registry tests, builds everything with the
# OPA checks switched on (opa check --strict, opa fmt, opa test with coverage, Wasm freshness),
# runs the unit tests, the Payara Micro and WildFly integration tests (attack suite, browser tests,
# load with correctness, outages), scans their logs for credentials, fuzzes the parsers briefly,
# deploys the release artifacts into a file repository and checks them, builds the commit twice to
# check that the build is reproducible, tries the README's commands as a newcomer would and the
# benchmark suite briefly, then scans every log of the run again, the README commands' and the
# benchmark's included.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# This run's own directory, made afresh: the credentials each part uses (secrets/PART.txt) and the
# logs kept outside the modules' target directories, for scripts/scan-logs.sh, which also takes
# only logs written after `started`. Nothing an earlier run left can pass for this one.
run_dir="$root/target/test-run"
rm -rf "$run_dir"
mkdir -p "$run_dir/secrets" "$run_dir/it-tests"
touch "$run_dir/started"
export LABELGATE_RUN_DIR="$run_dir"

opa="$("$root/scripts/install-opa.sh")"
echo "test: using $("$opa" version | head -n 1) at $opa"
"$root/scripts/install-chromium.sh"

# PostgreSQL refuses to run as root and must reach its data directory: keep it under /tmp.
pg_base="$(mktemp -d -t labelgate-postgres.XXXXXX)"
chmod 755 "$pg_base"   # mktemp makes it 0700; the postgres user must reach the data directory inside
pg_dir="$pg_base/data"
pg_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
stop_postgres() { "$root/scripts/postgres.sh" stop "$pg_dir" || true; rm -rf "$pg_base"; }
trap stop_postgres EXIT
pg_url="$("$root/scripts/postgres.sh" start "$pg_dir" "$pg_port")"
echo "test: PostgreSQL at $pg_url"

# The policy bundles a deployer builds: the sample's committed one must be what bundle.sh builds
# from labelgate's policy and the sample's rule (its tests run), and the worked examples of
# policies/README.md must build, their tests passing.
OPA="$opa" "$root/sample-war/policy/check.sh"
examples_dir="$(mktemp -d)"
for example in "$root"/policies/examples/*/; do
  OPA="$opa" "$root/policies/bundle.sh" --output "$examples_dir/$(basename "$example").tar.gz" "$example"
done
rm -rf "$examples_dir"

# README's format command: on a tree already formatted it changes nothing (mvn verify's
# spotless:check would fail on any drift); in a git checkout, a file it did change is reported.
in_git() { git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; }
# the content of every changed tracked file and of every untracked one git does not ignore
tree_state() {
  if in_git; then
    { git -C "$root" diff; git -C "$root" ls-files -z --others --exclude-standard \
        | (cd "$root" && xargs -0 -r sha256sum); } | sha256sum
  fi
}
before_format="$(tree_state)"
mvn -B -q -ntp spotless:apply
if [ "$(tree_state)" != "$before_format" ]; then
  echo "test: mvn spotless:apply reformatted files; commit them formatted:" >&2
  git -C "$root" status --short >&2
  exit 1
fi

# An OPA server loaded with the sample's bundle (OPA evaluates its Rego; the embedded engine runs
# the Wasm module compiled from it), for the integration tests of the remote engine: one bundle
# serves both engines.
opa_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
opa_log="$run_dir/it-tests/opa-server.log"
"$opa" run --server --addr "127.0.0.1:$opa_port" --log-level error \
  --bundle "$root/sample-war/src/main/webapp/WEB-INF/labelgate/policy.tar.gz" >"$opa_log" 2>&1 &
opa_pid=$!
stop_all() {
  kill "$opa_pid" 2>/dev/null || true
  wait "$opa_pid" 2>/dev/null || true
  stop_postgres
}
trap stop_all EXIT
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$opa_port/health" >/dev/null && break
  kill -0 "$opa_pid" 2>/dev/null || { echo "test: OPA did not start:" >&2; cat "$opa_log" >&2; exit 1; }
  sleep 0.5
done
echo "test: OPA server at http://127.0.0.1:$opa_port"

mvn -B verify -Dopa.executable="$opa" \
  -Dlabelgate.test.postgres.url="$pg_url" -Dlabelgate.it.postgres.url="$pg_url" \
  -Dlabelgate.it.opa.url="http://127.0.0.1:$opa_port" \
  -Dlabelgate.it.secrets.file="$run_dir/secrets/it-tests.txt"

# What the integration tests measured, as they print it in their output (README.md and
# SECURITY.md point to these lines).
if ! measured="$(grep -h -E '^(TwoNodesIT|OpaOutageIT|RegistryOutageIT|LoadCorrectnessIT): ' \
    "$root"/it-tests/target/failsafe-reports/*-output.txt)"; then
  echo "test: the integration tests' output holds no measurement line" >&2
  exit 1
fi
sed 's/^/test: measured by /' <<<"$measured"

# No token string, admin secret or session cookie the integration tests used may appear in any
# of their logs: scanned now, so that a leak is reported before the longer steps below.
"$root/scripts/scan-logs.sh" it-tests

# The release (docs/versioning.md, "Releasing"): what `mvn -Prelease deploy` publishes (jars,
# sources, javadoc that fails on any doclint warning, CycloneDX SBOMs, POMs; unsigned, as CI holds
# no key) into a file repository under target/, with the tests skipped since they ran above;
# release-check.sh names any file missing from it. Then this commit is built twice from fresh
# copies and every jar and WAR compared byte for byte.
release_repo="$root/target/release-repo"
rm -rf "$release_repo"
mvn -B -ntp -Prelease -DskipTests -Dmaven.install.skip=true deploy \
  -DaltDeploymentRepository="release-check::file://$release_repo"
"$root/scripts/release-check.sh" "$release_repo"
"$root/scripts/reproducible-check.sh"

# A short coverage-guided fuzzing pass over the parsers (docs/fuzzing.md); fails on any finding.
"$root/scripts/fuzz.sh"

"$root/scripts/readme-smoke-test.sh"

# The benchmark suite, as a smoke test: every benchmark and load target runs briefly (the README
# quotes a full run of scripts/benchmark.sh).
"$root/scripts/benchmark.sh" --quick

# The profile of docs/benchmarks/profile.md, briefly: it must record samples of the request path.
"$root/scripts/profile.sh" h2 50

# Every credential of the run in every log of the run: the README commands', the benchmark's and
# the profile's servers too.
"$root/scripts/scan-logs.sh"
