# The sample AI App's own rule, built with labelgate's policy into
# src/main/webapp/WEB-INF/labelgate/policy.tar.gz by ./check.sh --refresh.
#
# Reloading the model (POST /api/model/reload, ModelResource.reload, a @Manage action so the
# built-in policy already requires role operator) also needs a token that names this app by id:
# its selectors must include `labelgate/id in (<this app's id>)`. A token scoped to a group of
# apps, or to all apps, may still read and stop the app, but not reload its model.
package labelgate.custom

deny contains "reloading the model needs a token scoped to this app by labelgate/id" if {
	input.request.method == "POST"
	input.request.path == "/api/model/reload"
	not _token_names_this_app
}

_token_names_this_app if {
	some sel in input.token.selectors
	sel.key == "labelgate/id"
	sel.operator == "In"
	input.app.id in sel.values
}
