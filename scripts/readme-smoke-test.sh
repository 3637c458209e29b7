#!/usr/bin/env bash
# Runs the README's "run the sample" commands exactly as written: starts the sample app, calls it
# with the demo token, expects "Hello, World!", and stops the server by its PID.
#
# The app's output is kept in $LABELGATE_RUN_DIR/readme-smoke-test/sample.log, and every
# credential the commands use (the admin secret, the key-encryption key, each token they create)
# in $LABELGATE_RUN_DIR/secrets/readme-smoke-test.txt, for scripts/scan-logs.sh; run alone, the
# run directory is target/readme-smoke-test-run. The demo token is not recorded: demo mode prints
# it in that log on purpose (README: "and prints it").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

run="${LABELGATE_RUN_DIR:-}"
if [ -z "$run" ]; then
  run="$root/target/readme-smoke-test-run"
  rm -rf "$run"
  mkdir -p "$run"
  touch "$run/started"
fi
out="$run/readme-smoke-test"
secrets="$run/secrets/readme-smoke-test.txt"
mkdir -p "$out" "$run/secrets"
record() { printf '%s\n' "$@" >>"$secrets"; }
# every "token":"..." of the API's answers in the text
record_tokens_in() { printf '%s\n' "$1" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p' >>"$secrets"; }
# Appended to a README block run in its own shell: records the credentials it left in variables.
record_variables=$'\n''printf "%s\n" "${ADMIN-}" "${TOKEN-}" "${OPERATOR-}" "${LABELGATE_ADMIN_SECRET-}" '
record_variables+='"${LABELGATE_TOKEN-}" >>'"$(printf '%q' "$secrets")"

run_command='./scripts/run-sample.sh'
token_command='TOKEN=$(cat .labelgate/ai-app/demo-token)'
curl_command='curl http://localhost:8080/ai-app/ -H "Authorization: Bearer $TOKEN"'
for line in "$run_command" "$token_command" "$curl_command"; do
  if ! grep -qxF "$line" README.md; then
    echo "readme-smoke-test: README.md no longer shows: $line" >&2
    exit 1
  fi
done

log="$out/sample.log"
setsid bash -c "$run_command" >"$log" 2>&1 &
pid=$!
stop() {
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
trap stop EXIT

deadline=$((SECONDS + 300))
until grep -q 'Payara Micro .* ready' "$log"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "readme-smoke-test: the sample app exited; its output:" >&2
    tail -n 50 "$log" >&2
    exit 1
  fi
  if (( SECONDS > deadline )); then
    echo "readme-smoke-test: the sample app did not start within 300 s" >&2
    tail -n 50 "$log" >&2
    exit 1
  fi
  sleep 2
done

# what demo mode made for the README's commands (the data directory is run-sample.sh's default)
record "$(cat .labelgate/ai-app/admin-secret)" "$(cat .labelgate/demo-keys-encryption.key)"

answer="$(eval "$token_command"; eval "$curl_command" -s --max-time 20)"
if [ "$answer" != "Hello, World!" ]; then
  echo "readme-smoke-test: expected 'Hello, World!', got: $answer" >&2
  exit 1
fi
unauthenticated="$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 http://localhost:8080/ai-app/)"
if [ "$unauthenticated" != "401" ]; then
  echo "readme-smoke-test: expected 401 without a token, got $unauthenticated" >&2
  exit 1
fi
# A bash block of README.md between <!-- readme-NAME:begin --> and <!-- readme-NAME:end -->.
block() {
  local text
  text="$(sed -n "/<!-- readme-$1:begin -->/,/<!-- readme-$1:end -->/p" README.md | sed '/^<!--/d; /^```/d')"
  if [ -z "$text" ]; then
    echo "readme-smoke-test: README.md has no readme-$1 block" >&2
    exit 1
  fi
  printf '%s\n' "$text"
}

# The token lifecycle block, run verbatim from README.md.
lifecycle="$(block lifecycle)"
output="$(timeout 120 bash -euo pipefail -c "$lifecycle$record_variables")"
record_tokens_in "$output"
hello="$(printf '%s\n' "$output" | sed -n '2p')"
deleted="$(printf '%s\n' "$output" | tail -n 1)"
if [ "$hello" != "Hello, World!" ] || [ "$deleted" != "204" ]; then
  echo "readme-smoke-test: the lifecycle commands did not create, use and delete a token; output:" >&2
  printf '%s\n' "$output" | sed -E 's/"token":"[^"]+"/"token":"<redacted>"/g' >&2
  exit 1
fi
if printf '%s\n' "$output" | sed -n '4p' | grep -q '"token"'; then
  echo "readme-smoke-test: the token list shows a token string" >&2
  exit 1
fi
# The metrics block: the requests above were counted (the demo token's and the lifecycle's token's
# "Hello, World!" at least), and only the decisions lines are printed.
metrics_output="$(timeout 60 bash -euo pipefail -c "$(block metrics)$record_variables")"
allowed="$(printf '%s\n' "$metrics_output" \
  | sed -n 's/^labelgate_decisions_total{engine="embedded",result="allowed"} \([0-9]*\)\.0$/\1/p')"
if [ -z "$allowed" ] || [ "$allowed" -lt 2 ] || printf '%s\n' "$metrics_output" | grep -qv '^labelgate_decisions_total{'; then
  echo "readme-smoke-test: the metrics command did not print the decisions counted; output:" >&2
  printf '%s\n' "$metrics_output" >&2
  exit 1
fi
# The CLI block: the token is allowed to manage, the app stops and starts again.
cli_output="$(timeout 120 bash -euo pipefail -c "$(block cli)$record_variables")"
if ! printf '%s\n' "$cli_output" | grep -qx 'yes: manage ai-app' \
  || ! printf '%s\n' "$cli_output" | grep -qx 'ai-app: stopped' \
  || ! printf '%s\n' "$cli_output" | grep -qx 'ai-app: running'; then
  echo "readme-smoke-test: the CLI commands did not manage the app; output:" >&2
  printf '%s\n' "$cli_output" | sed -E 's/"token":"[^"]+"/"token":"<redacted>"/g' >&2
  exit 1
fi
if printf '%s\n' "$cli_output" | tail -n 1 | grep -q '"token"'; then
  echo "readme-smoke-test: labelgate token list shows a token string" >&2
  exit 1
fi

# The audit block, in the lifecycle block's shell ($ADMIN) with the CLI block's exports: both the
# CLI and the API list the token the lifecycle block deleted, as done with the admin secret.
audit_output="$(timeout 120 bash -euo pipefail -c "$lifecycle"$'\n'"$(block cli | grep '^export LABELGATE_\(URL\|ADMIN_SECRET\)=')"$'\n'"$(block audit)$record_variables")"
record_tokens_in "$audit_output"
if ! printf '%s\n' "$audit_output" | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} +admin-secret +token\.deleted +[0-9a-f-]{36} +succeeded ' \
  || ! printf '%s\n' "$audit_output" | tail -n 1 | grep -q '^{"entries":\[{"action":"token.deleted","actor":"admin-secret",'; then
  echo "readme-smoke-test: the audit commands did not list the deleted token; output:" >&2
  printf '%s\n' "$audit_output" | sed -E 's/"token":"[^"]+"/"token":"<redacted>"/g' >&2
  exit 1
fi

# The policy block: a rule and its test, a signing key, a signed bundle built by bundle.sh.
command -v openssl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq openssl >/dev/null; }
policy_output="$(timeout 600 bash -euo pipefail -c "$(block policy)" 2>"$out/policy-block.err")" || {
  echo "readme-smoke-test: the policy commands failed:" >&2
  tail -n 30 "$out/policy-block.err" >&2
  exit 1
}
policy_bundle="$(sed -n 's/^bundle: wrote \(.*\) ([0-9]* bytes)$/\1/p' <<<"$policy_output")"
if [ -z "$policy_bundle" ] || ! grep -qx '/.signatures.json' <<<"$policy_output" \
  || ! grep -qx '/custom/my-rules/items.rego' <<<"$policy_output" \
  || ! grep -qx 'PASS: 2/2' <<<"$policy_output"; then
  echo "readme-smoke-test: the policy commands did not test the rule and build a signed bundle; output:" >&2
  printf '%s\n' "$policy_output" >&2
  exit 1
fi
rm -rf "$(dirname "$policy_bundle")"

# The operator block continues the lifecycle block's shell (it uses $ADMIN and $API): it stops
# the app, so it runs last.
operator_run="$(timeout 120 bash -euo pipefail -c "$lifecycle"$'\n'"$(block operator)$record_variables")"
record_tokens_in "$operator_run"
operator_output="$(printf '%s\n' "$operator_run" | tail -n 2)"
if ! printf '%s\n' "$operator_output" | head -n 1 | grep -q '"status":"stopped"' \
  || ! printf '%s\n' "$operator_output" | tail -n 1 | grep -q '"allow":true'; then
  echo "readme-smoke-test: the operator commands did not stop the app and say it may be managed:" >&2
  printf '%s\n' "$operator_output" >&2
  exit 1
fi
echo "readme-smoke-test: 11 passed, 0 failed"
