package labelgate.authz_test

import data.labelgate.authz

# A well-formed input that is allowed: a read token scoped by group=A, on an app labelled group=A
# in the same region. Each test changes only what it is about.
app_id := "0b6c5f6e-3f4e-4a8e-9a53-7d3c2f1e0a11"

base_input := {
	"token": {
		"id": "5f1d3c2b-8a7e-4c6d-b5e4-3a2f1e0d9c8b",
		"role": "read",
		"region": "GRA",
		"allApps": false,
		"selectors": [{"key": "group", "operator": "In", "values": ["A"]}],
	},
	"app": {
		"id": app_id,
		"region": "GRA",
		"labels": {
			"group": "A",
			"tier": "gpu",
			"empty": "",
			"labelgate/id": app_id,
			"labelgate/type": "app",
		},
	},
	"request": {"method": "GET", "path": "/hello", "action": "read"},
}

allowed := {"allow": true, "reasons": []}

denied(reasons) := {"allow": false, "reasons": reasons}

decision_for(inp) := d if {
	d := authz.decision with input as inp
}

# base_input with some token members replaced (object.union merges nested objects).
with_token(fields) := object.union(base_input, {"token": fields})

with_selectors(selectors) := with_token({"selectors": selectors})

decision_for_selectors(selectors) := decision_for(with_selectors(selectors))

sel(key, operator, values) := {"key": key, "operator": operator, "values": values}

# ---------------------------------------------------------------------------------------------
# Selectors, one operator at a time (Kubernetes LabelSelectorRequirement semantics)
# ---------------------------------------------------------------------------------------------

test_allows_base_input if {
	decision_for(base_input) == allowed
	authz.allow with input as base_input
	count(authz.reasons) == 0 with input as base_input
}

test_in_matches_when_label_value_is_listed if {
	decision_for_selectors([sel("group", "In", ["A"])]) == allowed
	decision_for_selectors([sel("group", "In", ["B", "A"])]) == allowed
}

test_in_denies_when_label_value_is_not_listed if {
	decision_for_selectors([sel("group", "In", ["B", "C"])]) == denied([
		"selector group in (B,C) does not match the app's labels",
	])
}

test_in_denies_when_label_is_absent if {
	decision_for_selectors([sel("zone", "In", ["A"])]) == denied([
		"selector zone in (A) does not match the app's labels",
	])
}

test_in_compares_values_exactly if {
	decision_for_selectors([sel("group", "In", ["a"])]) == denied([
		"selector group in (a) does not match the app's labels",
	])
}

test_in_matches_empty_label_value if {
	decision_for_selectors([sel("empty", "In", [""])]) == allowed
}

test_notin_matches_when_label_value_is_not_listed if {
	decision_for_selectors([sel("group", "NotIn", ["B", "C"])]) == allowed
}

test_notin_matches_when_label_is_absent if {
	decision_for_selectors([sel("zone", "NotIn", ["A"])]) == allowed
}

test_notin_denies_when_label_value_is_listed if {
	decision_for_selectors([sel("group", "NotIn", ["B", "A"])]) == denied([
		"selector group notin (B,A) does not match the app's labels",
	])
}

test_exists_matches_when_label_is_present if {
	decision_for_selectors([sel("tier", "Exists", [])]) == allowed
}

test_exists_matches_label_with_empty_value if {
	decision_for_selectors([sel("empty", "Exists", [])]) == allowed
}

test_exists_denies_when_label_is_absent if {
	decision_for_selectors([sel("zone", "Exists", [])]) == denied([
		"selector zone does not match the app's labels",
	])
}

test_doesnotexist_matches_when_label_is_absent if {
	decision_for_selectors([sel("zone", "DoesNotExist", [])]) == allowed
}

test_doesnotexist_denies_when_label_is_present if {
	decision_for_selectors([sel("tier", "DoesNotExist", [])]) == denied([
		"selector !tier does not match the app's labels",
	])
}

test_doesnotexist_denies_when_label_is_present_with_empty_value if {
	decision_for_selectors([sel("empty", "DoesNotExist", [])]) == denied([
		"selector !empty does not match the app's labels",
	])
}

test_reserved_id_label_scopes_token_to_one_app if {
	decision_for_selectors([sel("labelgate/id", "In", [app_id])]) == allowed
	decision_for_selectors([sel("labelgate/id", "In", ["another-app"])]) == denied([
		"selector labelgate/id in (another-app) does not match the app's labels",
	])
}

# ---------------------------------------------------------------------------------------------
# Several selectors: all must hold
# ---------------------------------------------------------------------------------------------

test_allows_when_every_selector_matches if {
	decision_for_selectors([
		sel("group", "In", ["A"]),
		sel("tier", "Exists", []),
		sel("zone", "DoesNotExist", []),
		sel("env", "NotIn", ["prod"]),
	]) == allowed
}

test_denies_when_one_selector_of_several_fails if {
	decision_for_selectors([
		sel("group", "In", ["A"]),
		sel("tier", "NotIn", ["gpu"]),
	]) == denied(["selector tier notin (gpu) does not match the app's labels"])
}

test_lists_every_failing_selector if {
	decision_for_selectors([
		sel("group", "In", ["B"]),
		sel("tier", "Exists", []),
		sel("zone", "Exists", []),
		sel("gpu", "In", ["yes"]),
	]) == denied([
		"selector gpu in (yes) does not match the app's labels",
		"selector group in (B) does not match the app's labels",
		"selector zone does not match the app's labels",
	])
}

# ---------------------------------------------------------------------------------------------
# Empty selectors and the all-apps marker
# ---------------------------------------------------------------------------------------------

test_token_without_selectors_matches_nothing if {
	decision_for_selectors([]) == denied(["token has no selectors and is not scoped to all apps"])
}

test_all_apps_token_matches_any_app if {
	all_apps := with_token({"allApps": true, "selectors": []})
	decision_for(all_apps) == allowed

	unlabelled := object.union(all_apps, {"app": {"labels": {}}})
	decision_for(unlabelled) == allowed
}

test_all_apps_token_with_selectors_is_denied if {
	# even when the selectors would match: the scope is ambiguous
	decision_for(with_token({"allApps": true})) == denied([
		"token is scoped to all apps but also has selectors",
	])
}

test_all_apps_token_still_needs_role_and_region if {
	inp := object.union(with_token({"allApps": true, "selectors": []}), {
		"app": {"region": "BHS"},
		"request": {"action": "manage"},
	})
	decision_for(inp) == denied([
		"role \"read\" does not permit action \"manage\"",
		"token region \"GRA\" does not match app region \"BHS\"",
	])
}

# ---------------------------------------------------------------------------------------------
# Roles x actions
# ---------------------------------------------------------------------------------------------

role_action_cases := [
	{"role": "read", "action": "read", "allow": true},
	{"role": "read", "action": "manage", "allow": false},
	{"role": "operator", "action": "read", "allow": true},
	{"role": "operator", "action": "manage", "allow": true},
	{"role": "operator", "action": "delete", "allow": false},
	{"role": "read", "action": "", "allow": false},
	{"role": "admin", "action": "read", "allow": false},
	{"role": "admin", "action": "manage", "allow": false},
	{"role": "Read", "action": "read", "allow": false},
	{"role": "", "action": "read", "allow": false},
]

expected_role_decision(c) := allowed if c.allow

expected_role_decision(c) := denied([concat("", [
	"role \"", c.role, "\" does not permit action \"", c.action, "\"",
])]) if {
	not c.allow
}

test_roles_permit_actions if {
	every c in role_action_cases {
		inp := object.union(base_input, {"token": {"role": c.role}, "request": {"action": c.action}})
		decision_for(inp) == expected_role_decision(c)
	}
}

test_read_role_may_not_manage_exact_reason if {
	inp := object.union(base_input, {"request": {"method": "POST", "path": "/labelgate/api/app/stop", "action": "manage"}})
	decision_for(inp) == denied(["role \"read\" does not permit action \"manage\""])
}

# ---------------------------------------------------------------------------------------------
# Region
# ---------------------------------------------------------------------------------------------

test_denies_token_of_another_region if {
	inp := object.union(base_input, {"app": {"region": "BHS"}})
	decision_for(inp) == denied(["token region \"GRA\" does not match app region \"BHS\""])
}

test_region_comparison_is_exact if {
	decision_for(with_token({"region": "gra"})) == denied([
		"token region \"gra\" does not match app region \"GRA\"",
	])
}

# ---------------------------------------------------------------------------------------------
# Several failures at once: every reason is listed, sorted
# ---------------------------------------------------------------------------------------------

test_lists_every_failed_condition if {
	inp := {
		"token": {
			"id": "t",
			"role": "read",
			"region": "GRA",
			"allApps": false,
			"selectors": [sel("group", "In", ["B"]), sel("tier", "DoesNotExist", [])],
		},
		"app": {"id": "a", "region": "BHS", "labels": {"group": "A", "tier": "gpu"}},
		"request": {"method": "DELETE", "path": "/labelgate/api/app", "action": "manage"},
	}
	decision_for(inp) == denied([
		"role \"read\" does not permit action \"manage\"",
		"selector !tier does not match the app's labels",
		"selector group in (B) does not match the app's labels",
		"token region \"GRA\" does not match app region \"BHS\"",
	])
}

# ---------------------------------------------------------------------------------------------
# Malformed input: denied, with reasons, and no other condition evaluated
# ---------------------------------------------------------------------------------------------

test_denies_missing_input if {
	authz.decision == denied(["input is missing"])
}

test_denies_input_that_is_not_an_object if {
	decision_for([]) == denied(["input is an array, not an object"])
	decision_for("token") == denied(["input is a string, not an object"])
	decision_for(null) == denied(["input is null, not an object"])
}

test_denies_empty_input if {
	decision_for({}) == denied(["input has no app", "input has no request", "input has no token"])
}

test_denies_missing_sections if {
	decision_for(object.remove(base_input, ["token"])) == denied(["input has no token"])
	decision_for(object.remove(base_input, ["app"])) == denied(["input has no app"])
	decision_for(object.remove(base_input, ["request"])) == denied(["input has no request"])
}

test_denies_sections_that_are_not_objects if {
	inp := {"token": "eyJhbGciOi", "app": 42, "request": false}
	decision_for(inp) == denied([
		"app is a number, not an object",
		"request is a boolean, not an object",
		"token is a string, not an object",
	])
}

test_denies_missing_members if {
	inp := {
		"token": object.remove(base_input.token, ["id", "role", "region", "allApps", "selectors"]),
		"app": object.remove(base_input.app, ["id", "region", "labels"]),
		"request": object.remove(base_input.request, ["method", "path", "action"]),
	}
	decision_for(inp) == denied([
		"app has no id",
		"app has no labels",
		"app has no region",
		"request has no action",
		"request has no method",
		"request has no path",
		"token has no allApps",
		"token has no id",
		"token has no region",
		"token has no role",
		"token has no selectors",
	])
}

test_denies_wrongly_typed_members if {
	inp := {
		"token": {"id": 1, "role": ["read"], "region": null, "allApps": "true", "selectors": {}},
		"app": {"id": true, "region": 3.5, "labels": []},
		"request": {"method": null, "path": {}, "action": 0},
	}
	decision_for(inp) == denied([
		"app.id is a boolean, not a string",
		"app.labels is an array, not an object",
		"app.region is a number, not a string",
		"request.action is a number, not a string",
		"request.method is null, not a string",
		"request.path is an object, not a string",
		"token.allApps is a string, not a boolean",
		"token.id is a number, not a string",
		"token.region is null, not a string",
		"token.role is an array, not a string",
		"token.selectors is an object, not an array",
	])
}

test_malformed_input_hides_other_failures if {
	# region and role would fail too, but only the malformed member is reported
	inp := object.union(base_input, {
		"token": {"id": null},
		"app": {"region": "BHS"},
		"request": {"action": "manage"},
	})
	decision_for(inp) == denied(["token.id is null, not a string"])
}

test_denies_label_values_that_are_not_strings if {
	decision_for(object.union(base_input, {"app": {"labels": {"group": 1, "gpu": null}}})) == denied([
		"app.labels[\"gpu\"] is null, not a string",
		"app.labels[\"group\"] is a number, not a string",
	])
}

test_denies_selectors_that_are_not_objects if {
	decision_for_selectors([sel("group", "In", ["A"]), "group=A", null]) == denied([
		"token.selectors[1] is a string, not an object",
		"token.selectors[2] is null, not an object",
	])
}

test_denies_selectors_with_missing_members if {
	decision_for_selectors([{}]) == denied([
		"token.selectors[0] has no key",
		"token.selectors[0] has no operator",
		"token.selectors[0] has no values",
	])
}

test_denies_selectors_with_wrongly_typed_members if {
	decision_for_selectors([{"key": 1, "operator": null, "values": "A"}]) == denied([
		"token.selectors[0].key is a number, not a string",
		"token.selectors[0].operator is null, not a string",
		"token.selectors[0].values is a string, not an array",
	])
}

test_denies_selector_values_that_are_not_strings if {
	decision_for_selectors([sel("group", "In", ["A", 1, false])]) == denied([
		"token.selectors[0].values[1] is a number, not a string",
		"token.selectors[0].values[2] is a boolean, not a string",
	])
}

test_denies_unknown_selector_operator if {
	decision_for_selectors([sel("group", "Equals", ["A"])]) == denied([
		"selector operator \"Equals\" is not supported",
	])

	# operator names are case-sensitive, as in Kubernetes
	decision_for_selectors([sel("group", "in", ["A"])]) == denied([
		"selector operator \"in\" is not supported",
	])
}

test_denies_in_and_notin_without_values if {
	decision_for_selectors([sel("group", "In", []), sel("tier", "NotIn", [])]) == denied([
		"selector on key \"group\" with operator \"In\" needs at least one value",
		"selector on key \"tier\" with operator \"NotIn\" needs at least one value",
	])
}

test_denies_exists_and_doesnotexist_with_values if {
	decision_for_selectors([sel("tier", "Exists", ["gpu"]), sel("zone", "DoesNotExist", ["a"])]) == denied([
		"selector on key \"tier\" with operator \"Exists\" takes no values",
		"selector on key \"zone\" with operator \"DoesNotExist\" takes no values",
	])
}

# ---------------------------------------------------------------------------------------------
# Deny by default: allow needs both the positive conditions and an empty list of reasons
# ---------------------------------------------------------------------------------------------

test_denial_without_explanation_still_gets_a_reason if {
	# simulates a future edit where a condition fails but _denials forgot to explain it
	inp := object.union(base_input, {"app": {"region": "BHS"}})
	d := authz.decision with input as inp with authz._denials as set()
	d == denied(["the request is not permitted"])
}

test_reason_without_failed_condition_still_denies if {
	# simulates a future edit where _denials reports something the positive conditions missed
	d := authz.decision with input as base_input with authz._denials as {"something is wrong"}
	d == denied(["something is wrong"])
}

# ---------------------------------------------------------------------------------------------
# Extension points: data.labelgate.custom.deny and data.labelgate.custom.extra_actions
# ---------------------------------------------------------------------------------------------

manage_input := object.union(base_input, {"request": {"method": "POST", "path": "/labelgate/api/app/stop", "action": "manage"}})

test_custom_deny_denies_an_allowed_request_with_its_reason if {
	d := authz.decision with input as base_input with data.labelgate.custom.deny as {"no access on weekends"}
	d == denied(["no access on weekends"])
}

test_custom_deny_reasons_are_listed_sorted_with_the_built_in_ones if {
	inp := object.union(base_input, {"app": {"region": "BHS"}})
	d := authz.decision with input as inp with data.labelgate.custom.deny as {"b: second", "a: first"}
	d == denied([
		"a: first",
		"b: second",
		"token region \"GRA\" does not match app region \"BHS\"",
	])
}

test_custom_deny_empty_set_denies_nothing if {
	decision_for(base_input) == allowed with data.labelgate.custom.deny as set()
	decision_for(base_input) == allowed with data.labelgate.custom.deny as []
}

test_custom_deny_array_of_reasons_denies if {
	d := authz.decision with input as base_input with data.labelgate.custom.deny as ["listed"]
	d == denied(["listed"])
}

test_custom_deny_reason_that_is_not_a_string_still_denies if {
	d := authz.decision with input as base_input with data.labelgate.custom.deny as {{"why": "x"}, 42}
	d == denied(["a custom rule denied the request without a reason that is a string"])

	d2 := authz.decision with input as base_input with data.labelgate.custom.deny as {"stated", null}
	d2 == denied(["a custom rule denied the request without a reason that is a string", "stated"])
}

test_custom_deny_that_is_not_a_set_still_denies if {
	every deny in [true, "a string", {"an": "object"}, 0] {
		d := authz.decision with input as base_input with data.labelgate.custom.deny as deny
		d.allow == false
		"a custom rule denied the request without a reason that is a string" in d.reasons
	}
}

test_custom_deny_is_ignored_on_malformed_input if {
	inp := object.union(base_input, {"token": {"id": null}})
	d := authz.decision with input as inp with data.labelgate.custom.deny as {"custom reason", 1}
	d == denied(["token.id is null, not a string"])
}

test_extra_actions_let_read_token_manage if {
	decision_for(manage_input) == denied(["role \"read\" does not permit action \"manage\""])
	decision_for(manage_input) == allowed with data.labelgate.custom.extra_actions as {"manage"}
}

test_extra_actions_do_not_widen_region if {
	inp := object.union(manage_input, {"app": {"region": "BHS"}})
	d := authz.decision with input as inp with data.labelgate.custom.extra_actions as {"manage"}
	d == denied(["token region \"GRA\" does not match app region \"BHS\""])
}

test_extra_actions_do_not_widen_selectors if {
	inp := object.union(manage_input, {"token": {"selectors": [sel("group", "In", ["B"])]}})
	d := authz.decision with input as inp with data.labelgate.custom.extra_actions as {"manage"}
	d == denied(["selector group in (B) does not match the app's labels"])

	no_scope := object.union(manage_input, {"token": {"selectors": []}})
	d2 := authz.decision with input as no_scope with data.labelgate.custom.extra_actions as {"manage"}
	d2 == denied(["token has no selectors and is not scoped to all apps"])
}

test_extra_actions_do_not_widen_all_apps if {
	inp := object.union(manage_input, {"token": {"allApps": true}})
	d := authz.decision with input as inp with data.labelgate.custom.extra_actions as {"manage"}
	d == denied(["token is scoped to all apps but also has selectors"])
}

test_unrelated_extra_action_does_nothing if {
	d := authz.decision with input as manage_input with data.labelgate.custom.extra_actions as {"delete", "read"}
	d == denied(["role \"read\" does not permit action \"manage\""])
}

test_extra_actions_and_custom_deny_together if {
	d := authz.decision with input as manage_input
		with data.labelgate.custom.extra_actions as {"manage"}
		with data.labelgate.custom.deny as {"not today"}
	d == denied(["not today"])
}
