package labelgate.custom_test.models_need_app_operator

reason := "POST /api/models/* needs an operator token scoped to this app by labelgate/id"

app_id := "0b6c5f6e-3f4e-4a8e-9a53-7d3c2f1e0a11"

by_id := {"key": "labelgate/id", "operator": "In", "values": [app_id]}

by_group := {"key": "group", "operator": "In", "values": ["A"]}

# An operator token naming the app by id, uploading a model.
upload := {
	"token": {
		"id": "5f1d3c2b-8a7e-4c6d-b5e4-3a2f1e0d9c8b",
		"role": "operator",
		"region": "GRA",
		"allApps": false,
		"selectors": [by_id],
	},
	"app": {
		"id": app_id,
		"region": "GRA",
		"labels": {"group": "A", "labelgate/id": app_id, "labelgate/type": "app"},
	},
	"request": {"method": "POST", "path": "/api/models/llama", "action": "read"},
}

decision(inp) := d if {
	d := data.labelgate.authz.decision with input as inp
}

with_token(fields) := object.union(upload, {"token": fields})

test_operator_naming_the_app_may_post if {
	decision(upload) == {"allow": true, "reasons": []}
	decision(with_token({"selectors": [by_group, by_id]})) == {"allow": true, "reasons": []}
}

test_operator_scoped_by_other_labels_may_not_post if {
	decision(with_token({"selectors": [by_group]})) == {"allow": false, "reasons": [reason]}
}

test_all_apps_operator_may_not_post if {
	decision(with_token({"allApps": true, "selectors": []})) == {"allow": false, "reasons": [reason]}
}

test_read_token_naming_the_app_may_not_post if {
	decision(with_token({"role": "read"})) == {"allow": false, "reasons": [reason]}
}

test_token_naming_another_app_is_denied_twice if {
	other := {"key": "labelgate/id", "operator": "In", "values": ["another-app"]}
	decision(with_token({"selectors": [other]})) == {"allow": false, "reasons": [
		reason,
		"selector labelgate/id in (another-app) does not match the app's labels",
	]}
}

test_reading_models_is_not_concerned if {
	inp := object.union(upload, {"token": {"role": "read", "selectors": [by_group]}, "request": {"method": "GET"}})
	decision(inp) == {"allow": true, "reasons": []}
}

test_only_paths_below_api_models if {
	inp := object.union(upload, {"token": {"selectors": [by_group]}, "request": {"path": "/api/modelsx"}})
	decision(inp) == {"allow": true, "reasons": []}
}
