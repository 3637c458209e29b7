package io.labelgate.registry;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Who made a change or an attempt, as the audit trail records it: never a credential.
 *
 * @param kind    how they were known
 * @param name    the administrator's name, {@code admin-secret}, the operator token's id,
 *                {@code application} or {@code labelgate}
 * @param address the client address the request came from; empty for the application's own code
 *                and for labelgate itself
 */
public record Actor(Kind kind, String name, Optional<String> address) {

    /** Longest name kept; a longer principal name is cut. */
    public static final int MAX_NAME_LENGTH = 200;

    /** The host application's own code, calling {@link TokenService} without naming an actor. */
    public static final Actor APPLICATION = new Actor(Kind.APPLICATION, "application", Optional.empty());

    /** labelgate itself: the first signing key, the demo token, a policy bundle it loaded. */
    public static final Actor LABELGATE = new Actor(Kind.LABELGATE, "labelgate", Optional.empty());

    public Actor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an actor needs a name");
        }
        name = printable(name, MAX_NAME_LENGTH);
        address = address.map(value -> printable(value, 64));
    }

    /** Whoever presented the shared admin secret, from {@code address}. */
    public static Actor adminSecret(String address) {
        return new Actor(Kind.ADMIN_SECRET, "admin-secret", Optional.ofNullable(address));
    }

    /** An administrator the container authenticated, by the name it knows them by. */
    public static Actor administrator(String name, String address) {
        return new Actor(Kind.ADMINISTRATOR, name, Optional.ofNullable(address));
    }

    /** The holder of an operator token, by the token's id. */
    public static Actor token(String tokenId, String address) {
        return new Actor(Kind.TOKEN, tokenId, Optional.ofNullable(address));
    }

    /** A caller who proved nothing (a refused credential), known only by address. */
    public static Actor unknown(String address) {
        return new Actor(Kind.UNKNOWN, "unknown", Optional.ofNullable(address));
    }

    /** How an actor was known, with its name in the audit table and API. */
    public enum Kind {
        /** A user in container role {@code labelgate-admin}. */
        ADMINISTRATOR("administrator"),
        /** The shared admin secret. */
        ADMIN_SECRET("admin-secret"),
        /** An operator token, named by its id. */
        TOKEN("token"),
        /** The host application's code. */
        APPLICATION("application"),
        /** labelgate on one of the app's nodes. */
        LABELGATE("labelgate"),
        /** Nobody proven: a refused attempt. */
        UNKNOWN("unknown");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the audit table and API. */
        public String wireName() {
            return wireName;
        }

        /** The kind with this wire name, exactly. */
        public static Optional<Kind> fromWireName(String name) {
            return Arrays.stream(values())
                    .filter(kind -> kind.wireName.equals(name))
                    .findFirst();
        }
    }

    /** At most {@code max} characters, control characters as {@code ?}: a name that came from outside. */
    private static String printable(String value, int max) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        value.codePoints().limit(max).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
