package dev.latchkey.core.memory;

import dev.latchkey.core.UserId;
import dev.latchkey.core.onetime.OneTimeToken;
import dev.latchkey.core.onetime.OneTimeTokenHash;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.onetime.TokenPurpose;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Single-use tokens in this process's memory. Thread-safe: every operation holds one lock. */
public final class InMemoryOneTimeTokenRepository implements OneTimeTokenRepository {

    private final Map<OneTimeTokenHash, OneTimeToken> byHash = new HashMap<>();

    @Override
    public synchronized void issue(OneTimeToken token) {
        Objects.requireNonNull(token, "token");
        deleteAll(token.userId(), token.purpose());
        byHash.put(token.hash(), token);
    }

    @Override
    public synchronized Optional<OneTimeToken> consume(OneTimeTokenHash hash, TokenPurpose purpose, Instant now) {
        OneTimeToken token = byHash.get(hash);
        if (token == null || token.purpose() != purpose || !now.isBefore(token.expiresAt())) {
            return Optional.empty();
        }
        byHash.remove(hash);
        return Optional.of(token);
    }

    @Override
    public synchronized int deleteAll(UserId userId, TokenPurpose purpose) {
        int deleted = 0;
        for (Iterator<OneTimeToken> it = byHash.values().iterator(); it.hasNext(); ) {
            OneTimeToken token = it.next();
            if (token.userId().equals(userId) && token.purpose() == purpose) {
                it.remove();
                deleted++;
            }
        }
        return deleted;
    }

    @Override
    public synchronized int deleteExpired(Instant now, int limit) {
        int deleted = 0;
        for (Iterator<OneTimeToken> it = byHash.values().iterator(); it.hasNext() && deleted < limit; ) {
            if (it.next().expiresAt().isBefore(now)) {
                it.remove();
                deleted++;
            }
        }
        return deleted;
    }
}
