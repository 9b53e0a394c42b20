package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The reader's languages for mail, from Accept-Language, with nothing made up for a header that names none. */
class AcceptLanguageTest {

    @Test
    void theNamedLanguagesComeBestFirst() {
        assertThat(LatchkeyServlet.languages(withHeader("ko-KR,ko;q=0.9,en;q=0.5")))
                .extracting(Locale::getLanguage).containsExactly("ko", "ko", "en");
        assertThat(LatchkeyServlet.languages(withHeader("en;q=0.2, fr-FR, de;q=0.8")))
                .extracting(Locale::getLanguage).containsSubsequence("fr", "de", "en").doesNotContain("ko");
    }

    @Test
    void aMissingWildcardRefusedOrMalformedHeaderNamesNoLanguage() {
        assertThat(LatchkeyServlet.languages(withHeader(null))).isEmpty();
        assertThat(LatchkeyServlet.languages(withHeader("*"))).isEmpty();
        assertThat(LatchkeyServlet.languages(withHeader("xx;q=abc"))).isEmpty();
        assertThat(LatchkeyServlet.languages(withHeader("en;q=0"))).isEmpty();
        assertThat(LatchkeyServlet.languages(withHeader("x".repeat(7000)))).isEmpty();
    }

    private static HttpServletRequest withHeader(String value) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeader") && "Accept-Language".equalsIgnoreCase((String) args[0])) {
                        return value;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
