package dev.latchkey.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RevocationListTest {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");
    private final RevocationList list = new RevocationList(Duration.ofMinutes(31));

    @Test
    void anEndedSessionIsRevokedWhateverTheTokensIssueTime() {
        SessionId session = SessionId.random();
        list.sessionEnded(session, T);

        assertThat(list.isRevoked(session, UserId.random(), T.minusSeconds(60), 0)).isTrue();
        assertThat(list.isRevoked(session, UserId.random(), T.plusSeconds(60), 0)).isTrue();
        assertThat(list.isRevoked(SessionId.random(), UserId.random(), T, 0)).isFalse();
    }

    @Test
    void aUserCutoffRevokesTokensIssuedBeforeItsSecondOnly() {
        UserId user = UserId.random();
        list.tokensRevokedBefore(user, T.plusMillis(500));

        assertThat(list.isRevoked(SessionId.random(), user, T.minusSeconds(1), 0)).isTrue();
        assertThat(list.isRevoked(SessionId.random(), user, T, 0)).isFalse();
        assertThat(list.isRevoked(SessionId.random(), UserId.random(), T.minusSeconds(1), 0)).isFalse();
    }

    @Test
    void aLaterCutoffWinsOverAnEarlierOneWhateverTheOrderTheyArrive() {
        UserId user = UserId.random();
        list.tokensRevokedBefore(user, T.plusSeconds(10));
        list.tokensRevokedBefore(user, T);

        assertThat(list.isRevoked(SessionId.random(), user, T.plusSeconds(5), 0)).isTrue();
    }

    @Test
    void entriesAreDroppedOnceNoUnexpiredTokenCanNeedThem() {
        SessionId session = SessionId.random();
        list.sessionEnded(session, T);
        list.tokensRevokedBefore(UserId.random(), T);

        list.purge(T.plus(Duration.ofMinutes(31)));
        assertThat(list.size()).isEqualTo(2);

        list.purge(T.plus(Duration.ofMinutes(31)).plusSeconds(1));
        assertThat(list.size()).isZero();
    }

    @Test
    void theRetentionMustBePositive() {
        assertThatThrownBy(() -> new RevocationList(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
