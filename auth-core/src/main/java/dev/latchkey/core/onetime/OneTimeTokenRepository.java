package dev.latchkey.core.onetime;

import dev.latchkey.core.StorageUnavailableException;
import dev.latchkey.core.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * Where single-use tokens live. Latchkey ships an in-memory and a PostgreSQL implementation; every
 * implementation must pass the contract suite {@code OneTimeTokenRepositoryContract} from
 * auth-core's test-jar, whose race test consumes one token from 32 threads at once.
 *
 * <p>Every method may throw {@link StorageUnavailableException} when the store cannot be reached.
 */
public interface OneTimeTokenRepository {

    /**
     * Stores a new token and, in the same atomic step, forgets every other token of the same user
     * and purpose: only the newest link works.
     */
    void issue(OneTimeToken token);

    /**
     * Uses up the token with this hash and purpose if it has not expired at {@code now}: removes it
     * and returns it, atomically, so that of any number of concurrent calls exactly one gets it.
     *
     * @return the token, or empty if there is none (unknown, used, replaced, or of another purpose)
     *     or it has expired
     */
    Optional<OneTimeToken> consume(OneTimeTokenHash hash, TokenPurpose purpose, Instant now);

    /**
     * Forgets every token of the user with this purpose (after a password change, say).
     *
     * @return how many were forgotten
     */
    int deleteAll(UserId userId, TokenPurpose purpose);

    /**
     * Deletes at most {@code limit} tokens that expired before {@code now}.
     *
     * @return how many were deleted
     */
    int deleteExpired(Instant now, int limit);
}
