package dev.latchkey.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    @Test
    void closingSendsTheMailsStillWaitingWithinTheGrace() {
        List<Mail> sent = new CopyOnWriteArrayList<>();
        MailSender slowish = mail -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sent.add(mail);
        };
        MailDelivery delivery = MailDelivery.builder(slowish).shutdownGrace(Duration.ofSeconds(10)).build();
        for (int i = 0; i < 30; i++) {
            delivery.send(MAIL);
        }
        delivery.close();
        assertThat(sent).as("all 30, sent before close returned").hasSize(30);
    }

    @Test
    void whatTheGraceDoesNotCoverIsGivenUpAndTheSenderIsNoLongerCalled() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch stuck = new CountDownLatch(1);
        MailSender hanging = mail -> {
            calls.incrementAndGet();
            try {
                stuck.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        MailDelivery delivery = MailDelivery.builder(hanging).shutdownGrace(Duration.ofMillis(200)).build();
        for (int i = 0; i < 10; i++) {
            delivery.send(MAIL);
        }
        long start = System.nanoTime();
        delivery.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        int atClose = calls.get();
        Thread.sleep(100);
        assertThat(calls.get()).isEqualTo(atClose).isLessThanOrEqualTo(2);
        assertThatThrownBy(() -> MailDelivery.builder(hanging).shutdownGrace(Duration.ofMinutes(6)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
