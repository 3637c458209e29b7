package io.labelgate.registry;

import java.util.Arrays;
import java.util.Optional;

/** What an audit entry records (docs/contract.md, "Audit trail"), with its name in the table and API. */
public enum AuditAction {
    /** A token was created; the target is its id. */
    TOKEN_CREATED("token.created"),
    /** A token was written over under its id (a new generation); the target is its id. */
    TOKEN_REPLACED("token.replaced"),
    /** A token got a new string, every earlier one revoked; the target is its id. */
    TOKEN_REGENERATED("token.regenerated"),
    /** A token was deleted; the target is its id. */
    TOKEN_DELETED("token.deleted"),
    /** A new signing key was added and signs from now on; the target is its kid. */
    KEY_ROTATED("key.rotated"),
    /** A signing key was retired: the tokens it signed stop verifying; the target is its kid. */
    KEY_RETIRED("key.retired"),
    /** An app was stopped; the target is the app's id. */
    APP_STOPPED("app.stopped"),
    /** An app was started again; the target is the app's id. */
    APP_STARTED("app.started"),
    /** An app was deleted; the target is the app's id. */
    APP_DELETED("app.deleted"),
    /** A node began deciding with a new policy bundle; the target is the bundle's revision. */
    POLICY_CHANGED("policy.changed"),
    /** The Tokens and Apps pages were opened with an admin credential; the target is the console. */
    ADMIN_SIGNED_IN("admin.signed-in"),
    /** The admin API refused a credential: not the admin secret, and no administrator. */
    ADMIN_REFUSED("admin.refused"),
    /** The login page refused what was pasted: neither a current token nor the admin credential. */
    SIGN_IN_REFUSED("sign-in.refused");

    private final String wireName;

    AuditAction(String wireName) {
        this.wireName = wireName;
    }

    /** Whether this action is a refused attempt rather than something done. */
    public boolean refusal() {
        return this == ADMIN_REFUSED || this == SIGN_IN_REFUSED;
    }

    /** The name in the audit table and API. */
    public String wireName() {
        return wireName;
    }

    /** The action with this wire name, exactly. */
    public static Optional<AuditAction> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(action -> action.wireName.equals(name))
                .findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
