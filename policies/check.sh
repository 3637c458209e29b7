#!/usr/bin/env bash
# Checks the Rego policies under rego/ and that the committed Wasm module was compiled from them.
#
#   policies/check.sh            check, test, rebuild the Wasm and compare it with the committed one
#   policies/check.sh --refresh  same checks, then rewrite the committed Wasm from the sources
#
# The opa executable comes from $OPA, else from PATH (scripts/install-opa.sh installs it). It must
# be the version pinned by the root pom.xml (property opa.version): another version compiles a
# different module, and the byte-for-byte comparison would fail for the wrong reason.
# Works from any directory; writes only under a temporary directory (and, with --refresh, the
# committed module).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rego_dir="$here/rego"
committed="$here/src/main/resources/io/labelgate/policies/authz.wasm"
root_pom="$here/../pom.xml"
entrypoint="labelgate/authz/decision"
coverage_threshold=95

# Builtins the policy may call. The Wasm module is evaluated by opa-java-wasm, whose SDK
# implements only some of the builtins that OPA does not compile into the module, so the policy
# keeps to builtins the Wasm compiler implements natively (OPA's internal/compiler/wasm,
# builtinsFunctions; "Wasm support" column of the policy reference). Add one here only after
# checking it is native there. sprintf, for one, is not.
native_builtins=(
  concat count sort format_int type_name
  is_array is_boolean is_null is_number is_object is_string
  internal.member_2 internal.member_3
  eq equal neq gt gte lt lte
  object.get object.keys startswith endswith lower upper trim
)

usage() {
  echo "usage: $0 [--refresh]" >&2
  exit 2
}

refresh=false
case "$#:${1:-}" in
  0:) ;;
  1:--refresh) refresh=true ;;
  *) usage ;;
esac

opa="${OPA:-$(command -v opa || true)}"
if [ -z "$opa" ] || [ ! -x "$opa" ]; then
  echo "check: no opa executable; set OPA=/path/to/opa or put opa on PATH (scripts/install-opa.sh)" >&2
  exit 2
fi

pinned="$(sed -n 's|.*<opa.version>\(.*\)</opa.version>.*|\1|p' "$root_pom" | head -n 1)"
actual="$("$opa" version | sed -n 's/^Version: //p')"
if [ -z "$pinned" ]; then
  echo "check: no <opa.version> property in $root_pom" >&2
  exit 2
fi
if [ "$actual" != "$pinned" ]; then
  echo "check: $opa is OPA $actual, but the project pins $pinned (pom.xml opa.version)" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step() { echo "check: $*"; }

step "opa check --strict"
"$opa" check --strict "$rego_dir"

step "opa fmt --list"
unformatted="$("$opa" fmt --list "$rego_dir")"
if [ -n "$unformatted" ]; then
  echo "$unformatted" >&2
  echo "check: these files are not formatted; run: $opa fmt -w $rego_dir" >&2
  exit 1
fi

step "opa test"
"$opa" test "$rego_dir"

step "opa test --coverage --threshold $coverage_threshold"
if ! "$opa" test --coverage --threshold "$coverage_threshold" "$rego_dir" >"$work/coverage.json"; then
  cat "$work/coverage.json" >&2
  # below the threshold opa prints no report: run again without it to list what is not covered
  "$opa" test --coverage "$rego_dir" >"$work/coverage.json" || true
  "$opa" eval --stdin-input --format raw \
    'concat("\n", sort({concat(":", [file, format_int(r.start.row, 10)]) |
      some file, report in input.files
      some r in report.not_covered}))' \
    <"$work/coverage.json" >&2 || true
  echo "check: coverage is below $coverage_threshold % (lines not covered listed above)" >&2
  exit 1
fi
coverage="$("$opa" eval --stdin-input --format raw 'input.coverage' <"$work/coverage.json")"
step "coverage $coverage %"

step "builtins are natively compiled to Wasm"
(cd "$rego_dir" && "$opa" build --target plan --entrypoint "$entrypoint" --output "$work/plan.tar.gz" authz.rego)
tar -xzPOf "$work/plan.tar.gz" /plan.json >"$work/plan.json"
allowed_json="[$(printf '"%s",' "${native_builtins[@]}" | sed 's/,$//')]"
not_native="$("$opa" eval --stdin-input --format raw \
  "concat(\" \", sort({b.name | some b in input.static.builtin_funcs} - {n | some n in $allowed_json}))" \
  <"$work/plan.json")"
if [ -n "$not_native" ]; then
  echo "check: the policy calls builtins that are not natively compiled to Wasm: $not_native" >&2
  echo "check: opa-java-wasm may not implement them; use natively compiled builtins instead" >&2
  exit 1
fi

# Only authz.rego is compiled (never the tests); policy.wasm is extracted from the bundle.
# The module embeds the source file name as given on the command line (for error locations), so
# the build runs inside rego/ with a relative name: the bytes must not depend on the checkout path.
build_wasm() {
  local out="$1"
  (cd "$rego_dir" && "$opa" build --target wasm --entrypoint "$entrypoint" --output "$out.tar.gz" authz.rego)
  tar -xzPOf "$out.tar.gz" /policy.wasm >"$out"
  [ -s "$out" ] || { echo "check: no /policy.wasm in the bundle" >&2; exit 1; }
}

step "opa build --target wasm (twice)"
build_wasm "$work/first.wasm"
build_wasm "$work/second.wasm"
if ! cmp -s "$work/first.wasm" "$work/second.wasm"; then
  echo "check: two builds of the same sources differ: the Wasm build is not deterministic" >&2
  exit 1
fi

if [ "$refresh" = true ]; then
  mkdir -p "$(dirname "$committed")"
  cp "$work/first.wasm" "$committed"
  step "refreshed ${committed#"$here/"} ($(wc -c <"$committed") bytes)"
  exit 0
fi

step "compare with ${committed#"$here/"}"
if [ ! -f "$committed" ] || ! cmp -s "$work/first.wasm" "$committed"; then
  echo "check: ${committed#"$here/"} is missing or was not compiled from rego/authz.rego" >&2
  echo "check: refresh it with: policies/check.sh --refresh (then commit it)" >&2
  exit 1
fi
step "ok"
