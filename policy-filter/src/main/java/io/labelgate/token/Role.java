package io.labelgate.token;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * What a token's holder may do on the apps it matches (docs/contract.md, "Concepts").
 *
 * <p>The policy decides what each role permits; Java only names them. For the container's role
 * checks ({@code isUserInRole}, {@code @RolesAllowed}) an operator is also in role {@code read},
 * because an operator may do everything a reader may.
 */
public enum Role {
    /** May query the app: action {@code read}. */
    READ("read"),
    /** May query and manage the app: actions {@code read} and {@code manage}. */
    OPERATOR("operator");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    /** The name in tokens, decision inputs and container role checks. */
    public String wireName() {
        return wireName;
    }

    /** The container roles a holder of this role is in. */
    public Set<String> containerRoles() {
        return this == OPERATOR ? Set.of(OPERATOR.wireName, READ.wireName) : Set.of(READ.wireName);
    }

    /** The role with this wire name, exactly ({@code read}, {@code operator}). */
    public static Optional<Role> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(role -> role.wireName.equals(name))
                .findFirst();
    }
}
