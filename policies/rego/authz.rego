# labelgate authorisation policy.
#
# Decides whether a scoped bearer token may perform a request on one app. Java builds the input
# document (see README.md) and evaluates the single entrypoint `decision`:
#
#   {"allow": <boolean>, "reasons": [<sorted strings>]}
#
# A request is allowed only when the input is well formed AND every condition below holds:
#
#   1. scope:  the token matches the app. A token matches through its label selectors (ALL of
#              them must hold, Kubernetes semantics) or through the explicit all-apps marker
#              `token.allApps == true`, which is valid only with an empty selector list.
#   2. role:   the token's role permits the request's action (read: read; operator: read, manage).
#   3. region: the token's region equals the app's region (exact string equality).
#   4. custom: no deployer rule denies the request (see "Extension points" below).
#
# Every failed condition adds one short reason, written for the person who gets the 403: no
# policy internals. When allow is true, reasons is empty.
#
# The policy is compiled to WebAssembly (`opa build -t wasm`) and evaluated by opa-java-wasm,
# whose SDK implements only part of the builtins that are not compiled natively into the module.
# So only natively compiled builtins are used here (concat, count, sort, format_int, type_name,
# is_*, comparison, `in`, `every`); no sprintf. check.sh enforces this list.
package labelgate.authz

# ---------------------------------------------------------------------------------------------
# Entrypoint and rules
# ---------------------------------------------------------------------------------------------

# The single document Java evaluates.
decision := {"allow": allow, "reasons": sort(reasons)}

default allow := false

# Deny by default. The positive conditions and the list of reasons are derived separately, and
# both must agree: a condition forgotten on either side denies rather than allows.
allow if {
	_granted
	count(reasons) == 0
}

# Malformed input is reported alone: the other conditions are not meaningful on it.
reasons contains msg if some msg in _input_errors

reasons contains msg if {
	count(_input_errors) == 0
	some msg in _denials
}

# Safety net: a denial must always carry a reason. Unreachable while the positive conditions and
# _denials mirror each other; kept so that a future edit that breaks the mirror still explains.
reasons contains "the request is not permitted" if {
	not _granted
	count(_input_errors) == 0
	count(_denials) == 0
}

_granted if {
	count(_input_errors) == 0
	_scope_matches
	_role_condition
	input.token.region == input.app.region
	_custom_allows
}

# ---------------------------------------------------------------------------------------------
# Scope: label selectors and the all-apps marker
# ---------------------------------------------------------------------------------------------

# The all-apps marker. A token without selectors matches NOTHING (an empty selector list never
# means "everything" by accident); a token meant for every app says so explicitly with
# allApps == true, and then must carry no selectors. Java guarantees that combination, but the
# policy does not rely on it: allApps together with selectors is ambiguous (all apps, or the
# selected ones?) and is denied with its own reason rather than resolved either way.
_scope_matches if {
	input.token.allApps == true
	count(input.token.selectors) == 0
}

_scope_matches if {
	input.token.allApps == false
	count(input.token.selectors) > 0
	every sel in input.token.selectors {
		_selector_matches(sel, input.app.labels)
	}
}

_label_in(labels, key, values) if labels[key] in values

# Kubernetes LabelSelectorRequirement semantics.
# In: the label is present and its value is one of values.
_selector_matches(sel, labels) if {
	sel.operator == "In"
	_label_in(labels, sel.key, sel.values)
}

# NotIn: the label is absent, or present with a value that is not one of values.
# The helper matters: OPA evaluates an inline `not labels[sel.key] in sel.values` as undefined
# (not true) when the label is absent, which would wrongly deny the absent-key case.
_selector_matches(sel, labels) if {
	sel.operator == "NotIn"
	not _label_in(labels, sel.key, sel.values)
}

# Exists: the label is present (whatever its value, including "").
_selector_matches(sel, labels) if {
	sel.operator == "Exists"
	_has_key(labels, sel.key)
}

# DoesNotExist: the label is absent.
_selector_matches(sel, labels) if {
	sel.operator == "DoesNotExist"
	not _has_key(labels, sel.key)
}

# ---------------------------------------------------------------------------------------------
# Role and action
# ---------------------------------------------------------------------------------------------

# Unknown roles and unknown actions permit nothing.
_role_actions := {
	"read": {"read"},
	"operator": {"read", "manage"},
}

_role_permits(role, action) if action in _role_actions[role]

# The role condition: the role's own actions, plus any a deployer's rule adds for this input.
_role_condition if _role_permits(input.token.role, input.request.action)

_role_condition if input.request.action in _custom_extra_actions

# ---------------------------------------------------------------------------------------------
# Extension points: a deployer's rules in package labelgate.custom
# ---------------------------------------------------------------------------------------------

# A deployer never edits this file. They write Rego in package labelgate.custom (built into one
# bundle with this file by bundle.sh), and this policy reads exactly two documents from it:
#
#   deny           a set of strings; each one denies the request and is one of its reasons.
#   extra_actions  a set of actions the token's role may also perform on THIS input. It
#                  satisfies the role condition only; scope and region are never widened.
#
# Why only these: selectors, all-apps and region are limits the token's creator wrote into the
# token, and a deployment-wide rule cannot know what each creator meant, so widening them would
# make a token valid for apps its creator excluded. Roles are the deployer's own vocabulary of
# what may be done to their app, so what a role permits is theirs to extend. A rule may always
# deny more.
#
# Without a labelgate.custom package both documents are undefined and nothing changes. Custom
# reasons are reported only for well-formed input (see reasons), like the built-in ones.

_custom_deny := data.labelgate.custom.deny

_custom_extra_actions := data.labelgate.custom.extra_actions

# deny must be a set (an array is accepted too) of strings. Anything else still denies, with a
# fixed reason: a broken custom rule must not allow by accident.
_custom_deny_is_collection if type_name(_custom_deny) in {"set", "array"}

_custom_deny_not_string := "a custom rule denied the request without a reason that is a string"

# The positive condition: no custom deny document, or an empty one.
_custom_allows if not _has_custom_deny

_custom_allows if {
	_custom_deny_is_collection
	count(_custom_deny) == 0
}

_has_custom_deny if {
	_ = _custom_deny
}

# ---------------------------------------------------------------------------------------------
# Reasons for a well-formed input that is denied
# ---------------------------------------------------------------------------------------------

_denials contains "token has no selectors and is not scoped to all apps" if {
	input.token.allApps == false
	count(input.token.selectors) == 0
}

_denials contains "token is scoped to all apps but also has selectors" if {
	input.token.allApps == true
	count(input.token.selectors) > 0
}

_denials contains msg if {
	input.token.allApps == false
	some sel in input.token.selectors
	not _selector_matches(sel, input.app.labels)
	msg := concat("", ["selector ", _selector_text(sel), " does not match the app's labels"])
}

_denials contains msg if {
	not _role_condition
	msg := concat("", [
		"role \"", input.token.role,
		"\" does not permit action \"", input.request.action, "\"",
	])
}

_denials contains msg if {
	input.token.region != input.app.region
	msg := concat("", [
		"token region \"", input.token.region,
		"\" does not match app region \"", input.app.region, "\"",
	])
}

_denials contains reason if {
	_custom_deny_is_collection
	some reason in _custom_deny
	is_string(reason)
}

_denials contains _custom_deny_not_string if {
	_custom_deny_is_collection
	some reason in _custom_deny
	not is_string(reason)
}

_denials contains _custom_deny_not_string if {
	_has_custom_deny
	not _custom_deny_is_collection
}

# A selector written back in the Kubernetes syntax the token was created with.
_selector_text(sel) := concat("", [sel.key, " in (", concat(",", sel.values), ")"]) if {
	sel.operator == "In"
}

_selector_text(sel) := concat("", [sel.key, " notin (", concat(",", sel.values), ")"]) if {
	sel.operator == "NotIn"
}

_selector_text(sel) := sel.key if sel.operator == "Exists"

_selector_text(sel) := concat("", ["!", sel.key]) if sel.operator == "DoesNotExist"

# ---------------------------------------------------------------------------------------------
# Input validation: anything missing or wrongly typed denies, with a reason
# ---------------------------------------------------------------------------------------------

# Required members of each section and their JSON types.
_fields := {
	"token": {
		"id": "string",
		"role": "string",
		"region": "string",
		"allApps": "boolean",
		"selectors": "array",
	},
	"app": {
		"id": "string",
		"region": "string",
		"labels": "object",
	},
	"request": {
		"method": "string",
		"path": "string",
		"action": "string",
	},
}

_selector_fields := {
	"key": "string",
	"operator": "string",
	"values": "array",
}

# In and NotIn need at least one value; Exists and DoesNotExist take none (as in Kubernetes).
_operator_takes_values := {
	"In": true,
	"NotIn": true,
	"Exists": false,
	"DoesNotExist": false,
}

# Java always sends a well-formed input, so the common case is decided by one direct check; the
# detailed problems below are looked for only when it fails. Should the two ever disagree (a
# check added to one side only), the input is still refused, with a generic reason.
_input_errors contains msg if {
	not _well_formed
	some msg in _input_problems
}

_input_errors contains "input is malformed" if {
	not _well_formed
	count(_input_problems) == 0
}

# METADATA
# description: Validation looks only at the JSON types of the input's members (see bundle.sh).
# custom:
#   labelgate_input_types_only: true
_well_formed if {
	is_string(input.token.id)
	is_string(input.token.role)
	is_string(input.token.region)
	is_boolean(input.token.allApps)
	is_array(input.token.selectors)
	is_string(input.app.id)
	is_string(input.app.region)
	is_object(input.app.labels)
	is_string(input.request.method)
	is_string(input.request.path)
	is_string(input.request.action)
	every value in input.app.labels {
		is_string(value)
	}
	every sel in input.token.selectors {
		_selector_well_formed(sel)
	}
}

_selector_well_formed(sel) if {
	is_string(sel.key)
	is_array(sel.values)
	every value in sel.values {
		is_string(value)
	}
	_value_count_fits(sel.operator, count(sel.values))
}

_value_count_fits(operator, n) if {
	_operator_takes_values[operator] == true
	n > 0
}

_value_count_fits(operator, n) if {
	_operator_takes_values[operator] == false
	n == 0
}

# The rules below and _well_formed read input, input[section] and request.method and .path only
# for their JSON types, which are the same for every input Java sends (strings, never null). The
# annotation tells bundle.sh's analysis of the request fields a decision depends on to skip them,
# so that this policy is keyed on the action alone; it is honoured in this file only.
#
# METADATA
# scope: document
# description: Validation looks only at the JSON types of the input's members (see bundle.sh).
# custom:
#   labelgate_input_types_only: true
_input_problems contains "input is missing" if not _has_input

_input_problems contains _type_error("input", input, "object") if {
	_has_input
	not is_object(input)
}

_input_problems contains concat("", ["input has no ", section]) if {
	is_object(input)
	some section, _ in _fields
	not _has_key(input, section)
}

_input_problems contains _type_error(section, value, "object") if {
	some section, _ in _fields
	value := input[section]
	not is_object(value)
}

_input_problems contains concat("", [section, " has no ", name]) if {
	some section, fields in _fields
	is_object(input[section])
	some name, _ in fields
	not _has_key(input[section], name)
}

_input_problems contains _type_error(concat(".", [section, name]), value, want) if {
	some section, fields in _fields
	some name, want in fields
	value := input[section][name]
	type_name(value) != want
}

_input_problems contains _type_error(concat("", ["app.labels[\"", key, "\"]"]), value, "string") if {
	is_object(input.app.labels)
	some key, value in input.app.labels
	not is_string(value)
}

_input_problems contains _type_error(_selector_path(i), sel, "object") if {
	is_array(input.token.selectors)
	some i, sel in input.token.selectors
	not is_object(sel)
}

_input_problems contains concat("", [_selector_path(i), " has no ", name]) if {
	some i, sel in _selectors_to_check
	some name, _ in _selector_fields
	not _has_key(sel, name)
}

_input_problems contains _type_error(concat(".", [_selector_path(i), name]), value, want) if {
	some i, sel in _selectors_to_check
	some name, want in _selector_fields
	value := sel[name]
	type_name(value) != want
}

_input_problems contains _type_error(concat("", [_selector_path(i), ".values[", format_int(j, 10), "]"]), value, "string") if {
	some i, sel in _selectors_to_check
	is_array(sel.values)
	some j, value in sel.values
	not is_string(value)
}

_input_problems contains concat("", ["selector operator \"", sel.operator, "\" is not supported"]) if {
	some sel in _selectors_to_check
	is_string(sel.operator)
	not _has_key(_operator_takes_values, sel.operator)
}

_input_problems contains _selector_values_error(sel, "needs at least one value") if {
	some sel in _selectors_to_check
	_operator_takes_values[sel.operator] == true
	is_array(sel.values)
	count(sel.values) == 0
}

_input_problems contains _selector_values_error(sel, "takes no values") if {
	some sel in _selectors_to_check
	_operator_takes_values[sel.operator] == false
	is_array(sel.values)
	count(sel.values) > 0
}

_selectors_to_check[i] := sel if {
	is_array(input.token.selectors)
	some i, sel in input.token.selectors
	is_object(sel)
}

# "selector on key \"gpu\" with operator \"Exists\" takes no values"
_selector_values_error(sel, problem) := concat("", [
	"selector on key \"", sel.key, "\" with operator \"", sel.operator, "\" ", problem,
]) if is_string(sel.key)

_selector_path(i) := concat("", ["token.selectors[", format_int(i, 10), "]"])

# "token.role is a number, not a string"
_type_error(path, value, want) := concat("", [path, " is ", _type_article[type_name(value)], ", not ", _type_article[want]])

_type_article := {
	"null": "null",
	"boolean": "a boolean",
	"number": "a number",
	"string": "a string",
	"array": "an array",
	"object": "an object",
	"set": "a set",
}

# METADATA
# description: Validation looks only at the JSON types of the input's members (see bundle.sh).
# custom:
#   labelgate_input_types_only: true
_has_input if {
	_ = input
}

# True when obj has the key, whatever the value (false and null included).
_has_key(obj, key) if {
	_ = obj[key]
}
