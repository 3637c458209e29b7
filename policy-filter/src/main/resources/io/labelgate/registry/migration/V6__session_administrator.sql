-- An admin session the container authenticated (role labelgate-admin) keeps the administrator's
-- name, which the pages show and the audit trail records; NULL for a session opened with the
-- admin secret and for a token's session.
ALTER TABLE labelgate_session ADD COLUMN admin_name VARCHAR(200);
