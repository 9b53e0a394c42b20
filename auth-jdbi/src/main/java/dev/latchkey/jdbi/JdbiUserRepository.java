package dev.latchkey.jdbi;

import static dev.latchkey.jdbi.StorageErrors.call;

import dev.latchkey.core.DuplicateEmailException;
import dev.latchkey.core.UserId;
import dev.latchkey.core.user.RolesRevoked;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.core.user.UserSearch;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link UserRepository} on the {@code users} table. */
final class JdbiUserRepository implements UserRepository {

    private static final String COLUMNS = "id, real_name, email, phone_number, password_hash, is_active, created_at,"
            + " session_epoch, legacy_password, roles, roles_version, email_verified";

    /**
     * {@link UserSearch#matches}, as SQL: the text anywhere in the email or the name (taken
     * literally: {@code !} escapes LIKE's wildcards, a character no SQL parser treats specially
     * inside quotes), and the role.
     */
    private static final String MATCHES = """
            (CAST(:pattern AS text) IS NULL OR lower(email) LIKE :pattern ESCAPE '!'
                OR lower(real_name) LIKE :pattern ESCAPE '!')
            AND (CAST(:role AS text) IS NULL OR roles @> ARRAY[CAST(:role AS text)])""";

    private final Jdbi jdbi;

    JdbiUserRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(User user) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                    INSERT INTO users (id, real_name, email, phone_number, password_hash, is_active, created_at,
                                       session_epoch, legacy_password, roles, roles_version, email_verified)
                    VALUES (:id, :realName, :email, :phone, :hash, :active, :createdAt, :sessionEpoch, :legacy,
                            :roles, :rolesVersion, :emailVerified)""")
                    .bind("id", user.id().value())
                    .bind("realName", user.realName())
                    .bind("email", user.email())
                    .bind("phone", user.phoneNumber())
                    .bind("hash", user.passwordHash())
                    .bind("active", user.active())
                    .bind("createdAt", Times.bindable(user.createdAt()))
                    .bind("sessionEpoch", user.sessionEpoch())
                    .bind("legacy", user.legacyPassword())
                    .bind("roles", user.roles().toArray(new String[0]))
                    .bind("rolesVersion", user.rolesVersion())
                    .bind("emailVerified", user.emailVerified())
                    .execute());
        } catch (JdbiException e) {
            if (StorageErrors.isUniqueViolation(e, "idx_users_email")) {
                throw new DuplicateEmailException();
            }
            throw StorageErrors.translate(e);
        }
    }

    @Override
    public Optional<User> findByEmail(String email) {
        return call(() -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM users WHERE lower(email) = lower(:email)")
                .bind("email", email)
                .map(JdbiUserRepository::map)
                .findOne()));
    }

    @Override
    public Optional<User> findById(UserId id) {
        return call(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id.value())
                .map(JdbiUserRepository::map)
                .findOne()));
    }

    @Override
    public boolean replacePasswordHash(UserId id, String expectedHash, String newHash) {
        return call(() -> jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE users SET password_hash = :newHash, legacy_password = false
                        WHERE id = :id AND password_hash = :expected""")
                .bind("id", id.value())
                .bind("expected", expectedHash)
                .bind("newHash", newHash)
                .execute()) == 1);
    }

    @Override
    public boolean advanceSessionEpoch(UserId id) {
        return call(() -> jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = :id")
                .bind("id", id.value())
                .execute()) == 1);
    }

    @Override
    public boolean setActive(UserId id, boolean active) {
        return call(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE users SET is_active = :active WHERE id = :id")
                .bind("id", id.value())
                .bind("active", active)
                .execute()) == 1);
    }

    @Override
    public boolean markEmailVerified(UserId id, String email) {
        return call(() -> jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE users SET email_verified = true WHERE id = :id AND lower(email) = lower(:email)")
                .bind("id", id.value())
                .bind("email", email)
                .execute()) == 1);
    }

    @Override
    public Optional<User> changeEmail(UserId id, String newEmail) {
        try {
            return jdbi.withHandle(h -> h.createQuery(
                            "UPDATE users SET email = :email, email_verified = false WHERE id = :id RETURNING "
                                    + COLUMNS)
                    .bind("id", id.value())
                    .bind("email", newEmail)
                    .map(JdbiUserRepository::map)
                    .findOne());
        } catch (JdbiException e) {
            if (StorageErrors.isUniqueViolation(e, "idx_users_email")) {
                throw new DuplicateEmailException();
            }
            throw StorageErrors.translate(e);
        }
    }

    @Override
    public Optional<User> grantRole(UserId id, String role) {
        return call(() -> jdbi.withHandle(h -> h.createQuery("""
                        UPDATE users SET roles = CASE WHEN roles @> ARRAY[CAST(:role AS text)] THEN roles
                                                      ELSE array_append(roles, CAST(:role AS text)) END
                        WHERE id = :id RETURNING\s""" + COLUMNS)
                .bind("id", id.value())
                .bind("role", role)
                .map(JdbiUserRepository::map)
                .findOne()));
    }

    @Override
    public Optional<User> removeRole(UserId id, String role, Instant now) {
        // One statement: the row lock orders it against a racing grant or removal, and the version
        // moves only when the role was there.
        return call(() -> jdbi.withHandle(h -> h.createQuery("""
                        UPDATE users SET roles = array_remove(roles, CAST(:role AS text)),
                                         roles_version = roles_version + 1, roles_revoked_at = :now
                        WHERE id = :id AND roles @> ARRAY[CAST(:role AS text)]
                        RETURNING\s""" + COLUMNS)
                .bind("id", id.value())
                .bind("role", role)
                .bind("now", Times.bindable(now))
                .map(JdbiUserRepository::map)
                .findOne()
                .or(() -> findById(id))));
    }

    @Override
    public List<RolesRevoked> findRolesRevokedSince(Instant since, int limit) {
        return call(() -> jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, roles_version, roles_revoked_at FROM users
                        WHERE roles_revoked_at >= :since ORDER BY roles_revoked_at LIMIT :limit""")
                .bind("since", Times.bindable(since))
                .bind("limit", limit)
                .map((rs, ctx) -> new RolesRevoked(new UserId(rs.getObject("id", UUID.class)),
                        rs.getLong("roles_version"),
                        rs.getObject("roles_revoked_at", OffsetDateTime.class).toInstant()))
                .list()));
    }

    @Override
    public List<User> search(UserSearch search, long offset, int limit) {
        return call(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE " + MATCHES
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .bindMap(matching(search))
                .bind("limit", limit)
                .bind("offset", offset)
                .map(JdbiUserRepository::map)
                .list()));
    }

    @Override
    public long count(UserSearch search) {
        return call(() -> jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM users WHERE " + MATCHES)
                .bindMap(matching(search))
                .mapTo(Long.class)
                .one()));
    }

    private static Map<String, Object> matching(UserSearch search) {
        Map<String, Object> values = new HashMap<>();
        values.put("pattern", search.text() == null ? null : "%" + search.text()
                .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        values.put("role", search.role());
        return values;
    }

    private static User map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(
                new UserId(rs.getObject("id", UUID.class)),
                rs.getString("real_name"),
                rs.getString("email"),
                rs.getString("phone_number"),
                rs.getString("password_hash"),
                rs.getBoolean("is_active"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getLong("session_epoch"),
                rs.getBoolean("legacy_password"),
                Set.of((String[]) rs.getArray("roles").getArray()),
                rs.getLong("roles_version"),
                rs.getBoolean("email_verified"));
    }
}
