-- Latchkey schema, version 4: users imported from another system, with the password hash it wrote.
--
-- users.legacy_password is true while password_hash is still the imported one. Latchkey then checks
-- a bcrypt hash as that system did (on the first 72 bytes of a longer password); the first login with
-- the right password replaces the hash with Latchkey's own and sets the flag false in the same
-- compare-and-set UPDATE. Users who registered in Latchkey have false.
ALTER TABLE users ADD COLUMN legacy_password boolean NOT NULL DEFAULT false;

-- Room for every hash Latchkey verifies (an Argon2 string with a 64-byte salt and hash is 208
-- characters), and those schemes besides bcrypt: passlib's and Django's PBKDF2-SHA256, Argon2id and
-- Argon2i. Latchkey itself writes only $2b$.
ALTER TABLE users ALTER COLUMN password_hash TYPE varchar(255);
ALTER TABLE users DROP CONSTRAINT users_password_hash_check;
ALTER TABLE users ADD CONSTRAINT users_password_hash_check CHECK (
    password_hash ~ '^\$2[aby]\$\d\d\$'
    OR password_hash ~ '^\$pbkdf2-sha256\$\d+\$'
    OR password_hash ~ '^pbkdf2_sha256\$\d+\$'
    OR password_hash ~ '^\$argon2id\$'
    OR password_hash ~ '^\$argon2i\$');
