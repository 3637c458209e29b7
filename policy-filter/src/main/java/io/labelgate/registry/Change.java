package io.labelgate.registry;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the registry's change feed: something that affects decisions changed.
 *
 * @param seq     its place in the feed, in commit order
 * @param kind    what changed
 * @param subject which one: a token id, a kid, an app id, a session's id hash
 */
public record Change(long seq, Kind kind, String subject) {

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
    }

    /** What a change is about, with its name in the feed table. */
    public enum Kind {
        /** A token was created, regenerated, replaced or deleted. */
        TOKEN("token"),
        /** A signing key was added or retired. */
        KEY("key"),
        /** An app's status or registration changed. */
        APP("app"),
        /** A browser session ended. */
        SESSION("session");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The name stored in the feed. */
        public String wireName() {
            return wireName;
        }

        /** The kind stored under this name. */
        public static Optional<Kind> fromWireName(String name) {
            return Arrays.stream(values())
                    .filter(kind -> kind.wireName.equals(name))
                    .findFirst();
        }
    }
}
