package labelgate.custom_test.sample

reason := "reloading the model needs a token scoped to this app by labelgate/id"

app_id := "0b6c5f6e-3f4e-4a8e-9a53-7d3c2f1e0a11"

by_id := {"key": "labelgate/id", "operator": "In", "values": [app_id]}

by_type := {"key": "labelgate/type", "operator": "In", "values": ["ai"]}

# An operator token naming the AI App by id, reloading its model.
reload := {
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
		"labels": {"labelgate/id": app_id, "labelgate/type": "ai"},
	},
	"request": {"method": "POST", "path": "/api/model/reload", "action": "manage"},
}

decision(inp) := d if {
	d := data.labelgate.authz.decision with input as inp
}

with_token(fields) := object.union(reload, {"token": fields})

test_operator_naming_the_app_may_reload if {
	decision(reload) == {"allow": true, "reasons": []}
	decision(with_token({"selectors": [by_type, by_id]})) == {"allow": true, "reasons": []}
}

test_operator_scoped_by_type_may_not_reload if {
	decision(with_token({"selectors": [by_type]})) == {"allow": false, "reasons": [reason]}
}

test_all_apps_operator_may_not_reload if {
	decision(with_token({"allApps": true, "selectors": []})) == {"allow": false, "reasons": [reason]}
}

test_read_token_naming_the_app_is_denied_by_role if {
	decision(with_token({"role": "read"})) == {"allow": false, "reasons": ["role \"read\" does not permit action \"manage\""]}
}

test_read_token_without_the_id_gets_both_reasons if {
	decision(with_token({"role": "read", "selectors": [by_type]})) == {"allow": false, "reasons": [
		reason,
		"role \"read\" does not permit action \"manage\"",
	]}
}

test_reading_the_model_state_is_not_concerned if {
	inp := object.union(reload, {
		"token": {"role": "read", "selectors": [by_type]},
		"request": {"method": "GET", "path": "/api/model", "action": "read"},
	})
	decision(inp) == {"allow": true, "reasons": []}
}
