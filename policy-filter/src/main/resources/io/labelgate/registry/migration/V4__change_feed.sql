-- The change feed: every registry change that affects a decision (a token created, regenerated,
-- replaced or deleted; a signing key added or retired; an app's status or labels; a browser
-- session ended), appended in the same transaction as the change. Nodes read "changes after the
-- last sequence I applied" instead of re-reading each token's record.
--
-- labelgate_feed_head holds the last sequence given out. Each change takes the next one by
-- updating that single row, whose lock is held until the change commits: sequences commit in
-- order, so a node that has read up to n has seen every change up to n. A rolled-back change
-- gives its sequence back with the row update, so a gap in the feed only means pruning.
CREATE TABLE labelgate_feed_head (
    id  INT    NOT NULL PRIMARY KEY,
    seq BIGINT NOT NULL
);
INSERT INTO labelgate_feed_head (id, seq) VALUES (1, 0);

CREATE TABLE labelgate_change (
    seq        BIGINT                   NOT NULL PRIMARY KEY,
    -- token, key, app or session
    kind       VARCHAR(16)              NOT NULL,
    -- the token id, the kid, the app id, the session's id hash
    subject    VARCHAR(200)             NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX labelgate_change_changed_at ON labelgate_change (changed_at);
