package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.user.Registration;
import dev.latchkey.core.user.User;
import org.junit.jupiter.api.Test;

class RegistrationTest {

    private final LatchkeyFixture f = new LatchkeyFixture();

    @Test
    void theGuidesRegistrationCreatesAnActiveUserWithAHashedPassword() {
        User user = f.latchkey.register(Fixtures.guideRegistration());

        assertThat(user.realName()).isEqualTo("테스트 사용자");
        assertThat(user.email()).isEqualTo("test@example.com");
        assertThat(user.phoneNumber()).isEqualTo("010-1234-5678");
        assertThat(user.active()).isTrue();
        assertThat(user.createdAt()).isEqualTo(f.clock.instant());
        assertThat(user.passwordHash()).startsWith("$2b$04$").doesNotContain(Fixtures.PASSWORD);
        assertThat(user.toString()).doesNotContain(user.passwordHash());
        assertThat(f.users.findById(user.id())).contains(user);
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

        assertThat(login.user().realName()).isEqualTo("김철수");
    }

    @Test
    void registrationIsAnnounced() {
        User user = f.latchkey.register(Fixtures.guideRegistration());

        assertThat(f.events.of(AuthEvent.Registered.class)).singleElement()
                .satisfies(e -> assertThat(e.user()).isEqualTo(user));
    }
}
