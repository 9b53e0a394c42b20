package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientInfoTest {

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "0.0.0.0", "255.255.255.255", "9.99.100.249", "10.0.0.1", "::1", "2001:db8::1",
        "::ffff:192.0.2.1", "fe80:0:0:0:200:f8ff:fe21:67cf"})
    void ipLiteralsAreAccepted(String ip) {
        assertThat(new ClientInfo(ip, null).ipAddress()).isEqualTo(ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "unknown", "localhost", "example.com", "1.2.3", "256.1.1.1", "01.2.3.4",
        "1.2.3.4, 5.6.7.8", "1:2", ":::", "2001:db8::1/64", "1.2.3.4 ",
        "1.2.3.4.", ".1.2.3", "1..2.3", "1.2.3.4567", "1.2.3.04", "00.1.1.1", "1.2.3.\u0663", "1.2.3.-1", "1.2.3.+4",
        "999.1.1.1", "1.2.3.256", "1.2.3.4\n", "１.2.3.4"})
    void anythingElseIsRefused(String ip) {
        assertThatThrownBy(() -> new ClientInfo(ip, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dottedQuadsAreJudgedAsTheirGrammarSays() {
        // 0 to 255 without leading zeros, four times: the grammar the check implements by hand.
        java.util.regex.Pattern grammar = java.util.regex.Pattern.compile(
                "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
        java.util.Random random = new java.util.Random(20261207);
        String alphabet = "0123456789.....2515";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(17); length > 0; length--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = text.toString();
            assertThat(ClientInfo.isIpLiteral(candidate)).as(candidate).isEqualTo(grammar.matcher(candidate).matches());
        }
    }

    @Test
    void aMissingAddressIsRefused() {
        assertThatThrownBy(() -> ClientInfo.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOverlongUserAgentIsCutNotRefused() {
        ClientInfo client = new ClientInfo("203.0.113.7", "x".repeat(10_000));
        assertThat(client.userAgent()).hasSize(ClientInfo.MAX_USER_AGENT_LENGTH);
    }

    @Test
    void aUserAgentKeepsNoCharacterAStoreCannotHold() {
        assertThat(new ClientInfo("203.0.113.7", "Mozilla\u0000/5.0 \ud800x").userAgent())
                .isEqualTo("Mozilla\ufffd/5.0 \ufffdx");
        String cutInsidePair = "x".repeat(ClientInfo.MAX_USER_AGENT_LENGTH - 1) + "\ud83d\ude00";
        assertThat(new ClientInfo("203.0.113.7", cutInsidePair).userAgent())
                .hasSize(ClientInfo.MAX_USER_AGENT_LENGTH).endsWith("x\ufffd");
        assertThat(new ClientInfo("203.0.113.7", "갤럭시 \ud83d\ude00").userAgent()).isEqualTo("갤럭시 \ud83d\ude00");
    }
}
