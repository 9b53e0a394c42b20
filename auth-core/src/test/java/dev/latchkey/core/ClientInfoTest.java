package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientInfoTest {

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::1",
        "::ffff:192.0.2.1", "fe80:0:0:0:200:f8ff:fe21:67cf"})
    void ipLiteralsAreAccepted(String ip) {
        assertThat(new ClientInfo(ip, null).ipAddress()).isEqualTo(ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "unknown", "localhost", "example.com", "1.2.3", "256.1.1.1", "01.2.3.4",
        "1.2.3.4, 5.6.7.8", "1:2", ":::", "2001:db8::1/64", "1.2.3.4 "})
    void anythingElseIsRefused(String ip) {
        assertThatThrownBy(() -> new ClientInfo(ip, null)).isInstanceOf(IllegalArgumentException.class);
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
