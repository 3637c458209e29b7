package labelgate.custom_test.no_admin_on_weekends

reason := "/admin is closed on weekends (Saturday and Sunday, UTC)"

app_id := "0b6c5f6e-3f4e-4a8e-9a53-7d3c2f1e0a11"

admin := {
	"token": {
		"id": "5f1d3c2b-8a7e-4c6d-b5e4-3a2f1e0d9c8b",
		"role": "operator",
		"region": "GRA",
		"allApps": false,
		"selectors": [{"key": "labelgate/id", "operator": "In", "values": [app_id]}],
	},
	"app": {"id": app_id, "region": "GRA", "labels": {"labelgate/id": app_id, "labelgate/type": "app"}},
	"request": {"method": "GET", "path": "/admin/users", "action": "read"},
}

s := 1000000000

friday_last_second := 1717199999 * s # 2024-05-31T23:59:59Z

saturday_first_second := 1717200000 * s # 2024-06-01T00:00:00Z

sunday_last_second := 1717372799 * s # 2024-06-02T23:59:59Z

monday_first_second := 1717372800 * s # 2024-06-03T00:00:00Z

wednesday_noon := 1718193600 * s # 2024-06-12T12:00:00Z

at(inp, ns) := d if {
	d := data.labelgate.authz.decision with input as inp with time.now_ns as ns
}

path(p) := object.union(admin, {"request": {"path": p}})

test_admin_allowed_on_weekdays if {
	every ns in [friday_last_second, monday_first_second, wednesday_noon] {
		at(admin, ns) == {"allow": true, "reasons": []}
	}
}

test_admin_denied_on_weekends if {
	every ns in [saturday_first_second, sunday_last_second] {
		at(admin, ns) == {"allow": false, "reasons": [reason]}
	}
}

test_admin_root_denied_on_weekends if {
	at(path("/admin"), saturday_first_second) == {"allow": false, "reasons": [reason]}
}

test_other_paths_allowed_on_weekends if {
	at(path("/hello"), saturday_first_second) == {"allow": true, "reasons": []}
	at(path("/administrator"), saturday_first_second) == {"allow": true, "reasons": []}
}

test_weekday_arithmetic if {
	data.labelgate.custom._weekday == 4 with time.now_ns as 0 # 1970-01-01, a Thursday
	data.labelgate.custom._weekday == 6 with time.now_ns as saturday_first_second
	data.labelgate.custom._weekday == 0 with time.now_ns as sunday_last_second
	data.labelgate.custom._weekday == 1 with time.now_ns as monday_first_second
}

test_weekend_reason_adds_to_built_in_ones if {
	inp := object.union(admin, {"app": {"region": "BHS"}})
	at(inp, saturday_first_second) == {"allow": false, "reasons": [
		reason,
		"token region \"GRA\" does not match app region \"BHS\"",
	]}
}
