package dev.latchkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.DuplicateEmailException;
import dev.latchkey.core.UserId;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.LegacyVectors;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link UserRepository} must do. An adapter's test extends this class and creates a
 * fresh, empty repository per test.
 */
public abstract class UserRepositoryContract {

    /** Instants a store must keep exactly: whole milliseconds. */
    protected static final Instant NOW = Instant.parse("2026-11-24T10:00:00.123Z");

    private UserRepository users;

    /** A new, empty repository. */
    protected abstract UserRepository createUserRepository();

    @BeforeEach
    void createRepository() {
        users = createUserRepository();
    }

    private static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void aCreatedUserIsFoundByIdAndByEmailWithEveryField() {
        User user = Fixtures.user(uniqueEmail(), NOW);
        users.create(user);

        assertThat(users.findById(user.id())).contains(user);
        assertThat(users.findByEmail(user.email())).contains(user);
    }

    @Test
    void emailsAreFoundCaseInsensitively() {
        String email = "Mixed.Case-" + UUID.randomUUID() + "@Example.COM";
        User user = Fixtures.user(email, NOW);
        users.create(user);

        assertThat(users.findByEmail(email.toLowerCase(java.util.Locale.ROOT))).contains(user);
        assertThat(users.findByEmail(email.toUpperCase(java.util.Locale.ROOT))).contains(user);
        assertThat(users.findById(user.id()).orElseThrow().email()).isEqualTo(email);
    }

    @Test
    void anEmailThatDiffersOnlyInCaseIsADuplicate() {
        String email = "dup-" + UUID.randomUUID() + "@example.com";
        users.create(Fixtures.user(email, NOW));
        User second = Fixtures.user(email.toUpperCase(java.util.Locale.ROOT), NOW);

        assertThatThrownBy(() -> users.create(second)).isInstanceOf(DuplicateEmailException.class);
        assertThat(users.findById(second.id())).isEmpty();
    }

    @Test
    void unknownEmailsAndIdsFindNothing() {
        assertThat(users.findByEmail(uniqueEmail())).isEmpty();
        assertThat(users.findById(UserId.random())).isEmpty();
    }

    @Test
    void aUserWithoutPhoneNumberKeepsItAbsent() {
        User user = new User(UserId.random(), "Ada", uniqueEmail(), null, Fixtures.user("x@example.com", NOW)
                .passwordHash(), true, NOW, 0);
        users.create(user);

        assertThat(users.findById(user.id()).orElseThrow().phoneNumber()).isNull();
    }

    @Test
    void replacingThePasswordHashIsCompareAndSet() {
        User user = Fixtures.user(uniqueEmail(), NOW);
        users.create(user);

        assertThat(users.replacePasswordHash(user.id(), "not-the-current-hash", "$2b$05$new")).isFalse();
        assertThat(users.findById(user.id()).orElseThrow().passwordHash()).isEqualTo(user.passwordHash());

        assertThat(users.replacePasswordHash(user.id(), user.passwordHash(), "$2b$05$new")).isTrue();
        assertThat(users.findById(user.id()).orElseThrow().passwordHash()).isEqualTo("$2b$05$new");
        assertThat(users.replacePasswordHash(UserId.random(), user.passwordHash(), "$2b$05$x")).isFalse();
    }

    @Test
    void usersCanBeDisabledAndEnabled() {
        User user = Fixtures.user(uniqueEmail(), NOW);
        users.create(user);

        assertThat(users.setActive(user.id(), false)).isTrue();
        assertThat(users.findById(user.id()).orElseThrow().active()).isFalse();
        assertThat(users.setActive(user.id(), true)).isTrue();
        assertThat(users.findByEmail(user.email()).orElseThrow().active()).isTrue();
        assertThat(users.setActive(UserId.random(), false)).isFalse();
    }

    @Test
    void ofThirtyTwoRacingRegistrationsOfOneEmailExactlyOneWins() throws Exception {
        String email = "race-" + UUID.randomUUID() + "@example.com";
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger duplicates = new AtomicInteger();
        List<Future<User>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String casing = i % 2 == 0 ? email : email.toUpperCase(java.util.Locale.ROOT);
                results.add(pool.submit(() -> {
                    User user = Fixtures.user(casing, NOW);
                    start.await();
                    try {
                        users.create(user);
                        return user;
                    } catch (DuplicateEmailException e) {
                        duplicates.incrementAndGet();
                        return null;
                    }
                }));
            }
            start.countDown();
            List<User> winners = new ArrayList<>();
            for (Future<User> result : results) {
                User user = result.get(30, TimeUnit.SECONDS);
                if (user != null) {
                    winners.add(user);
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(duplicates).hasValue(threads - 1);
            assertThat(users.findByEmail(email)).contains(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    private static User imported(String email, String hash) {
        return new User(UserId.random(), "가져온 사용자", email, null, hash, true, NOW, 0, true);
    }

    @Test
    void anImportedUserKeepsItsHashAndLegacyFlagUntilTheHashIsReplaced() {
        User user = imported(uniqueEmail(), LegacyVectors.DJANGO.get(0).hash());
        users.create(user);
        assertThat(users.findById(user.id())).contains(user);
        assertThat(users.findByEmail(user.email())).contains(user);

        assertThat(users.setActive(user.id(), false)).isTrue();
        assertThat(users.advanceSessionEpoch(user.id())).isTrue();
        assertThat(users.replacePasswordHash(user.id(), "not-the-current-hash", "$2b$05$new")).isFalse();
        assertThat(users.findById(user.id())).contains(
                new User(user.id(), user.realName(), user.email(), null, user.passwordHash(), false, NOW, 1, true));

        assertThat(users.replacePasswordHash(user.id(), user.passwordHash(), "$2b$05$new")).isTrue();
        User replaced = users.findById(user.id()).orElseThrow();
        assertThat(replaced.passwordHash()).isEqualTo("$2b$05$new");
        assertThat(replaced.legacyPassword()).as("cleared with the hash it described").isFalse();
    }

    @Test
    void aUserWhoRegisteredHasNoLegacyFlagAndReplacingItsHashGivesItNone() {
        User user = Fixtures.user(uniqueEmail(), NOW);
        users.create(user);

        assertThat(users.findById(user.id()).orElseThrow().legacyPassword()).isFalse();
        assertThat(users.replacePasswordHash(user.id(), user.passwordHash(), "$2b$05$new")).isTrue();
        assertThat(users.findById(user.id()).orElseThrow().legacyPassword()).isFalse();
    }

    static Stream<String> hashesOfEveryScheme() {
        Stream<String> vectors = Stream.of(LegacyVectors.PASSLIB, LegacyVectors.DJANGO,
                LegacyVectors.ARGON2_REFERENCE, LegacyVectors.ARGON2_LIBRARIES)
                .flatMap(List::stream).map(LegacyVectors.Vector::hash);
        return Stream.concat(vectors, Stream.of(LegacyVectors.BCRYPT_OF_LONG_KOREAN,
                "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
                "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a",
                LegacyVectors.ARGON2_REFERENCE_OF_PASSWORE,
                LegacyVectors.LONGEST_ARGON2, LegacyVectors.LONGEST_PASSLIB, LegacyVectors.LONGEST_DJANGO));
    }

    @ParameterizedTest
    @MethodSource("hashesOfEveryScheme")
    void aHashOfEverySchemeLatchkeyVerifiesIsStoredAsItIs(String hash) {
        User user = imported(uniqueEmail(), hash);
        users.create(user);

        assertThat(users.findById(user.id()).orElseThrow().passwordHash()).isEqualTo(hash);
    }
}
