package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenPathsTest {

    private final OpenPaths open = new OpenPaths(List.of("/api/auth/*", "/api/public", "/health"));

    @Test
    void anExactPathOpensThatPathOnly() {
        assertThat(open.contain("/api/public")).isTrue();
        assertThat(open.contain("/health")).isTrue();
        assertThat(open.contain("/api/public/")).isFalse();
        assertThat(open.contain("/api/public/secret")).isFalse();
        assertThat(open.contain("/api/publicity")).isFalse();
        assertThat(open.contain("/healthz")).isFalse();
        assertThat(open.contain("/api")).isFalse();
    }

    @Test
    void aSlashStarPathOpensItsBaseAndEverythingBelowIt() {
        assertThat(open.contain("/api/auth")).isTrue();
        assertThat(open.contain("/api/auth/")).isTrue();
        assertThat(open.contain("/api/auth/login")).isTrue();
        assertThat(open.contain("/api/auth/sessions/x")).isTrue();
        assertThat(open.contain("/api/authx")).isFalse();
        assertThat(open.contain("/api/aut")).isFalse();
        assertThat(open.contain("/api/notes")).isFalse();
    }

    @Test
    void slashStarAloneOpensEverything() {
        assertThat(new OpenPaths(List.of("/*")).contain("/anything/at/all")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"health", "", "*.json", "/api/auth*", "/api/*/x", "/api/**", "/api/../auth/*", "/api;x",
        "/api//auth", "/api/%2e/x", "/api\\auth"})
    void aPathOfAnotherFormIsRefusedNamingIt(String path) {
        assertThatThrownBy(() -> new OpenPaths(List.of(path))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": " + path);
    }
}
