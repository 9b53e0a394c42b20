package dev.latchkey.core.memory;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.EndedSession;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.session.TokenMatch;
import dev.latchkey.core.session.Usable;
import dev.latchkey.core.session.UsedSession;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Sessions in this process's memory: the example app's default when no database is configured.
 * Nothing survives a restart. Every operation holds one lock, which makes each conditional write
 * atomic as {@link SessionRepository} requires. It reads its users' active flag from the user
 * repository it is given, so that a refresh of an inactive user's session is refused. Thread-safe.
 */
public final class InMemorySessionRepository implements SessionRepository {

    private record ReplacedToken(SessionId sessionId, Instant replacedAt) {
    }

    private final Object lock = new Object();
    private final Map<SessionId, Session> byId = new HashMap<>();
    private final Map<RefreshTokenHash, SessionId> byCurrentHash = new HashMap<>();
    private final Map<RefreshTokenHash, ReplacedToken> replaced = new HashMap<>();
    private final Map<UserId, Set<SessionId>> byUser = new HashMap<>();
    private final UserRepository users;

    /** Sessions of the users in {@code users}. */
    public InMemorySessionRepository(UserRepository users) {
        this.users = Objects.requireNonNull(users, "users");
    }

    @Override
    public void create(Session session) {
        Objects.requireNonNull(session, "session");
        synchronized (lock) {
            if (byId.containsKey(session.id()) || byCurrentHash.containsKey(session.refreshTokenHash())
                    || replaced.containsKey(session.refreshTokenHash())) {
                throw new IllegalArgumentException("Session id or refresh token hash exists already");
            }
            byId.put(session.id(), session);
            byCurrentHash.put(session.refreshTokenHash(), session.id());
            byUser.computeIfAbsent(session.userId(), k -> new LinkedHashSet<>()).add(session.id());
        }
    }

    @Override
    public Optional<Session> findById(SessionId id) {
        synchronized (lock) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    @Override
    public Optional<TokenMatch> findByTokenHash(RefreshTokenHash hash) {
        synchronized (lock) {
            SessionId current = byCurrentHash.get(hash);
            if (current != null) {
                return Optional.of(new TokenMatch.Current(byId.get(current)));
            }
            ReplacedToken old = replaced.get(hash);
            if (old != null) {
                return Optional.of(new TokenMatch.Replaced(byId.get(old.sessionId()), old.replacedAt()));
            }
            return Optional.empty();
        }
    }

    @Override
    public Optional<UsedSession> touch(RefreshTokenHash current, Usable usable, String ipAddress) {
        synchronized (lock) {
            Session session = usableByCurrentHash(current, usable);
            User user = session == null ? null : activeUser(session);
            if (user == null) {
                return Optional.empty();
            }
            Session used = session.usedAt(usable.now(), ipAddress, current);
            byId.put(used.id(), used);
            return Optional.of(new UsedSession(used, user.roles(), user.rolesVersion()));
        }
    }

    @Override
    public Optional<UsedSession> rotate(RefreshTokenHash current, RefreshTokenHash next, Usable usable,
            String ipAddress) {
        synchronized (lock) {
            Session session = usableByCurrentHash(current, usable);
            User user = session == null ? null : activeUser(session);
            if (user == null) {
                return Optional.empty();
            }
            if (byCurrentHash.containsKey(next) || replaced.containsKey(next)) {
                throw new IllegalArgumentException("The successor hash exists already");
            }
            Session rotated = session.usedAt(usable.now(), ipAddress, next);
            byId.put(rotated.id(), rotated);
            byCurrentHash.remove(current);
            byCurrentHash.put(next, rotated.id());
            replaced.put(current, new ReplacedToken(rotated.id(), usable.now()));
            return Optional.of(new UsedSession(rotated, user.roles(), user.rolesVersion()));
        }
    }

    @Override
    public Optional<Session> end(SessionId id, Instant now, EndReason reason) {
        synchronized (lock) {
            Session session = byId.get(id);
            if (session == null || session.isEnded()) {
                return Optional.empty();
            }
            Session ended = session.endedAt(now, reason);
            byId.put(id, ended);
            return Optional.of(ended);
        }
    }

    @Override
    public List<Session> endAll(UserId userId, Instant now, EndReason reason, SessionId keep) {
        synchronized (lock) {
            List<Session> ended = new ArrayList<>();
            for (SessionId id : byUser.getOrDefault(userId, Set.of())) {
                Session session = byId.get(id);
                if (!session.isEnded() && !id.equals(keep)) {
                    Session done = session.endedAt(now, reason);
                    byId.put(id, done);
                    ended.add(done);
                }
            }
            return ended;
        }
    }

    @Override
    public List<Session> findUsable(UserId userId, Usable usable) {
        synchronized (lock) {
            List<Session> found = new ArrayList<>();
            for (SessionId id : byUser.getOrDefault(userId, Set.of())) {
                Session session = byId.get(id);
                if (usable.test(session)) {
                    found.add(session);
                }
            }
            found.sort(Comparator.comparing(Session::createdAt).reversed()
                    .thenComparing(s -> s.id().value()));
            return found;
        }
    }

    @Override
    public List<EndedSession> findEndedSince(Instant since, int limit) {
        synchronized (lock) {
            return byId.values().stream()
                    .filter(s -> s.isEnded() && !s.endedAt().isBefore(since))
                    .sorted(Comparator.comparing(Session::endedAt))
                    .limit(limit)
                    .map(s -> new EndedSession(s.id(), s.userId(), s.endedAt()))
                    .toList();
        }
    }

    @Override
    public int deleteFinished(Instant before, int limit) {
        synchronized (lock) {
            int deleted = 0;
            Iterator<Session> it = byId.values().iterator();
            while (it.hasNext() && deleted < limit) {
                Session s = it.next();
                boolean finished = s.expiresAt().isBefore(before) || (s.isEnded() && s.endedAt().isBefore(before));
                if (finished) {
                    it.remove();
                    byCurrentHash.remove(s.refreshTokenHash());
                    Set<SessionId> own = byUser.get(s.userId());
                    own.remove(s.id());
                    if (own.isEmpty()) {
                        byUser.remove(s.userId());
                    }
                    replaced.values().removeIf(r -> r.sessionId().equals(s.id()));
                    deleted++;
                }
            }
            return deleted;
        }
    }

    private Session usableByCurrentHash(RefreshTokenHash hash, Usable usable) {
        SessionId id = byCurrentHash.get(hash);
        if (id == null) {
            return null;
        }
        Session session = byId.get(id);
        return usable.test(session) ? session : null;
    }

    /** The session's user, if active; its roles are read with the same look-up. */
    private User activeUser(Session session) {
        return users.findById(session.userId()).filter(User::active).orElse(null);
    }
}
