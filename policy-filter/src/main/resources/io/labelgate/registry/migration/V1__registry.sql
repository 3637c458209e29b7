-- labelgate's registry: token metadata (never a token string), protected apps, signing keys.
-- Portable SQL: runs on PostgreSQL and on H2 (the default DataSource of Payara and WildFly).

CREATE TABLE labelgate_token (
    id           VARCHAR(64)   NOT NULL PRIMARY KEY,
    name         VARCHAR(100)  NOT NULL,
    selector     VARCHAR(4096) NOT NULL,
    all_apps     BOOLEAN       NOT NULL,
    role         VARCHAR(16)   NOT NULL,
    region       VARCHAR(32)   NOT NULL,
    generation   BIGINT        NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    -- coarse: updated at most once an hour per node
    last_used_at TIMESTAMP WITH TIME ZONE
);

CREATE TABLE labelgate_app (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,
    name          VARCHAR(63)   NOT NULL,
    region        VARCHAR(32)   NOT NULL,
    -- JSON object of every label, reserved ones included
    labels        VARCHAR(8000) NOT NULL,
    base_url      VARCHAR(2048),
    status        VARCHAR(16)   NOT NULL,
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE labelgate_signing_key (
    kid                   VARCHAR(64)   NOT NULL PRIMARY KEY,
    algorithm             VARCHAR(16)   NOT NULL,
    public_jwk            VARCHAR(4096) NOT NULL,
    -- AES-256-GCM of the private JWK (see KeyEncryption), base64
    private_jwk_encrypted VARCHAR(8192) NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at            TIMESTAMP WITH TIME ZONE
);
