# A policy a deployer might load into an OPA server for the remote engine: it reads the request's
# method and path, which labelgate's bundled policy never does. It allows exactly one method and
# path, whoever asks, so a decision reused for another request shows at once.
# For RemoteEngineDecisionCacheTest only.
package labelgate.authz

allowed_method := "GET"

allowed_path := "/reports/2026"

decision := {"allow": true, "reasons": []} if {
	input.request.method == allowed_method
	input.request.path == allowed_path
} else := {"allow": false, "reasons": [concat("", ["only ", allowed_method, " ", allowed_path, " is allowed"])]}
