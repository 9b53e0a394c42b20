package dev.latchkey.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.latchkey.core.ClientInfo;
import dev.latchkey.core.FieldError;
import dev.latchkey.core.InvalidCredentialsException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LoginResult;
import dev.latchkey.core.ThrottledException;
import dev.latchkey.core.ValidationException;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.Registration;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Input that only PostgreSQL objects to — NUL, unpaired surrogates, its own case folding — reaches
 * Latchkey on PostgreSQL: it is refused or cleaned before the database sees it, never a store error,
 * never stored differently from what was answered.
 */
@ExtendWith(TestPostgres.class)
class PostgresInputTest {

    private static final String SCHEMA = "latchkey_jdbi_input";
    private static PostgresStorage storage;
    private Latchkey latchkey;

    @BeforeAll
    static void createSchema() {
        storage = TestPostgres.freshStorage(SCHEMA);
    }

    @BeforeEach
    void emptyTables() {
        TestPostgres.truncate(SCHEMA);
        latchkey = Latchkey.builder().users(storage.users()).sessions(storage.sessions())
                .throttle(storage.loginThrottle()).keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.fastConfig().build()).build();
        latchkey.register(Fixtures.registration("iris@example.com"));
    }

    @Test
    void anEmailWithNulOrAnUnpairedSurrogateIsAFailedLoginNotAStoreError() {
        for (String email : List.of("iris@example.com\u0000", "ir\u0000is@example.com", "iris\ud800@example.com")) {
            assertThat(catchThrowable(() -> latchkey.login(email, Fixtures.PASSWORD, null, Fixtures.CLIENT)))
                    .as(email).isInstanceOf(InvalidCredentialsException.class);
        }
    }

    @Test
    void aNameOrDeviceNameWithAnUnpairedSurrogateIsRefusedNotStoredAsQuestionMarks() {
        assertThatThrownBy(() -> latchkey.register(new Registration("Kim \ud800", "kim@example.com", null,
                Fixtures.PASSWORD))).isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("real_name"));
        assertThat(storage.users().findByEmail("kim@example.com")).isEmpty();

        assertThatThrownBy(() -> latchkey.login("iris@example.com", Fixtures.PASSWORD, "Galaxy \udc00",
                Fixtures.CLIENT)).isInstanceOf(ValidationException.class);
        int sessions = storage.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM refresh_tokens")
                .mapTo(Integer.class).one());
        assertThat(sessions).isZero();
    }

    @Test
    void whatIsStoredIsWhatWasAnswered() {
        String name = "김철수 \ud83d\ude00";
        assertThat(latchkey.register(new Registration(name, "kim@example.com", null, Fixtures.PASSWORD)).realName())
                .isEqualTo(name);
        LoginResult login = latchkey.login("kim@example.com", Fixtures.PASSWORD, "갤럭시 S24 \ud83d\udcf1",
                new ClientInfo("203.0.113.7", "Mozilla\u0000/5.0 \ud800"));

        assertThat(storage.users().findByEmail("kim@example.com").orElseThrow().realName()).isEqualTo(name);
        var stored = storage.sessions().findById(login.session().id()).orElseThrow();
        assertThat(stored.deviceName()).isEqualTo("갤럭시 S24 \ud83d\udcf1").isEqualTo(login.session().deviceName());
        assertThat(stored.userAgent()).isEqualTo("Mozilla\ufffd/5.0 \ufffd").isEqualTo(login.session().userAgent());
    }

    @Test
    void aSpellingOnlyPostgresqlFoldsOntoAnAccountIsNotThatAccount() {
        // PostgreSQL's lower() folds "İ" (U+0130) to "i", so the store alone would match this to iris@.
        assertThat(storage.users().findByEmail("\u0130ris@example.com")).isPresent();

        assertThat(catchThrowable(() -> latchkey.login("\u0130ris@example.com", Fixtures.PASSWORD, null,
                Fixtures.CLIENT))).as("the right password under that spelling")
                .isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void guessesUnderSuchASpellingTellNothingAboutWhetherTheAccountExists() {
        // Five wrong guesses under the folded spelling, then one under the plain one: were they the
        // account's, the sixth would be refused for the known account and not for an unknown one.
        for (String account : List.of("iris", "irene")) {
            ClientInfo from = ClientInfo.of(account.equals("iris") ? "198.51.100.1" : "198.51.100.2");
            for (int i = 0; i < 5; i++) {
                assertThat(catchThrowable(() -> latchkey.login(account.replace('i', '\u0130') + "@example.com",
                        "wrong-password", null, from))).isInstanceOf(InvalidCredentialsException.class);
            }
            assertThat(catchThrowable(() -> latchkey.login(account + "@example.com", "wrong-password", null, from)))
                    .as(account).isInstanceOf(InvalidCredentialsException.class);
        }
    }

    @Test
    void everySpellingThatIsTheAccountSharesItsCount() {
        List<String> spellings = List.of("iris@example.com", "IRIS@example.com", " Iris@Example.COM ");
        int evaluated = 0;
        for (int round = 0; round < 4; round++) {
            for (String spelling : spellings) {
                Throwable outcome = catchThrowable(() -> latchkey.login(spelling, "wrong-password", null,
                        Fixtures.CLIENT));
                if (outcome instanceof InvalidCredentialsException) {
                    evaluated++;
                } else {
                    assertThat(outcome).isInstanceOf(ThrottledException.class);
                }
            }
        }
        assertThat(evaluated).isEqualTo(5);
    }
}
