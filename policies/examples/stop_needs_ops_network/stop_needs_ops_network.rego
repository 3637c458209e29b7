# Example: operators may stop the app only with a token scoped to the ops network.
#
# Stopping the app is the lifecycle call POST /labelgate/api/app/stop (action manage; the
# built-in policy already demands role operator for it). This rule adds one more condition: the
# token's selectors must include the requirement `network in (...)` listing "ops". Such a token
# matches only apps labelled network=ops (or another listed value), so its creator meant it for
# the ops network. If labelgate.admin.path moves the lifecycle API, change the path below.
package labelgate.custom

deny contains "stopping the app needs a token scoped to the ops network (selector network in (ops))" if {
	input.request.method == "POST"
	input.request.path == "/labelgate/api/app/stop"
	input.request.action == "manage"
	not _scoped_to_ops_network
}

_scoped_to_ops_network if {
	some sel in input.token.selectors
	sel.key == "network"
	sel.operator == "In"
	"ops" in sel.values
}
