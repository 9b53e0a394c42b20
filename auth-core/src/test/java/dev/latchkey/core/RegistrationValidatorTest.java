package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.user.Emails;
import dev.latchkey.core.user.Registration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrationValidatorTest {

    private static Registration with(String name, String email, String phone, String password) {
        return new Registration(name, email, phone, password);
    }

    @Test
    void theGuidesRegistrationIsValid() {
        Registration valid = RegistrationValidator.validate(
                with("테스트 사용자", "test@example.com", "010-1234-5678", "testpassword123"));
        assertThat(valid.realName()).isEqualTo("테스트 사용자");
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        assertThatThrownBy(() -> RegistrationValidator.validate(with("", "nope", "call me", "short")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactly("real_name", "email", "phone_number", "password"));
    }

    @Test
    void namesEmailsAndPhonesAreTrimmedButPasswordsAreNot() {
        Registration valid = RegistrationValidator.validate(
                with("  Ada  ", " ada@example.com ", " +82 10-1234-5678 ", "  spaced password  "));

        assertThat(valid.realName()).isEqualTo("Ada");
        assertThat(valid.email()).isEqualTo("ada@example.com");
        assertThat(valid.phoneNumber()).isEqualTo("+82 10-1234-5678");
        assertThat(valid.password()).isEqualTo("  spaced password  ");
    }

    @Test
    void thePhoneNumberIsOptional() {
        assertThat(RegistrationValidator.validate(with("Ada", "a@example.com", null, "password1")).phoneNumber())
                .isNull();
        assertThat(RegistrationValidator.validate(with("Ada", "a@example.com", "  ", "password1")).phoneNumber())
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "@example.com", "a@", "a@b", "a b@example.com", "a@example..com",
        "a@-example.com", ".a@example.com", "a..b@example.com", "a@example.com\n", "a@exam_ple.com"})
    void malformedEmailsAreRefused(String email) {
        assertThat(Emails.problem(email))
                .isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"test@example.com", "first.last+tag@sub.example.co.kr", "UPPER@EXAMPLE.COM",
        "o'brien@example.ie", "x@1.2.3.example"})
    void ordinaryEmailsAreAccepted(String email) {
        assertThat(Emails.problem(email)).isEmpty();
    }

    @Test
    void overlongEmailsAndLocalPartsAreRefused() {
        String domain = "@" + "a".repeat(60) + ".example.com";
        assertThat(Emails.problem("x".repeat(65) + "@example.com")).isPresent();
        assertThat(Emails.problem("x".repeat(64) + "@example.com")).isEmpty();
        assertThat(Emails.problem("x".repeat(255 - domain.length()) + domain)).isPresent();
    }

    @Test
    void namesAreLimitedToOneHundredCharactersWithoutControlCharacters() {
        assertThat(RegistrationValidator.validate(with("가".repeat(100), "a@example.com", null, "password1")))
                .isNotNull();
        assertThatThrownBy(() -> RegistrationValidator.validate(with("가".repeat(101), "a@example.com", null,
                "password1"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> RegistrationValidator.validate(with("Ada\u0007", "a@example.com", null,
                "password1"))).isInstanceOf(ValidationException.class);
    }

    @Test
    void emailsAreComparedInLowerCase() {
        assertThat(Emails.normalise("  Test@Example.COM ")).isEqualTo("test@example.com");
    }
}
