package dev.latchkey.core.memory;

import dev.latchkey.core.DuplicateEmailException;
import dev.latchkey.core.UserId;
import dev.latchkey.core.user.RolesRevoked;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.core.user.UserSearch;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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

    private static final Comparator<User> NEWEST_FIRST = Comparator.comparing(User::createdAt).reversed()
            .thenComparing(u -> u.id().value());

    private final Map<UserId, User> byId = new ConcurrentHashMap<>();
    private final Map<String, UserId> byEmail = new ConcurrentHashMap<>();
    /** The latest removal of a role per user: what other nodes would read through the store's feed. */
    private final Map<UserId, RolesRevoked> revocations = new ConcurrentHashMap<>();

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

    @Override
    public boolean markEmailVerified(UserId id, String email) {
        Objects.requireNonNull(email, "email");
        boolean[] marked = {false};
        byId.computeIfPresent(id, (k, user) -> {
            if (!key(user.email()).equals(key(email))) {
                return user;
            }
            marked[0] = true;
            return user.withEmailVerified(true);
        });
        return marked[0];
    }

    @Override
    public synchronized Optional<User> changeEmail(UserId id, String newEmail) {
        Objects.requireNonNull(newEmail, "newEmail");
        User user = byId.get(id);
        if (user == null) {
            return Optional.empty();
        }
        String newKey = key(newEmail);
        String oldKey = key(user.email());
        if (!newKey.equals(oldKey) && byEmail.putIfAbsent(newKey, id) != null) {
            throw new DuplicateEmailException();
        }
        User changed = byId.computeIfPresent(id, (k, u) -> u.withEmail(newEmail));
        if (!newKey.equals(oldKey)) {
            byEmail.remove(oldKey, id);
        }
        return Optional.ofNullable(changed);
    }

    @Override
    public Optional<User> grantRole(UserId id, String role) {
        Objects.requireNonNull(role, "role");
        return Optional.ofNullable(byId.computeIfPresent(id, (k, user) -> user.roles().contains(role)
                ? user : user.withRole(role)));
    }

    @Override
    public Optional<User> removeRole(UserId id, String role, Instant now) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(now, "now");
        return Optional.ofNullable(byId.computeIfPresent(id, (k, user) -> {
            if (!user.roles().contains(role)) {
                return user;
            }
            User after = user.withoutRole(role);
            revocations.put(id, new RolesRevoked(id, after.rolesVersion(), now));
            return after;
        }));
    }

    @Override
    public List<RolesRevoked> findRolesRevokedSince(Instant since, int limit) {
        return revocations.values().stream()
                .filter(r -> !r.revokedAt().isBefore(since))
                .sorted(Comparator.comparing(RolesRevoked::revokedAt))
                .limit(limit)
                .toList();
    }

    @Override
    public List<User> search(UserSearch search, long offset, int limit) {
        return byId.values().stream()
                .filter(search::matches)
                .sorted(NEWEST_FIRST)
                .skip(offset)
                .limit(limit)
                .toList();
    }

    @Override
    public long count(UserSearch search) {
        return byId.values().stream().filter(search::matches).count();
    }

    private static String key(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
