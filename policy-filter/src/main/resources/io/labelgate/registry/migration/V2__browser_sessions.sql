-- Browser sessions of the "Login with token" page. The cookie holds a random session id; only its
-- SHA-256 is stored, with the token id and generation it was opened with (never the token string).
CREATE TABLE labelgate_session (
    id_hash    VARCHAR(64) NOT NULL PRIMARY KEY,
    -- null for a session opened with the admin credential
    token_id   VARCHAR(64),
    generation BIGINT,
    csrf       VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
