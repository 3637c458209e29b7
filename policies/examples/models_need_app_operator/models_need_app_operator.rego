# Example: POST /api/models/* needs an operator token naming this app by id.
#
# Every app carries the reserved label labelgate/id (its id), so a token whose selectors include
# `labelgate/id in (<id>)` was created for this one app. Paths are relative to the app's context
# root; "/api/models/*" is taken as every path below /api/models/.
package labelgate.custom

deny contains "POST /api/models/* needs an operator token scoped to this app by labelgate/id" if {
	input.request.method == "POST"
	startswith(input.request.path, "/api/models/")
	not _operator_naming_this_app
}

_operator_naming_this_app if {
	input.token.role == "operator"
	_token_names_this_app
}

_token_names_this_app if {
	some sel in input.token.selectors
	sel.key == "labelgate/id"
	sel.operator == "In"
	input.app.id in sel.values
}
