# Example: no access to /admin/* on weekends (Saturday and Sunday, UTC).
#
# time.now_ns() is not compiled into Wasm: labelgate's embedded engine provides it, as an OPA
# server does. Neither time.weekday nor time.date is available in the embedded engine, so the
# weekday is computed from the nanoseconds since the epoch with arithmetic the Wasm compiler
# implements (1970-01-01 was a Thursday). Because of time.now_ns() the bundle is not
# deterministic: bundle.sh writes "deterministic": false and labelgate does not remember these
# decisions.
package labelgate.custom

deny contains "/admin is closed on weekends (Saturday and Sunday, UTC)" if {
	_admin_path
	_weekday in {0, 6}
}

# /admin/* and /admin itself.
_admin_path if startswith(input.request.path, "/admin/")

_admin_path if input.request.path == "/admin"

_ns_per_day := ((24 * 60) * 60) * 1000000000

# 0 Sunday, 1 Monday, ... 6 Saturday. Day 0 (1970-01-01) was a Thursday (4).
_weekday := (floor(time.now_ns() / _ns_per_day) + 4) % 7
