package io.labelgate.token;

/**
 * What the verifier needs to know of retired signing keys, so that retiring a key stops its tokens
 * within the revocation bound even where a verification or a browser session is remembered.
 *
 * <p>Both methods answer from a view of the keys no older than the revocation bound; past it, when
 * the registry cannot be read, they throw {@code RegistryUnavailableException} (fail closed).
 */
public interface KeyRetirements {

    /** A number that changes whenever a key is retired: a verification remembered under another number is stale. */
    long epoch();

    /** Whether the key with this {@code kid} was retired. */
    boolean retired(String kid);

    /** No retirements: keys that are configured, not kept in the registry. */
    static KeyRetirements none() {
        return new KeyRetirements() {
            @Override
            public long epoch() {
                return 0;
            }

            @Override
            public boolean retired(String kid) {
                return false;
            }
        };
    }
}
