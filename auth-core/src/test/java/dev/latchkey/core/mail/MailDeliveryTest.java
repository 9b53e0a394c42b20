package dev.latchkey.core.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MailDeliveryTest {

    private static final Mail MAIL = new Mail("user@example.com", "Subject", "text", null);

    @Test
    void aFailedSendIsRetriedWithGrowingDelaysUntilItGoesThrough() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch delivered = new CountDownLatch(1);
        MailSender flaky = mail -> {
            times.add(System.nanoTime());
            if (attempts.incrementAndGet() < 4) {
                throw new MailSendException("connection refused");
            }
            delivered.countDown();
        };
        try (MailDelivery delivery = MailDelivery.builder(flaky).firstRetryDelay(Duration.ofMillis(20)).build()) {
            delivery.send(MAIL);

            assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(attempts).hasValue(4);
        // 20, 40 and 80 ms between the attempts: each wait at least the configured one.
        assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(times.get(3) - times.get(2)).isGreaterThanOrEqualTo(Duration.ofMillis(80).toNanos());
    }

    @Test
    void aSendThatKeepsFailingIsGivenUpAfterTheConfiguredAttempts() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch allTried = new CountDownLatch(3);
        MailSender dead = mail -> {
            attempts.incrementAndGet();
            allTried.countDown();
            throw new IllegalStateException("no route to host");
        };
        ScheduledExecutorService threads = Executors.newSingleThreadScheduledExecutor();
        try (MailDelivery delivery = MailDelivery.builder(dead).attempts(3).firstRetryDelay(Duration.ofMillis(1))
                .executor(threads).build()) {
            delivery.send(MAIL);
            assertThat(allTried.await(10, TimeUnit.SECONDS)).isTrue();
            // A fourth attempt would be due 4 ms after the third: a job due 200 ms later runs after it.
            threads.schedule(() -> { }, 200, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertThat(attempts).hasValue(3);
    }

    @Test
    void sendingReturnsBeforeTheSenderIsDone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch sent = new CountDownLatch(1);
        MailSender slow = mail -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sent.countDown();
        };
        try (MailDelivery delivery = MailDelivery.builder(slow).build()) {
            delivery.send(MAIL);
            assertThat(sent.getCount()).isEqualTo(1);
            release.countDown();
            assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
