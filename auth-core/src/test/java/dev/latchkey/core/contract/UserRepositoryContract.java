package dev.latchkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.DuplicateEmailException;
import dev.latchkey.core.UserId;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.testing.LegacyVectors;
import dev.latchkey.core.user.RolesRevoked;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.core.user.UserSearch;
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

    @Test
    void aUserStartsWithoutRolesAndKeepsGrantedOnesInOrderOnce() {
        User user = Fixtures.user(uniqueEmail(), NOW);
        users.create(user);
        assertThat(users.findById(user.id()).orElseThrow().roles()).isEmpty();

        users.grantRole(user.id(), "support");
        User after = users.grantRole(user.id(), "admin").orElseThrow();
        users.grantRole(user.id(), "admin");

        assertThat(after.roles()).containsExactly("admin", "support");
        assertThat(users.findById(user.id()).orElseThrow().roles()).containsExactly("admin", "support");
        assertThat(users.findByEmail(user.email()).orElseThrow().roles()).containsExactly("admin", "support");
        assertThat(users.findById(user.id()).orElseThrow().rolesVersion()).as("granting moves no version").isZero();
    }

    @Test
    void removingAHeldRoleMovesTheVersionAndIsReportedRemovingAnAbsentOneChangesNothing() {
        User user = Fixtures.user(uniqueEmail(), NOW);
        users.create(user);
        users.grantRole(user.id(), "admin");
        users.grantRole(user.id(), "support");

        User after = users.removeRole(user.id(), "admin", NOW.plusSeconds(1)).orElseThrow();
        User again = users.removeRole(user.id(), "admin", NOW.plusSeconds(2)).orElseThrow();

        assertThat(after.roles()).containsExactly("support");
        assertThat(after.rolesVersion()).isEqualTo(1);
        assertThat(again.rolesVersion()).as("nothing removed the second time").isEqualTo(1);
        assertThat(users.findRolesRevokedSince(NOW, 10))
                .containsExactly(new RolesRevoked(user.id(), 1, NOW.plusSeconds(1)));
        assertThat(users.findRolesRevokedSince(NOW.plusSeconds(2), 10)).isEmpty();
    }

    @Test
    void roleChangesOfAnUnknownUserFindNobody() {
        assertThat(users.grantRole(UserId.random(), "admin")).isEmpty();
        assertThat(users.removeRole(UserId.random(), "admin", NOW)).isEmpty();
    }

    @Test
    void removalsAreReadOldestFirstAndInBatches() {
        List<UserId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            User user = Fixtures.user(uniqueEmail(), NOW);
            users.create(user);
            users.grantRole(user.id(), "editor");
            ids.add(user.id());
        }
        for (int i = 4; i >= 0; i--) {
            users.removeRole(ids.get(i), "editor", NOW.plusSeconds(10 - i));
        }

        List<RolesRevoked> first = users.findRolesRevokedSince(NOW, 3);
        assertThat(first).extracting(RolesRevoked::userId).containsExactly(ids.get(4), ids.get(3), ids.get(2));
        assertThat(users.findRolesRevokedSince(first.get(2).revokedAt().plusMillis(1), 10))
                .extracting(RolesRevoked::userId).containsExactly(ids.get(1), ids.get(0));
    }

    @Test
    void thirtyTwoRacingRemovalsOfOneRoleMoveTheVersionOnce() throws Exception {
        User user = Fixtures.user(uniqueEmail(), NOW);
        users.create(user);
        users.grantRole(user.id(), "admin");

        Race.run(32, i -> users.removeRole(user.id(), "admin", NOW.plusSeconds(1)));

        assertThat(users.findById(user.id()).orElseThrow().rolesVersion()).isEqualTo(1);
    }

    @Test
    void aUserStoredWithAnUnverifiedEmailIsReadBackSoAndMarkedVerifiedOnlyForItsCurrentEmail() {
        User user = Fixtures.user(uniqueEmail(), NOW).withEmailVerified(false);
        users.create(user);
        assertThat(users.findById(user.id()).orElseThrow().emailVerified()).isFalse();

        assertThat(users.markEmailVerified(user.id(), "someone-else@example.com")).isFalse();
        assertThat(users.findById(user.id()).orElseThrow().emailVerified()).isFalse();
        assertThat(users.markEmailVerified(user.id(), user.email().toUpperCase(java.util.Locale.ROOT))).isTrue();
        assertThat(users.findById(user.id()).orElseThrow().emailVerified()).isTrue();
        assertThat(users.markEmailVerified(UserId.random(), user.email())).isFalse();
    }

    @Test
    void changingTheEmailMarksItUnverifiedAndMovesTheLookup() {
        User user = Fixtures.user(uniqueEmail(), NOW);
        users.create(user);
        String newEmail = uniqueEmail();

        User changed = users.changeEmail(user.id(), newEmail).orElseThrow();

        assertThat(changed.email()).isEqualTo(newEmail);
        assertThat(changed.emailVerified()).isFalse();
        assertThat(users.findByEmail(newEmail)).contains(changed);
        assertThat(users.findByEmail(user.email())).isEmpty();
        assertThat(users.changeEmail(UserId.random(), uniqueEmail())).isEmpty();
    }

    @Test
    void changingTheEmailToAnotherUsersIsADuplicateAndChangesNothing() {
        User first = Fixtures.user(uniqueEmail(), NOW);
        User second = Fixtures.user(uniqueEmail(), NOW);
        users.create(first);
        users.create(second);

        assertThatThrownBy(() -> users.changeEmail(second.id(), first.email().toUpperCase(java.util.Locale.ROOT)))
                .isInstanceOf(DuplicateEmailException.class);
        assertThat(users.findById(second.id())).contains(second);
    }

    @Test
    void racingGrantsOfDifferentRolesAreAllKept() throws Exception {
        User user = Fixtures.user(uniqueEmail(), NOW);
        users.create(user);

        Race.run(16, i -> users.grantRole(user.id(), "role-" + i));

        assertThat(users.findById(user.id()).orElseThrow().roles()).hasSize(16);
    }

    @Test
    void usersAreSearchedByTextInEmailOrNameAndByRoleNewestFirstAndPaged() {
        String tag = "s" + UUID.randomUUID().toString().substring(0, 8);
        User oldest = new User(UserId.random(), "Kim Minsu", tag + "-kim@example.com", null,
                Fixtures.user("x@example.com", NOW).passwordHash(), true, NOW, 0);
        User middle = new User(UserId.random(), "Lee " + tag.toUpperCase(java.util.Locale.ROOT), "lee-"
                + UUID.randomUUID() + "@example.com", null, oldest.passwordHash(), true, NOW.plusSeconds(1), 0);
        User newest = new User(UserId.random(), "Park", "park_" + tag + "@example.com", null, oldest.passwordHash(),
                true, NOW.plusSeconds(2), 0);
        users.create(oldest);
        users.create(middle);
        users.create(newest);
        users.grantRole(middle.id(), "admin");

        UserSearch byText = new UserSearch(tag.toUpperCase(java.util.Locale.ROOT), null);
        assertThat(users.count(byText)).isEqualTo(3);
        assertThat(users.search(byText, 0, 2)).extracting(User::id).containsExactly(newest.id(), middle.id());
        assertThat(users.search(byText, 2, 2)).extracting(User::id).containsExactly(oldest.id());
        assertThat(users.search(new UserSearch(tag, "admin"), 0, 10)).extracting(User::id)
                .containsExactly(middle.id());
        assertThat(users.count(new UserSearch(tag, "admin"))).isEqualTo(1);
    }

    @Test
    void searchTextIsMatchedLiterallyNotAsAPattern() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        User plain = Fixtures.user("a" + tag + "x@example.com", NOW);
        User underscore = Fixtures.user("a" + tag + "_@example.com", NOW);
        users.create(plain);
        users.create(underscore);

        assertThat(users.search(new UserSearch(tag + "_", null), 0, 10)).extracting(User::id)
                .containsExactly(underscore.id());
        assertThat(users.count(new UserSearch(tag + "%", null))).isZero();
        assertThat(users.count(new UserSearch(tag + "\\", null))).isZero();
    }
}
