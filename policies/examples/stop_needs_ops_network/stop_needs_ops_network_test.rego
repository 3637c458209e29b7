package labelgate.custom_test.stop_needs_ops_network

reason := "stopping the app needs a token scoped to the ops network (selector network in (ops))"

app_id := "0b6c5f6e-3f4e-4a8e-9a53-7d3c2f1e0a11"

# An operator token for the ops network, stopping an app of the ops network.
stop := {
	"token": {
		"id": "5f1d3c2b-8a7e-4c6d-b5e4-3a2f1e0d9c8b",
		"role": "operator",
		"region": "GRA",
		"allApps": false,
		"selectors": [{"key": "network", "operator": "In", "values": ["ops"]}],
	},
	"app": {
		"id": app_id,
		"region": "GRA",
		"labels": {"network": "ops", "group": "A", "labelgate/id": app_id, "labelgate/type": "app"},
	},
	"request": {"method": "POST", "path": "/labelgate/api/app/stop", "action": "manage"},
}

decision(inp) := d if {
	d := data.labelgate.authz.decision with input as inp
}

with_selectors(selectors) := object.union(stop, {"token": {"selectors": selectors}})

test_ops_network_operator_may_stop if {
	decision(stop) == {"allow": true, "reasons": []}
}

test_ops_among_several_values_is_enough if {
	inp := with_selectors([{"key": "network", "operator": "In", "values": ["dev", "ops"]}])
	decision(inp) == {"allow": true, "reasons": []}
}

test_operator_scoped_otherwise_may_not_stop if {
	inp := with_selectors([{"key": "group", "operator": "In", "values": ["A"]}])
	decision(inp) == {"allow": false, "reasons": [reason]}
}

test_all_apps_operator_may_not_stop if {
	inp := object.union(stop, {"token": {"allApps": true, "selectors": []}})
	decision(inp) == {"allow": false, "reasons": [reason]}
}

test_network_notin_ops_is_not_ops_scope if {
	inp := with_selectors([{"key": "network", "operator": "NotIn", "values": ["ops"]}])
	d := decision(inp)
	d.allow == false
	reason in d.reasons
}

test_read_token_still_denied_by_role if {
	inp := object.union(stop, {"token": {"role": "read"}})
	decision(inp) == {"allow": false, "reasons": ["role \"read\" does not permit action \"manage\""]}
}

test_other_lifecycle_calls_are_not_concerned if {
	inp := with_selectors([{"key": "group", "operator": "In", "values": ["A"]}])
	start := object.union(inp, {"request": {"path": "/labelgate/api/app/start"}})
	decision(start) == {"allow": true, "reasons": []}
	status := object.union(inp, {"request": {"method": "GET", "path": "/labelgate/api/app", "action": "read"}})
	decision(status) == {"allow": true, "reasons": []}
}
