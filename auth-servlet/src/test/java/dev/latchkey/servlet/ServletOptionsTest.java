package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.token.SigningAlgorithm;
import dev.latchkey.core.token.TokenKey;
import dev.latchkey.core.user.Registration;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The servlet layer's options, each on a server of its own. */
class ServletOptionsTest {

    private static Latchkey latchkey(KeyRing keys, UnaryOperator<dev.latchkey.core.LatchkeyConfig.Builder> config) {
        Latchkey latchkey = Fixtures.inMemoryLatchkey().keys(keys)
                .config(config.apply(Fixtures.fastConfig()).build()).build();
        latchkey.register(new Registration("Ada", "ada@example.com", null, "testpassword123"));
        return latchkey;
    }

    private static JsonNode login(Http http, String... headers) {
        return http.postJson("/api/auth/login", "{\"email\":\"ada@example.com\",\"password\":\"testpassword123\"}",
                headers).json();
    }

    @Test
    void behindATrustedProxyTheForwardedClientAddressIsRecorded() throws Exception {
        Latchkey latchkey = latchkey(KeyRing.hs256(Fixtures.SECRET), b -> b);
        LatchkeyServlet servlet = LatchkeyServlet.builder(latchkey).trustedProxies("127.0.0.0/8", "10.0.0.0/8").build();
        try (TestServer server = new TestServer(latchkey, servlet)) {
            Http http = new Http(server.base());

            JsonNode viaTwoProxies = login(http, "X-Forwarded-For", "203.0.113.50, 198.51.100.7, 10.1.2.3");
            JsonNode viaForwarded = login(http, "Forwarded", "for=\"[2001:db8::17]:4711\";proto=https, for=10.0.0.1");
            JsonNode spoofed = login(http, "X-Forwarded-For", "not-an-address");

            JsonNode sessions = http.get("/api/auth/sessions", spoofed.get("access_token").asText()).json();
            assertThat(sessions).extracting(s -> s.get("ip_address").asText())
                    .containsExactly("127.0.0.1", "2001:db8::17", "198.51.100.7");
            assertThat(viaTwoProxies.get("access_token")).isNotNull();
            assertThat(viaForwarded.get("access_token")).isNotNull();
        }
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressIsRefusedAtConfiguration() {
        Latchkey latchkey = latchkey(KeyRing.hs256(Fixtures.SECRET), b -> b);
        assertThatThrownBy(() -> LatchkeyServlet.builder(latchkey).trustedProxies("proxy.internal"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> LatchkeyServlet.builder(latchkey).trustedProxies("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trustedProxiesCanBeCheckedBeforeAnyLatchkeyExists() {
        LatchkeyServlet.checkTrustedProxies("10.0.0.0/8", "192.0.2.7", "2001:db8::/32");
        assertThatThrownBy(() -> LatchkeyServlet.checkTrustedProxies("10.0.0.0/8", "proxy.internal"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> LatchkeyServlet.checkTrustedProxies("192.0.2.7/40"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("192.0.2.7/40");
    }

    @Test
    void withEs256TheJwkSetVerifiesTheAccessTokensWithAnyJwtLibrary() throws Exception {
        TokenKey key = TokenKey.generate(SigningAlgorithm.ES256, "es-2026", new SecureRandom());
        Latchkey latchkey = latchkey(KeyRing.of(key), b -> b);
        try (TestServer server = new TestServer(latchkey, new LatchkeyServlet(latchkey))) {
            Http http = new Http(server.base());
            String access = login(http).get("access_token").asText();

            Http.Answer jwks = http.get("/.well-known/jwks.json", null);

            assertThat(jwks.status()).isEqualTo(200);
            assertThat(jwks.header("Cache-Control")).contains("public, max-age=300");
            JWKSet set = JWKSet.parse(jwks.raw().body());
            ECKey published = (ECKey) set.getKeyByKeyId("es-2026");
            assertThat(published.isPrivate()).isFalse();
            assertThat(SignedJWT.parse(access).verify(new ECDSAVerifier(published))).isTrue();
            assertThat(http.get("/api/notes", access).status()).isEqualTo(200);
        }
    }

    @Test
    void withRotationTheRefreshAnswerCarriesTheNextRefreshToken() throws Exception {
        Latchkey latchkey = latchkey(KeyRing.hs256(Fixtures.SECRET), b -> b.refreshTokenRotation(true));
        try (TestServer server = new TestServer(latchkey, new LatchkeyServlet(latchkey))) {
            Http http = new Http(server.base());
            String first = login(http).get("refresh_token").asText();

            Http.Answer refreshed = http.postJson("/api/auth/refresh", "{\"refresh_token\":\"" + first + "\"}");

            assertThat(refreshed.status()).isEqualTo(200);
            String second = refreshed.json().get("refresh_token").asText();
            assertThat(second).isNotEqualTo(first);
            assertThat(http.postJson("/api/auth/refresh", "{\"refresh_token\":\"" + second + "\"}").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aSmallerBodyLimitIsHonoured() throws Exception {
        Latchkey latchkey = latchkey(KeyRing.hs256(Fixtures.SECRET), b -> b);
        LatchkeyServlet servlet = LatchkeyServlet.builder(latchkey).maxBodyBytes(1024).build();
        try (TestServer server = new TestServer(latchkey, servlet)) {
            Http http = new Http(server.base());
            assertThat(http.postJson("/api/auth/login", "{\"email\":\"" + "a".repeat(2000) + "\"}").status())
                    .isEqualTo(413);
        }
    }

    @Test
    void aWebXmlStyleSetUpFindsLatchkeyInTheServletContext() throws Exception {
        Latchkey latchkey = latchkey(KeyRing.hs256(Fixtures.SECRET), b -> b);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.setAttribute(LatchkeyFilter.LATCHKEY_ATTRIBUTE, latchkey);
        context.addServlet(new ServletHolder(LatchkeyServlet.class), "/api/auth/*");
        context.addServlet(new ServletHolder(new TestServer.NotesServlet()), "/api/notes");
        context.addServlet(new ServletHolder(new TestServer.HelloServlet()), "/public/hello");
        FilterHolder filter = new FilterHolder(LatchkeyFilter.class);
        filter.setInitParameter("open-paths", "/api/auth/*, /public/hello");
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        try {
            Http http = new Http(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app/"));
            String access = http.postJson("api/auth/login",
                    "{\"email\":\"ada@example.com\",\"password\":\"testpassword123\"}").json().get("access_token").asText();

            assertThat(http.get("api/notes", access).status()).isEqualTo(200);
            assertThat(http.get("api/notes", null).status()).isEqualTo(401);
            Http.Answer open = http.get("public/hello", null);
            assertThat(open.status()).as(open.raw().body()).isEqualTo(200);
            assertThat(open.json().get("authenticated").asBoolean()).isFalse();
        } finally {
            server.stop();
        }
    }

    @Test
    void openPathsMustBeAbsolute() {
        Latchkey latchkey = latchkey(KeyRing.hs256(Fixtures.SECRET), b -> b);
        assertThatThrownBy(() -> new LatchkeyFilter(latchkey, "health")).isInstanceOf(IllegalArgumentException.class);
    }
}
