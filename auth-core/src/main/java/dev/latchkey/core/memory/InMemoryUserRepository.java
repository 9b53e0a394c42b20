package dev.latchkey.core.memory;

import dev.latchkey.core.DuplicateEmailException;
import dev.latchkey.core.UserId;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users in this process's memory: the example app's default when no database is configured.
 * Nothing survives a restart. Thread-safe.
 */
public final class InMemoryUserRepository implements UserRepository {

    private final Map<UserId, User> byId = new ConcurrentHashMap<>();
    private final Map<String, UserId> byEmail = new ConcurrentHashMap<>();

    @Override
    public void create(User user) {
        Objects.requireNonNull(user, "user");
        if (byEmail.putIfAbsent(key(user.email()), user.id()) != null) {
            throw new DuplicateEmailException();
        }
        if (byId.putIfAbsent(user.id(), user) != null) {
            byEmail.remove(key(user.email()), user.id());
            throw new IllegalArgumentException("A user with id " + user.id() + " exists already");
        }
    }

    @Override
    public Optional<User> findByEmail(String email) {
        if (email == null) {
            return Optional.empty();
        }
        UserId id = byEmail.get(key(email));
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<User> findById(UserId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public boolean replacePasswordHash(UserId id, String expectedHash, String newHash) {
        Objects.requireNonNull(newHash, "newHash");
        boolean[] replaced = {false};
        byId.computeIfPresent(id, (k, user) -> {
            if (!user.passwordHash().equals(expectedHash)) {
                return user;
            }
            replaced[0] = true;
            return user.withPasswordHash(newHash);
        });
        return replaced[0];
    }

    @Override
    public boolean advanceSessionEpoch(UserId id) {
        return byId.computeIfPresent(id, (k, user) -> user.withNextSessionEpoch()) != null;
    }

    @Override
    public boolean setActive(UserId id, boolean active) {
        return byId.computeIfPresent(id, (k, user) -> user.withActive(active)) != null;
    }

    private static String key(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
