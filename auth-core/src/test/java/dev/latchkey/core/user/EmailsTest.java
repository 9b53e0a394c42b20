package dev.latchkey.core.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailsTest {

    @ParameterizedTest
    @ValueSource(strings = {"test@example.com", "a.b+c@sub.example.co.kr", "x_y@e-x.org"})
    void ordinaryAddressesAreAccepted(String email) {
        assertThat(Emails.problem(email)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "a@b", "a@@example.com", ".a@example.com", "a b@example.com"})
    void othersAreRefusedWithAMessage(String email) {
        assertThat(Emails.problem(email)).isPresent();
    }

    @Test
    void theLocalPartAndTheWholeAreBounded() {
        String domain = "@example.com";
        assertThat(Emails.problem("x".repeat(64) + domain)).isEmpty();
        assertThat(Emails.problem("x".repeat(65) + domain)).isPresent();
        assertThat(Emails.problem("x".repeat(Emails.MAX_LENGTH + 1 - domain.length()) + domain)).isPresent();
        assertThat(Emails.problem(null)).contains("Email is required");
    }

    @Test
    void emailsAreComparedTrimmedAndInLowerCase() {
        assertThat(Emails.normalise("  Test@Example.COM ")).isEqualTo("test@example.com");
        assertThat(Emails.normalise(null)).isEmpty();
    }
}
