package io.labelgate.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where token metadata lives. Every method either completes or throws
 * {@link RegistryUnavailableException}; a failed write leaves nothing behind. Every change is
 * written with its audit entry, naming the actor, in one transaction.
 */
public interface TokenRegistry {

    /** Stores a new token; its id must be new. The audit entry names {@code by}. */
    void insert(TokenRecord token, Actor by);

    /**
     * Stores a token under its id in one transaction: inserted at its generation when the id is
     * new, otherwise written over the existing record with the existing generation plus one.
     *
     * @return the stored record, with the generation it got
     */
    TokenRecord replace(TokenRecord token, Actor by);

    /** The token with this id. */
    Optional<TokenRecord> find(String id);

    /** Every token, newest first. */
    List<TokenRecord> list();

    /** Increments the generation (revoking every existing string) and returns the updated token. */
    Optional<TokenRecord> incrementGeneration(String id, Actor by);

    /** Deletes the token; false when there was none (and nothing is audited). */
    boolean delete(String id, Actor by);

    /** Records a use, at the caller's chosen precision. */
    void touch(String id, Instant usedAt);
}
