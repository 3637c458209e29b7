#!/usr/bin/env bash
# Builds an OPA bundle of labelgate's policy (rego/authz.rego) plus a deployer's own rules in
# package labelgate.custom, for labelgate's embedded engine and for an OPA server alike.
#
#   policies/bundle.sh [--signing-key key.pem] [--data data.json] [--revision REV]
#                      [--allow-builtin NAME]... --output out.tar.gz [--check committed.tar.gz]
#                      CUSTOM_DIR...
#
#   --output FILE       write the bundle there (optional with --check)
#   --check FILE        build, then compare byte for byte with FILE (a committed bundle); exit 1
#                       when they differ
#   --signing-key KEY   sign the bundle (RS256, PEM private key); give labelgate the public key
#                       as labelgate.policy.bundle.verification-key
#   --data FILE         a data.json for the bundle; it must be an object under the bundle root
#                       "labelgate" and must not touch labelgate.authz, e.g.
#                       {"labelgate": {"custom_data": {...}}}, read by rules as
#                       data.labelgate.custom_data
#   --revision REV      the manifest's revision (default: sha256 of the bundle's input files)
#   --allow-builtin N   accept a builtin that neither the Wasm compiler nor opa-java-wasm
#                       implements (repeatable): only for a bundle whose engine implements it,
#                       e.g. an OPA server (labelgate.engine=remote)
#
# Every CUSTOM_DIR is searched for *.rego files. *_test.rego files are tests: run by `opa test`,
# never built into the bundle. Every other file must be in package labelgate.custom or below it
# (labelgate.custom.something); labelgate.authz is labelgate's own and is refused.
#
# Steps: opa check --strict, opa fmt --list, opa test (authz_test.rego with authz.rego alone, then
# the custom tests with authz.rego and every custom rule), the static analysis of which request
# fields the policy reads, the builtins check, the manifest, two Wasm builds that must be
# byte-identical, and an evaluation of the bundle.
#
# The opa executable comes from $OPA, else from PATH; it must be the version pinned by the root
# pom.xml (opa.version). Everything is built under a temporary directory, removed on exit, from
# relative file names (the Wasm module embeds them), so the checkout path does not matter.
# Exit status: 0 ok, 1 a check failed (tests, format, builtins, stale --check file), 2 usage or
# refused input.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
authz="$here/rego/authz.rego"
authz_test="$here/rego/authz_test.rego"
root_pom="$here/../pom.xml"
entrypoint="labelgate/authz/decision"

# Builtins the Wasm compiler of the pinned OPA implements natively: OPA's
# internal/compiler/wasm/wasm.go, builtinsFunctions (OPA 1.22.3), plus eq, which the planner
# compiles inline.
native_builtins=(
  plus minus mul div abs round ceil floor rem
  array.concat array.flatten array.reverse array.slice
  set_diff and or intersection union
  is_number is_string is_boolean is_array is_set is_object is_null type_name
  bits.or bits.and bits.negate bits.xor bits.lsh bits.rsh
  count sum product max min sort all any
  base64.is_valid base64.decode base64.encode base64url.encode base64url.decode
  net.cidr_contains net.cidr_overlap net.cidr_intersects
  eq equal gt gte lt lte neq
  glob.match json.marshal json.unmarshal json.is_valid
  object.filter object.get object.keys object.remove object.union object.union_n
  concat format_int indexof substring lower upper contains startswith endswith strings.reverse
  split replace strings.replace_n trim trim_left trim_prefix trim_right trim_suffix trim_space
  internal.template_string numbers.range to_number walk graph.reachable
  regex.is_valid regex.match re_match regex.find_all_string_submatch_n
  json.remove json.filter internal.member_2 internal.member_3
)
# Builtins opa-java-wasm 1.0.4 implements itself (com.styra.opa.wasm.builtins: String, Json,
# Yaml), and time.now_ns, which labelgate's embedded engine adds (EmbeddedWasmEngine.TIME_NOW_NS).
# Every other builtin fails in labelgate's embedded engine.
java_wasm_builtins=(sprintf json.is_valid yaml.is_valid yaml.marshal yaml.unmarshal time.now_ns)

usage() {
  sed -n '5,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
fail() {
  echo "bundle: $*" >&2
  exit 2
}
step() { echo "bundle: $*"; }

abs() { # absolute path of an existing file or directory
  if [ -d "$1" ]; then (cd "$1" && pwd); else echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; fi
}

signing_key="" data="" revision="" revision_set=false output="" check="" dirs=() allowed_extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --signing-key) [ $# -ge 2 ] || usage; signing_key="$2"; shift 2 ;;
    --data) [ $# -ge 2 ] || usage; data="$2"; shift 2 ;;
    --revision) [ $# -ge 2 ] || usage; revision="$2"; revision_set=true; shift 2 ;;
    --output) [ $# -ge 2 ] || usage; output="$2"; shift 2 ;;
    --check) [ $# -ge 2 ] || usage; check="$2"; shift 2 ;;
    --allow-builtin) [ $# -ge 2 ] || usage; allowed_extra+=("$2"); shift 2 ;;
    --) shift; dirs+=("$@"); break ;;
    -*) usage ;;
    *) dirs+=("$1"); shift ;;
  esac
done
[ ${#dirs[@]} -gt 0 ] || usage
[ -n "$output" ] || [ -n "$check" ] || usage
if [ -n "$signing_key" ]; then [ -f "$signing_key" ] || fail "no signing key $signing_key"; signing_key="$(abs "$signing_key")"; fi
if [ -n "$data" ]; then [ -f "$data" ] || fail "no data file $data"; data="$(abs "$data")"; fi
if [ -n "$check" ]; then check_abs="$(abs "$check")"; fi
if [ -n "$output" ]; then
  [ -d "$(dirname "$output")" ] || fail "no directory for --output $output"
  output_abs="$(abs "$output")"
fi

opa="${OPA:-$(command -v opa || true)}"
if [ -z "$opa" ] || [ ! -x "$opa" ]; then
  fail "no opa executable; set OPA=/path/to/opa or put opa on PATH (scripts/install-opa.sh)"
fi
opa="$(abs "$opa")"
pinned="$(sed -n 's|.*<opa.version>\(.*\)</opa.version>.*|\1|p' "$root_pom" | head -n 1)"
actual="$("$opa" version | sed -n 's/^Version: //p')"
[ -n "$pinned" ] || fail "no <opa.version> property in $root_pom"
[ "$actual" = "$pinned" ] || fail "$opa is OPA $actual, but the project pins $pinned (pom.xml opa.version)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
in="$work/in" # the bundle's input, exactly what opa build sees
mkdir -p "$in/labelgate" "$in/custom"
cp "$authz" "$in/labelgate/authz.rego"

# ---------------------------------------------------------------------------------------------
# The deployer's files
# ---------------------------------------------------------------------------------------------

custom_files=() # original paths, for messages
custom_tests=()
for dir in "${dirs[@]}"; do
  [ -d "$dir" ] || fail "$dir is not a directory"
  dir="$(abs "$dir")"
  name="$(basename "$dir")"
  [ ! -e "$in/custom/$name" ] || fail "two custom directories are named $name; rename one"
  while IFS= read -r -d '' file; do
    rel="${file#"$dir/"}"
    case "$rel" in
      *_test.rego) custom_tests+=("$file") ;;
      *)
        custom_files+=("$file")
        mkdir -p "$(dirname "$in/custom/$name/$rel")"
        cp "$file" "$in/custom/$name/$rel"
        ;;
    esac
  done < <(find "$dir" -name '*.rego' -type f -print0 | LC_ALL=C sort -z)
done
[ ${#custom_files[@]} -gt 0 ] || fail "no custom rules (*.rego that are not *_test.rego) in ${dirs[*]}"

if [ -n "$data" ]; then
  if ! "$opa" eval --stdin-input --fail 'is_object(input.labelgate)
      object.keys(input) == {"labelgate"}
      not "authz" in object.keys(input.labelgate)' <"$data" >/dev/null 2>&1; then
    fail "$data must be a JSON object whose only member is \"labelgate\", without labelgate.authz, e.g. {\"labelgate\": {\"custom_data\": {...}}}"
  fi
  cp "$data" "$in/data.json"
fi

step "packages of the custom rules"
# compared term by term (package labelgate["custom.x"] is not under labelgate.custom); the dotted
# name is only for the message
cat >"$work/package.rego" <<'EOF'
package labelgate.bundle

_path := [t.value | some t in array.slice(input.package.path, 1, count(input.package.path))]

_kind := "authz" if array.slice(_path, 0, 2) == ["labelgate", "authz"]

_kind := "custom" if array.slice(_path, 0, 2) == ["labelgate", "custom"]

default _kind := "other"

package_kind := concat(" ", [_kind, concat(".", _path)])
EOF
for file in "${custom_files[@]}"; do
  read -r kind pkg < <("$opa" parse --format json --json-include -comments "$file" |
    "$opa" eval --stdin-input --data "$work/package.rego" --format raw 'data.labelgate.bundle.package_kind')
  case "$kind" in
    authz) fail "$file is in package $pkg: labelgate.authz is labelgate's built-in policy and cannot be overridden; write package labelgate.custom" ;;
    custom) ;;
    *) fail "$file is in package $pkg: custom rules must be in package labelgate.custom or labelgate.custom.<name>" ;;
  esac
done

step "opa check --strict"
"$opa" check --strict "$in" "$authz_test" ${custom_tests[@]+"${custom_tests[@]}"}

step "opa fmt --list"
unformatted="$("$opa" fmt --list "$authz" "${custom_files[@]}" ${custom_tests[@]+"${custom_tests[@]}"})"
if [ -n "$unformatted" ]; then
  echo "$unformatted" >&2
  echo "bundle: these files are not formatted; run: opa fmt -w <file>" >&2
  exit 1
fi

step "opa test (built-in policy)"
"$opa" test "$authz" "$authz_test"
if [ ${#custom_tests[@]} -gt 0 ]; then
  step "opa test (custom rules with the built-in policy)"
  "$opa" test "$in" "${custom_tests[@]}"
else
  step "no custom tests (*_test.rego) found: consider writing some"
fi

# ---------------------------------------------------------------------------------------------
# What of input.request the policy reads, by static analysis of every module in the bundle
# ---------------------------------------------------------------------------------------------

# The analysis is conservative: input.request.<constant string> reads that field; input or
# input.request used any other way (whole, iterated, with a variable key, passed to a function,
# imported, replaced with `with`) reads all of them, and so does any `with` in the deployer's rules. input.token and input.app are ignored (a
# decision is always keyed on them in full). One exception, honoured in labelgate's own
# authz.rego only: rules annotated `custom: {labelgate_input_types_only: true}` look only at the
# JSON types of the input's members (input validation), which are the same for every input
# labelgate sends (Java never sends a null or non-string method, path or action).
cat >"$work/analysis.rego" <<'EOF'
package labelgate.bundle

fields := ["action", "method", "path"]

input_var := {"type": "var", "value": "input"}

_exempt(file, rule) if {
	file.builtin == true
	some annotated in file.ast.rules
	annotated.head.ref == rule.head.ref
	some a in annotated.annotations
	a.custom.labelgate_input_types_only == true
}

# What is analysed: every module without its rules, and its rules but the exempt ones.
_roots[[i, "module"]] := object.remove(file.ast, ["rules"]) if some i, file in input.files

_roots[[i, j]] := rule if {
	some i, file in input.files
	some j, rule in file.ast.rules
	not _exempt(file, rule)
}

_refs contains t.value if {
	some root in _roots
	walk(root, [_, t])
	t.type == "ref"
	t.value[0] == input_var
}

_ref_heads contains [id, array.concat(p, ["value", 0])] if {
	some id, root in _roots
	walk(root, [p, t])
	t.type == "ref"
}

# input as a plain variable (opa parse writes a lone `input` as a ref; this is a safety net)
_reads_all if {
	some id, root in _roots
	walk(root, [p, t])
	t == input_var
	not [id, p] in _ref_heads
}

_reads_all if {
	some r in _refs
	count(r) == 1
}

_reads_all if {
	some r in _refs
	r[1].type != "string"
}

_reads_all if {
	some r in _refs
	r[1] == {"type": "string", "value": "request"}
	count(r) == 2
}

_reads_all if {
	some r in _refs
	r[1] == {"type": "string", "value": "request"}
	r[2].type != "string"
}

# A `with` in the deployer's rules replaces a document or a function for what it evaluates (e.g.
# labelgate's own input validation evaluated with a mocked is_string): what that reads cannot be
# told from the rule's refs, so it reads all.
_reads_all if {
	some file in input.files
	not file.builtin == true
	walk(file.ast, [_, node])
	is_object(node)
	count(object.get(node, "with", [])) > 0
}

_read contains "action"

_read contains r[2].value if {
	some r in _refs
	r[1] == {"type": "string", "value": "request"}
	r[2].type == "string"
	r[2].value in fields
}

request := fields if _reads_all

request := sort(_read) if not _reads_all
EOF

{
  printf '{"files": ['
  sep=""
  while IFS= read -r -d '' file; do
    case "$file" in labelgate/authz.rego) builtin=true ;; *) builtin=false ;; esac
    printf '%s{"builtin": %s, "ast": ' "$sep" "$builtin"
    (cd "$in" && "$opa" parse --format json --json-include -comments "$file")
    printf '}'
    sep=","
  done < <(cd "$in" && find labelgate custom -name '*.rego' -type f -print0 | LC_ALL=C sort -z)
  printf ']}'
} >"$work/modules.json"
request="$("$opa" eval --format raw --data "$work/analysis.rego" --input "$work/modules.json" \
  'json.marshal(data.labelgate.bundle.request)')"
step "the policy reads input.request: $request"

# ---------------------------------------------------------------------------------------------
# Builtins: supported by the embedded engine? deterministic?
# ---------------------------------------------------------------------------------------------

(cd "$in" && "$opa" build --bundle --target plan --entrypoint "$entrypoint" --output "$work/plan.tar.gz" .)
tar -xzPOf "$work/plan.tar.gz" /plan.json >"$work/plan.json"
to_json() { if [ $# -eq 0 ]; then echo '[]'; else printf '"%s",' "$@" | sed 's/^/[/; s/,$/]/'; fi; }
supported="$(to_json "${native_builtins[@]}" "${java_wasm_builtins[@]}" ${allowed_extra[@]+"${allowed_extra[@]}"})"
unsupported="$("$opa" eval --stdin-input --format raw \
  "concat(\" \", sort({b.name | some b in input.static.builtin_funcs} - {n | some n in $supported}))" \
  <"$work/plan.json")"
if [ -n "$unsupported" ]; then
  echo "bundle: the rules call builtins that labelgate's embedded engine cannot evaluate (neither compiled into Wasm nor implemented by opa-java-wasm): $unsupported" >&2
  echo "bundle: rewrite them with other builtins, or, for an engine that implements them (an OPA server), pass --allow-builtin NAME" >&2
  exit 1
fi
"$opa" capabilities --current >"$work/capabilities.json"
nondeterministic="$("$opa" eval --stdin-input --data "$work/capabilities.json" --format raw \
  'concat(" ", sort({b.name | some b in input.static.builtin_funcs} &
    {c.name | some c in data.builtins; c.nondeterministic == true}))' <"$work/plan.json")"
if [ -n "$nondeterministic" ]; then
  deterministic=false
  step "nondeterministic builtins: $nondeterministic (decisions will not be remembered)"
else
  deterministic=true
fi
if [ ${#allowed_extra[@]} -gt 0 ]; then
  step "WARNING: allowed builtins labelgate's embedded engine does not implement: ${allowed_extra[*]}"
fi

# ---------------------------------------------------------------------------------------------
# Manifest and build
# ---------------------------------------------------------------------------------------------

if [ "$revision_set" = false ]; then
  revision="sha256:$(cd "$in" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d ' ' -f 1)"
fi
LABELGATE_REVISION="$revision" "$opa" eval --format raw \
  "json.marshal({\"revision\": opa.runtime().env.LABELGATE_REVISION,
    \"roots\": [\"labelgate\"],
    \"metadata\": {\"labelgate\": {\"request\": $request, \"deterministic\": $deterministic}}})" \
  >"$in/.manifest"
step "manifest $(cat "$in/.manifest")"

# The bundle holds the Rego sources, the data, the manifest and the Wasm module compiled from the
# same sources (policy.wasm), but no Wasm resolver in its manifest: labelgate's embedded engine
# runs policy.wasm, and an OPA server evaluates the Rego with its own evaluator. (An OPA built with
# its Wasm engine would otherwise run policy.wasm through wazero, which under concurrent requests
# answered about 1 in 10,000 with a corrupted result: HTTP 500.) Signing covers every file.
build_bundle() {
  local out="$1"
  local stage
  stage="$work/stage-$(basename "$out" .tar.gz)"
  [ -n "$work" ] && [ -d "$in" ] || { echo "bundle: internal error: no work directory" >&2; exit 2; }
  rm -rf "$stage"
  mkdir -p "$stage/bundle"
  (cd "$in" && "$opa" build --bundle --target wasm --entrypoint "$entrypoint" --output "$stage/wasm.tar.gz" .)
  cp -R "$in/." "$stage/bundle/"
  tar -xzPOf "$stage/wasm.tar.gz" /policy.wasm >"$stage/bundle/policy.wasm"
  [ -s "$stage/bundle/policy.wasm" ] || { echo "bundle: opa build wrote no /policy.wasm" >&2; exit 1; }
  local args=(build --bundle --output "$out")
  if [ -n "$signing_key" ]; then args+=(--signing-key "$signing_key" --signing-alg RS256); fi
  (cd "$stage/bundle" && "$opa" "${args[@]}" .)
}

step "opa build --target wasm, then the bundle (twice)${signing_key:+, signed}"
build_bundle "$work/first.tar.gz"
build_bundle "$work/second.tar.gz"
if ! cmp -s "$work/first.tar.gz" "$work/second.tar.gz"; then
  echo "bundle: two builds of the same inputs differ: the build is not deterministic" >&2
  exit 1
fi

step "evaluate the bundle as an OPA server would (opa eval --bundle)"
cat >"$work/input.json" <<'EOF'
{"token": {"id": "t", "role": "read", "region": "R", "allApps": true, "selectors": []},
 "app": {"id": "a", "region": "R", "labels": {"labelgate/id": "a", "labelgate/type": "app"}},
 "request": {"method": "GET", "path": "/", "action": "read"}}
EOF
if ! "$opa" eval --bundle "$work/first.tar.gz" --input "$work/input.json" --fail \
  'is_boolean(data.labelgate.authz.decision.allow)' >/dev/null; then
  echo "bundle: the built bundle does not evaluate to a decision with a boolean allow" >&2
  exit 1
fi

if [ -n "$output" ]; then
  cp "$work/first.tar.gz" "$output_abs"
  step "wrote $output ($(wc -c <"$output_abs") bytes)"
fi
if [ -n "$check" ]; then
  if [ ! -f "$check_abs" ] || ! cmp -s "$work/first.tar.gz" "$check_abs"; then
    echo "bundle: $check is missing or was not built from these sources (or with this opa version)" >&2
    echo "bundle: refresh it with the same command, --output $check instead of --check $check, and commit it" >&2
    exit 1
  fi
  step "$check is up to date"
fi
