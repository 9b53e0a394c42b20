package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The firewall's rules one by one, on the strings a container hands over. */
class RequestFirewallTest {

    /** A request whose raw URI decodes to {@code decoded}, served by a servlet mapped at {@code /api/*}. */
    private static Optional<HttpProblem> get(String rawUri, String decoded) {
        return RequestFirewall.inspect("GET", rawUri, "/api", decoded.substring("/api".length()));
    }

    private static Optional<HttpProblem> get(String rawUri) {
        return get(rawUri, "/api/notes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/notes", "/api/auth/login", "/api/open/%ED%95%9C", "/api/open/a%20b", "/api/notes/",
        "/api/v1.2/notes", "/api/notes.json", "/api/...", "/api/.well-known", "/api/a..b", "/api/%41%7E", "/api/-_~!$&'()*+,=:@"})
    void ordinaryPathsPass(String uri) {
        assertThat(get(uri)).as(uri).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/auth/../notes", "/api/./notes", "/api/notes/.", "/api/notes/..", "/..", "/.",
        "/api/auth/x/../../notes", "../api/notes"})
    void dotSegmentsAreRefused(String uri) {
        assertThat(get(uri)).as(uri).hasValueSatisfying(p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.getMessage()).isEqualTo("Ambiguous request path: '.' and '..' segments may not be sent");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/auth/%2e%2e/notes", "/api/auth/%2E%2E/notes", "/api/auth/.%2e/notes", "/api/%2e/notes",
        "/api/auth/..%2fnotes", "/api/auth%2F..%2Fnotes", "/api/auth/..%5cnotes", "/api/auth/..%5Cnotes",
        "/api/auth/%252e%252e/notes", "/api/auth%3b/../notes", "/api/auth%3B/notes", "/api/notes%00", "/api/notes%0a",
        "/api/notes%0D", "/api/notes%1f", "/api/notes%7F", "/api/notes%7f"})
    void encodedSeparatorsDotsPercentsSemicolonsAndControlsAreRefused(String uri) {
        assertThat(get(uri)).as(uri).hasValueSatisfying(p -> assertThat(p.status()).isEqualTo(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/notes%", "/api/notes%2", "/api/notes%zz", "/api/notes%g0"})
    void aBrokenEscapeIsRefused(String uri) {
        assertThat(get(uri)).as(uri).hasValueSatisfying(p -> assertThat(p.getMessage()).contains("two hexadecimal digits"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/notes;jsessionid=x", "/api/auth;x=1/../notes", "/api/auth/..;/notes", "/api;/notes",
        "/api/notes\\x", "/api\\notes", "/api//notes", "//api/notes", "/api/notes//"})
    void semicolonsBackslashesAndDoubleSlashesAreRefused(String uri) {
        assertThat(get(uri)).as(uri).hasValueSatisfying(p -> assertThat(p.status()).isEqualTo(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/notes\0", "/api/no\ttes", "/api/notes\u007f", "/api/no tes", "/api/n\u00e9tes",
        "/api/\uD55C", "/api/notes\n"})
    void aRawCharacterThatIsNotPrintableAsciiIsRefused(String uri) {
        assertThat(get(uri)).as(uri).hasValueSatisfying(p -> assertThat(p.getMessage()).contains("printable ASCII"));
    }

    @Test
    void theDecodedPathIsCheckedToo() {
        // What a container could hand over after decoding a URI that passed the raw rules.
        assertThat(get("/api/x", "/api/../notes")).isPresent();
        assertThat(get("/api/x", "/api/a;b")).isPresent();
        assertThat(get("/api/x", "/api/a\\b")).isPresent();
        assertThat(get("/api/x", "/api//b")).isPresent();
        assertThat(get("/api/x", "/api/%2e")).isPresent();
        assertThat(get("/api/x", "/api/a\u0000b")).isPresent();
        assertThat(get("/api/x", "/api/a\u0085b")).isPresent();
        assertThat(get("/api/x", "/api/a\u2028b")).isPresent();
        assertThat(get("/api/x", "/api/a\u2029b")).isPresent();
        assertThat(get("/api/%ED%95%9C", "/api/\uD55C")).as("decoded Unicode is fine").isEmpty();
        assertThat(RequestFirewall.inspect("GET", "/api", "/api", null)).isEmpty();
        assertThat(RequestFirewall.inspect("GET", "/", "", "/")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRACE", "TRACK", "trace", "Track"})
    void traceAndTrackAre405(String method) {
        assertThat(RequestFirewall.inspect(method, "/api/notes", "/api/notes", null)).hasValueSatisfying(p -> {
            assertThat(p.status()).isEqualTo(405);
            assertThat(p.getMessage()).isEqualTo("Method not allowed");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    void otherMethodsPass(String method) {
        assertThat(RequestFirewall.inspect(method, "/api/notes", "/api/notes", null)).isEmpty();
    }

    @Test
    void openPathsAreCheckedWithTheDecodedRules() {
        assertThat(RequestFirewall.admits("/api/auth/")).isTrue();
        assertThat(RequestFirewall.admits("/건강")).isTrue();
        assertThat(RequestFirewall.admits("/api/../auth/")).isFalse();
        assertThat(RequestFirewall.admits("/api;x/")).isFalse();
        assertThat(RequestFirewall.admits("/api//auth")).isFalse();
        assertThat(RequestFirewall.admits("/api/%2e")).isFalse();
    }
}
