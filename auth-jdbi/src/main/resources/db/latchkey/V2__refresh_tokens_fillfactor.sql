-- Latchkey schema, version 2. A refresh without rotation updates only last_used_at and
-- last_ip_address, which no index covers: with free room in the page PostgreSQL makes that a HOT
-- update and writes no index entries. Leave a fifth of every page for it. (Pages written before
-- this version get the room as they are rewritten; VACUUM FULL does it at once.)
ALTER TABLE refresh_tokens SET (fillfactor = 80);
