package dev.latchkey.jdbi;

import static dev.latchkey.jdbi.StorageErrors.call;

import dev.latchkey.core.DuplicateEmailException;
import dev.latchkey.core.UserId;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link UserRepository} on the {@code users} table. */
final class JdbiUserRepository implements UserRepository {

    private static final String COLUMNS = "id, real_name, email, phone_number, password_hash, is_active, created_at,"
            + " session_epoch, legacy_password";

    private final Jdbi jdbi;

    JdbiUserRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(User user) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                    INSERT INTO users (id, real_name, email, phone_number, password_hash, is_active, created_at,
                                       session_epoch, legacy_password)
                    VALUES (:id, :realName, :email, :phone, :hash, :active, :createdAt, :sessionEpoch, :legacy)""")
                    .bind("id", user.id().value())
                    .bind("realName", user.realName())
                    .bind("email", user.email())
                    .bind("phone", user.phoneNumber())
                    .bind("hash", user.passwordHash())
                    .bind("active", user.active())
                    .bind("createdAt", Times.bindable(user.createdAt()))
                    .bind("sessionEpoch", user.sessionEpoch())
                    .bind("legacy", user.legacyPassword())
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
                rs.getBoolean("legacy_password"));
    }
}
