package io.labelgate.registry;

import java.time.Instant;
import java.util.List;

/** Where signing keys are kept; throws {@link RegistryUnavailableException} on faults. */
public interface SigningKeyRegistry {

    /** Every key, newest first. */
    List<StoredSigningKey> signingKeys();

    /** Stores a new key; the audit entry names {@code by}. */
    void insert(StoredSigningKey key, Actor by);

    /** Retires a key: it no longer signs or verifies. False when there was no such active key. */
    boolean retire(String kid, Instant at, Actor by);
}
