package io.labelgate.registry;

import java.time.Instant;
import java.util.Optional;

/** Where browser sessions live, shared by every node; throws {@link RegistryUnavailableException} on faults. */
public interface SessionRegistry {

    /** Stores a new session. */
    void insert(BrowserSession session);

    /** Stores a new session with its audit entry (an administrator's sign-in), in one transaction. */
    void insert(BrowserSession session, AuditEvent audit);

    /** The session with this id hash. */
    Optional<BrowserSession> findSession(String idHash);

    /** Ends a session. */
    void deleteSession(String idHash);

    /** Forgets sessions that ended before {@code now}; returns how many. */
    int deleteExpiredSessions(Instant now);
}
