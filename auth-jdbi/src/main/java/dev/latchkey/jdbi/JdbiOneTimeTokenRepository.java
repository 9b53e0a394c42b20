package dev.latchkey.jdbi;

import static dev.latchkey.jdbi.StorageErrors.call;

import dev.latchkey.core.UserId;
import dev.latchkey.core.onetime.OneTimeToken;
import dev.latchkey.core.onetime.OneTimeTokenHash;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.onetime.TokenPurpose;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * {@link OneTimeTokenRepository} on the {@code one_time_tokens} table. A token is used up by deleting
 * its row: PostgreSQL lets exactly one of concurrent deletes of a row return it.
 */
final class JdbiOneTimeTokenRepository implements OneTimeTokenRepository {

    private final Jdbi jdbi;

    JdbiOneTimeTokenRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void issue(OneTimeToken token) {
        call(() -> jdbi.inTransaction(h -> {
            // The user's row lock orders two issues for the same user: the later one's delete sees the
            // earlier one's row, so only the newest token is left.
            h.createQuery("SELECT id FROM users WHERE id = :user FOR NO KEY UPDATE")
                    .bind("user", token.userId().value())
                    .mapTo(UUID.class)
                    .findOne();
            h.createUpdate("DELETE FROM one_time_tokens WHERE user_id = :user AND purpose = :purpose")
                    .bind("user", token.userId().value())
                    .bind("purpose", token.purpose().name())
                    .execute();
            return h.createUpdate("""
                            INSERT INTO one_time_tokens (token_hash, purpose, user_id, email, created_at, expires_at)
                            VALUES (:hash, :purpose, :user, :email, :createdAt, :expiresAt)""")
                    .bind("hash", bytes(token.hash()))
                    .bind("purpose", token.purpose().name())
                    .bind("user", token.userId().value())
                    .bind("email", token.email())
                    .bind("createdAt", Times.bindable(token.createdAt()))
                    .bind("expiresAt", Times.bindable(token.expiresAt()))
                    .execute();
        }));
    }

    @Override
    public Optional<OneTimeToken> consume(OneTimeTokenHash hash, TokenPurpose purpose, Instant now) {
        return call(() -> jdbi.withHandle(h -> h.createQuery("""
                        DELETE FROM one_time_tokens
                        WHERE token_hash = :hash AND purpose = :purpose AND expires_at > :now
                        RETURNING token_hash, purpose, user_id, email, created_at, expires_at""")
                .bind("hash", bytes(hash))
                .bind("purpose", purpose.name())
                .bind("now", Times.bindable(now))
                .map(JdbiOneTimeTokenRepository::map)
                .findOne()));
    }

    @Override
    public int deleteAll(UserId userId, TokenPurpose purpose) {
        return call(() -> jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM one_time_tokens WHERE user_id = :user AND purpose = :purpose")
                .bind("user", userId.value())
                .bind("purpose", purpose.name())
                .execute()));
    }

    @Override
    public int deleteExpired(Instant now, int limit) {
        return call(() -> jdbi.withHandle(h -> h.createUpdate("""
                        DELETE FROM one_time_tokens WHERE token_hash IN (
                            SELECT token_hash FROM one_time_tokens WHERE expires_at < :now LIMIT :limit)""")
                .bind("now", Times.bindable(now))
                .bind("limit", limit)
                .execute()));
    }

    private static byte[] bytes(OneTimeTokenHash hash) {
        return Base64.getUrlDecoder().decode(hash.value());
    }

    private static OneTimeToken map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new OneTimeToken(
                new OneTimeTokenHash(Base64.getUrlEncoder().withoutPadding().encodeToString(rs.getBytes("token_hash"))),
                TokenPurpose.valueOf(rs.getString("purpose")),
                new UserId(rs.getObject("user_id", UUID.class)),
                rs.getString("email"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant());
    }
}
