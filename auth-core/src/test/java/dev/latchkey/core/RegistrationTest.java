package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.user.Registration;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.User;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RegistrationTest {

    private final LatchkeyFixture f = new LatchkeyFixture();

    @Test
    void theGuidesRegistrationCreatesAnActiveUserWithAHashedPassword() {
        Account user = f.latchkey.register(Fixtures.guideRegistration());

        assertThat(user.realName()).isEqualTo("테스트 사용자");
        assertThat(user.email()).isEqualTo("test@example.com");
        assertThat(user.phoneNumber()).isEqualTo("010-1234-5678");
        assertThat(user.active()).isTrue();
        assertThat(user.createdAt()).isEqualTo(f.clock.instant());
        User stored = f.users.findById(user.id()).orElseThrow();
        assertThat(stored.passwordHash()).startsWith("$2b$04$").doesNotContain(Fixtures.PASSWORD);
        assertThat(stored.toString()).doesNotContain(stored.passwordHash());
        assertThat(user.toString()).doesNotContain(stored.passwordHash());
        assertThat(stored.id()).isEqualTo(user.id());
        assertThat(stored.email()).isEqualTo(user.email());
    }

    @Test
    void aSecondRegistrationOfTheSameEmailInAnyCaseIsADuplicate() {
        f.latchkey.register(Fixtures.guideRegistration());

        assertThatThrownBy(() -> f.latchkey.register(new Registration("Other", "TEST@Example.com", null, "password99")))
                .isInstanceOf(DuplicateEmailException.class);
    }

    @Test
    void invalidInputChangesNothingAndNamesEveryField() {
        assertThatThrownBy(() -> f.latchkey.register(new Registration(null, "bad", null, "short")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("real_name", "email", "password"));

        assertThat(f.users.findByEmail("bad")).isEmpty();
        assertThat(f.events.events()).isEmpty();
    }

    @Test
    void aKoreanPasswordAndNameWorkEndToEnd() {
        f.latchkey.register(new Registration("김철수", "kim@example.com", null, "비밀번호를안전하게지키자"));

        LoginResult login = f.latchkey.login("kim@example.com", "비밀번호를안전하게지키자", null, Fixtures.CLIENT);

        assertThat(login.account().realName()).isEqualTo("김철수");
    }

    @Test
    void registrationIsAnnounced() {
        Account user = f.latchkey.register(Fixtures.guideRegistration());

        assertThat(f.events.of(AuthEvent.Registered.class)).singleElement()
                .satisfies(e -> assertThat(e.account()).isEqualTo(user));
    }

    @Test
    void aTakenEmailCostsTheSameHashWorkAsANewOne() {
        CountingRandom random = new CountingRandom();
        Latchkey counted = Latchkey.builder().users(f.users).sessions(f.sessions)
                .keys(KeyRing.hs256(Fixtures.SECRET)).config(Fixtures.fastConfig().build())
                .random(random).build();
        counted.register(Fixtures.registration("taken@example.com"), Fixtures.CLIENT);
        long before = random.bytes.get();

        assertThatThrownBy(() -> counted.register(Fixtures.registration("TAKEN@example.com"), Fixtures.CLIENT))
                .isInstanceOf(DuplicateEmailException.class);

        assertThat(random.bytes.get() - before).as("salt bytes drawn: a bcrypt hash was made").isEqualTo(16);
    }

    @Test
    void anAddressMayRegisterItsPolicysNumberOfTimesPerWindow() {
        ClientInfo from = ClientInfo.of("198.51.100.40");
        for (int i = 0; i < 20; i++) {
            f.latchkey.register(Fixtures.registration("many" + i + "@example.com"), from);
        }
        assertThatThrownBy(() -> f.latchkey.register(Fixtures.registration("one-more@example.com"), from))
                .isInstanceOfSatisfying(ThrottledException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(1)));
        assertThat(f.users.findByEmail("one-more@example.com")).isEmpty();
        assertThat(f.events.of(AuthEvent.RegistrationThrottled.class)).hasSize(1);

        assertThat(f.latchkey.register(Fixtures.registration("one-more@example.com"), ClientInfo.of("198.51.100.41")))
                .as("another address").isNotNull();
        f.clock.advance(Duration.ofHours(1));
        assertThat(f.latchkey.register(Fixtures.registration("later@example.com"), from)).isNotNull();
    }

    @Test
    void takenEmailsCountAgainstTheAddressToo() {
        ClientInfo from = ClientInfo.of("198.51.100.42");
        f.latchkey.register(Fixtures.registration("taken@example.com"));
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> f.latchkey.register(Fixtures.registration("taken@example.com"), from))
                    .isInstanceOf(DuplicateEmailException.class);
        }
        assertThatThrownBy(() -> f.latchkey.register(Fixtures.registration("taken@example.com"), from))
                .isInstanceOf(ThrottledException.class);
    }

    @Test
    void invalidRegistrationsDoNotCountAgainstTheAddress() {
        ClientInfo from = ClientInfo.of("198.51.100.43");
        for (int i = 0; i < 30; i++) {
            assertThatThrownBy(() -> f.latchkey.register(new Registration("x", "not-an-email", null, "pw"), from))
                    .isInstanceOf(ValidationException.class);
        }
        assertThat(f.latchkey.register(Fixtures.registration("valid@example.com"), from)).isNotNull();
    }

    @Test
    void whileTheConfiguredNumberOfRegistrationsHashOneMoreWaitsThenIsThrottled() throws Exception {
        CountDownLatch hashing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        BlockingRandom random = new BlockingRandom(hashing, finish);
        Latchkey gated = Latchkey.builder().users(f.users).sessions(f.sessions)
                .keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.fastConfig().concurrentRegistrations(1).build()).random(random).listener(f.events)
                .build();
        random.block.set(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Account> first = pool.submit(() -> gated.register(
                    Fixtures.registration("first@example.com"), ClientInfo.of("198.51.100.50")));
            assertThat(hashing.await(10, TimeUnit.SECONDS)).isTrue();

            long start = System.nanoTime();
            assertThatThrownBy(() -> gated.register(Fixtures.registration("second@example.com"),
                    ClientInfo.of("198.51.100.51"))).isInstanceOf(ThrottledException.class)
                    .hasMessage(ThrottledException.BUSY_MESSAGE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it waited for a place first")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1900));

            finish.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).email()).isEqualTo("first@example.com");
            for (int i = 0; i < 19; i++) {
                gated.register(Fixtures.registration("more" + i + "@example.com"), ClientInfo.of("198.51.100.51"));
            }
            assertThat(gated.register(Fixtures.registration("second@example.com"), ClientInfo.of("198.51.100.51")))
                    .as("once the first is done; the refused attempt did not use up the address's twenty")
                    .isNotNull();
        } finally {
            finish.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aNameWithAnUnpairedSurrogateIsRefusedNotStoredMangled() {
        assertThatThrownBy(() -> f.latchkey.register(new Registration("Kim \ud800", "kim@example.com", null,
                Fixtures.PASSWORD))).isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("real_name"));
        assertThat(f.users.findByEmail("kim@example.com")).isEmpty();
    }

    /** Counts the bytes drawn, i.e. bcrypt salts (16 bytes each). */
    private static final class CountingRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        final AtomicLong bytes = new AtomicLong();

        @Override
        public void nextBytes(byte[] out) {
            bytes.addAndGet(out.length);
            super.nextBytes(out);
        }
    }

    /** Stops the first salt drawn while armed: a registration holding its hashing place. */
    private static final class BlockingRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        final AtomicBoolean block = new AtomicBoolean();
        private final transient CountDownLatch reached;
        private final transient CountDownLatch release;

        BlockingRandom(CountDownLatch reached, CountDownLatch release) {
            this.reached = reached;
            this.release = release;
        }

        @Override
        public void nextBytes(byte[] out) {
            if (block.getAndSet(false)) {
                reached.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.nextBytes(out);
        }
    }
}
