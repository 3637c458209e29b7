-- The signing key (kid) of the token a browser session was opened with, so that retiring the key
-- ends the session. Sessions opened before this column existed cannot say which key signed their
-- token: they are ended, and their users log in again once.
DELETE FROM labelgate_session;
ALTER TABLE labelgate_session ADD COLUMN token_kid VARCHAR(200);
