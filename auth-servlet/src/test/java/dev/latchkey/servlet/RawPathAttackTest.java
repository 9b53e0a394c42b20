package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.ClientInfo;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.Registration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request targets that a container and a filter could read differently, sent byte for byte over a
 * plain socket to Jetty and to Tomcat, each with its default request parsing. The host's wiring is
 * the one the README shows, with more open paths: the endpoints at {@code /api/auth/*}, the filter
 * on {@code /api/*} with the open paths {@code /api/auth/*}, {@code /api/open/*} and
 * {@code /api/public}; the host's protected servlets ({@code /api/notes}, {@code /api/public/secret},
 * {@code /api/publicity}, {@code /api/openly}) answer 200 {@code {"reached": true}} to anyone who
 * gets to them, so a request that slips past the filter shows as that answer.
 *
 * <p>Every attack, with GET, with POST (a JSON body) and in absolute form, must be answered 401
 * (JSON, {@code WWW-Authenticate}), 400 or 404 — never 5xx and never the protected servlet's 200
 * (a POST that no servlet serves may get the container's own 405).
 * An ambiguous target (dot-segments, encoded separators or dots, {@code ;}, {@code //},
 * backslashes, control characters) must not even get a 401: it is refused 400, by the container
 * before any filter runs or by Latchkey with JSON, or is not found.
 */
class RawPathAttackTest {

    private static final String REACHED = "{\"reached\":true}";
    private static final String OPEN = "{\"open\":true}";
    private static final String EMAIL = "raw@example.com";
    private static final String PASSWORD = "testpassword123";
    private static final Map<ServletContainer, Target> TARGETS = new EnumMap<>(ServletContainer.class);
    private static final Map<ServletContainer, Target> IN_APP = new EnumMap<>(ServletContainer.class);

    /** A running container with a user logged in. */
    private record Target(ServletContainer.Started started, RawHttp raw, String accessToken) {
    }

    /** One request target; {@code ambiguous} when it must be refused rather than read. */
    private record Probe(String target, boolean ambiguous) {
    }

    @BeforeAll
    static void startContainers() throws Exception {
        for (ServletContainer container : ServletContainer.values()) {
            TARGETS.put(container, start(container, ""));
            IN_APP.put(container, start(container, "/app"));
        }
    }

    private static Target start(ServletContainer container, String contextPath) throws Exception {
        Latchkey latchkey = Fixtures.inMemoryLatchkey().keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.fastConfig().build()).build();
        latchkey.register(new Registration("Raw", EMAIL, null, PASSWORD));
        String access = latchkey.login(EMAIL, PASSWORD, "raw", new ClientInfo("127.0.0.1", "raw"))
                .accessToken().value();
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        servlets.put("/api/auth/*", new LatchkeyServlet(latchkey));
        servlets.put("/api/public", new Answering(OPEN));
        servlets.put("/api/open/*", new Answering(OPEN));
        for (String path : List.of("/api/notes", "/api/public/secret", "/api/publicity", "/api/openly")) {
            servlets.put(path, new Answering(REACHED));
        }
        ServletContainer.Started started = container.start(new ServletContainer.Webapp(contextPath, servlets,
                new LatchkeyFilter(latchkey, "/api/auth/*", "/api/open/*", "/api/public"), "/api/*"));
        return new Target(started, new RawHttp(started.port()), access);
    }

    @AfterAll
    static void stopContainers() {
        TARGETS.values().forEach(t -> t.started().close());
        IN_APP.values().forEach(t -> t.started().close());
    }

    private static List<Probe> probes() {
        List<Probe> probes = new ArrayList<>();
        for (String target : List.of(
                // dot-segments out of an open prefix, into a protected servlet
                "/api/auth/../notes", "/api/auth/x/../../notes", "/api/auth/./../notes", "/api/auth/login/../../notes",
                "/api/auth/../notes?x=1", "/api/auth/../notes?/api/auth/x", "/api/auth/../notes/", "/api/auth/../notes/.",
                "/api/open/../notes", "/api/open/x/../../openly", "/api/auth/../public/secret", "/api/auth/../publicity",
                "/api/public/../notes", "/api/public/./secret", "/api/public/secret/.", "/api/./notes", "/api/notes/.",
                "/api/auth/..", "/api/public/secret/..",
                // encoded dots
                "/api/auth/%2e%2e/notes", "/api/auth/%2E%2E/notes", "/api/auth/.%2e/notes", "/api/auth/%2e./notes",
                "/api/auth/%2e/../notes", "/api/open/%2e%2e/notes", "/api/%2e/notes",
                // encoded slashes and backslashes
                "/api/auth/..%2fnotes", "/api/auth/..%2Fnotes", "/api/auth%2f..%2fnotes", "/api/auth/..%5cnotes",
                "/api/auth/..%5Cnotes", "/api/public%2fsecret", "/api/notes%2f",
                // double encoding
                "/api/auth/%252e%252e/notes", "/api/auth/..%252fnotes", "/api/auth%252f..%252fnotes",
                // path parameters
                "/api/auth;x=1/../notes", "/api/notes;jsessionid=x", "/api/auth/..;/notes", "/api/auth/;/../notes",
                "/api/open;/../notes", "/api/auth/login;/../../notes", "/api/auth%3b/../notes", "/api/public;x=1",
                // raw backslashes
                "/api/auth/..\\notes", "/api/auth\\..\\notes", "/api\\notes",
                // double slashes
                "/api//notes", "//api/notes", "/api/auth/..//notes", "/api/auth//../../notes",
                // NUL, encoded and raw, and other control characters
                "/api/auth/%00/../notes", "/api/notes%00", "/api/auth%00/../notes", "/api/auth/\0/../notes",
                "/api/notes\0", "/api/auth/%0a/../notes", "/api/auth/%0d/../notes", "/api/auth/%7f/../notes",
                // a raw byte that is not ASCII
                "/api/auth/\u00e9/../notes")) {
            probes.add(new Probe(target, true));
        }
        for (String target : List.of(
                // mixed case: no servlet answers these
                "/API/notes", "/Api/auth/../notes", "/api/Auth/../notes", "/api/NOTES",
                // trailing dots and slashes
                "/api/notes/", "/api/notes.", "/api/notes..", "/api/publicity/", "/api/public./secret",
                // look-alikes of the open paths
                "/api/public/secret", "/api/publicity", "/api/openly", "/api/open.ly", "/api/authx/../notes",
                // the query string is not the path
                "/api/notes?/api/auth/x", "/api/notes?x=1", "/api/notes?x=/../auth/login")) {
            String path = target.split("\\?", 2)[0];
            probes.add(new Probe(target, path.contains("/../") || path.endsWith("/..")));
        }
        return probes;
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void noRawPathReachesAProtectedServletWithoutAToken(ServletContainer container) {
        Target t = TARGETS.get(container);
        List<String> reached = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        int sent = 0;
        for (Probe probe : probes()) {
            String absolute = "http://127.0.0.1:" + t.started().port() + probe.target();
            for (String[] request : List.of(new String[] {"GET", probe.target()}, new String[] {"POST", probe.target()},
                    new String[] {"GET", absolute})) {
                String json = request[0].equals("POST") ? "{\"note\":\"hello\"}" : null;
                RawHttp.Answer answer = t.raw().send(request[0], request[1], List.of(), json);
                sent++;
                String what = request[0] + " " + printable(request[1]) + " -> " + answer;
                String outcome = outcome(answer);
                outcomes.merge(outcome, 1, Integer::sum);
                if (answer.status() == 200 && answer.text().equals(REACHED)) {
                    reached.add(what);
                } else if (!acceptable(probe, answer, outcome)) {
                    wrong.add(what);
                }
            }
        }
        System.out.println("[latchkey] raw paths on " + container + ": " + sent + " requests (" + probes().size()
                + " targets), " + reached.size() + " reached a protected servlet; " + outcomes);

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(reached).as("requests that reached a protected servlet without a token").isEmpty();
            softly.assertThat(wrong).as("answers other than 401 JSON, 400 or 404 (an ambiguous path: 400 or 404)")
                    .isEmpty();
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void openPathsPassWithoutATokenAndProtectedOnesPassWithOne(ServletContainer container) {
        Target t = TARGETS.get(container);
        String bearer = "Authorization: Bearer " + t.accessToken();
        for (String open : List.of("/api/public", "/api/open", "/api/open/", "/api/open/x/y", "/api/open/%ED%95%9C",
                "/api/open/a%20b", "/api/open/x?y=../../notes", "/api/public?x=%2e%2e%2f")) {
            RawHttp.Answer answer = t.raw().get(open);
            assertThat(answer.status()).as(open + " " + answer).isEqualTo(200);
            assertThat(answer.text()).isEqualTo(OPEN);
        }
        assertThat(t.raw().post("/api/open/x", "{\"note\":\"hello\"}").text()).isEqualTo(OPEN);
        for (String path : List.of("/api/notes", "/api/public/secret", "/api/publicity", "/api/openly")) {
            assertNotAuthenticated(t.raw().get(path));
            assertNotAuthenticated(t.raw().post(path, "{}"));
            RawHttp.Answer allowed = t.raw().get(path, bearer);
            assertThat(allowed.status()).as(path + " " + allowed).isEqualTo(200);
            assertThat(allowed.text()).isEqualTo(REACHED);
        }
        assertThat(t.raw().get("/api/notes?x=../..%2f;", bearer).text()).as("the query is not the path").isEqualTo(REACHED);
        assertThat(t.raw().get("http://127.0.0.1:" + t.started().port() + "/api/notes", bearer).text()).isEqualTo(REACHED);
        assertNotAuthenticated(t.raw().get("http://127.0.0.1:" + t.started().port() + "/api/notes"));
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void ambiguousPathsAreRefusedEvenWithAValidToken(ServletContainer container) {
        Target t = TARGETS.get(container);
        String bearer = "Authorization: Bearer " + t.accessToken();
        for (String path : List.of("/api/notes;jsessionid=x", "/api/./notes", "/api/x/../notes", "/api/notes/.",
                "/api/public;x=1", "/api/open/x/..", "/api/open/%2e%2e/x")) {
            RawHttp.Answer answer = t.raw().get(path, bearer);
            assertThat(answer.status()).as(path + " " + answer).isIn(400, 404);
            assertThat(answer.text()).as(path).isNotIn(REACHED, OPEN);
        }
        RawHttp.Answer refused = t.raw().get("/api/notes;jsessionid=x", bearer);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(isLatchkeyJson(refused)).as(refused.toString()).isTrue();
        assertThat(refused.json().get("detail").asText()).startsWith("Ambiguous request path");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void underAContextPathTheOpenPathsAreStillRelativeToIt(ServletContainer container) {
        Target t = IN_APP.get(container);
        assertThat(t.raw().get("/app/api/public").text()).isEqualTo(OPEN);
        assertThat(t.raw().get("/app/api/notes", "Authorization: Bearer " + t.accessToken()).text()).isEqualTo(REACHED);
        assertNotAuthenticated(t.raw().get("/app/api/notes"));
        for (String target : List.of("/app/api/auth/../notes", "/app/api/open/%2e%2e/notes", "/app/api/auth/..;/notes",
                "/x/../app/api/notes", "/app/./api/notes", "/app;x=1/api/notes", "/app/api/public/../notes",
                "/app//api/notes", "/app/api/auth%2f..%2fnotes", "/api/auth/../../app/api/notes")) {
            for (String method : List.of("GET", "POST")) {
                RawHttp.Answer answer = t.raw().send(method, target, List.of(), method.equals("POST") ? "{}" : null);
                assertThat(answer.text()).as(method + " " + target).isNotEqualTo(REACHED);
                assertThat(answer.status()).as(method + " " + target + " " + answer).isIn(400, 404, 405);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void theEndpointsAnswerOverRawSockets(ServletContainer container) {
        RawHttp raw = TARGETS.get(container).raw();

        RawHttp.Answer registered = raw.post("/api/auth/register",
                "{\"real_name\":\"New\",\"email\":\"new@example.com\",\"password\":\"testpassword123\"}");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.header("X-Content-Type-Options")).contains("nosniff");
        RawHttp.Answer login = raw.post("/api/auth/login", "{\"email\":\"new@example.com\",\"password\":\"testpassword123\"}");
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(login.header("Cache-Control")).contains("no-store");
        String access = login.json().get("access_token").asText();
        String bearer = "Authorization: Bearer " + access;

        RawHttp.Answer me = raw.get("/api/auth/me", bearer);
        assertThat(me.json().get("email").asText()).isEqualTo("new@example.com");
        assertThat(raw.post("/api/auth/refresh", "{\"refresh_token\":\"" + login.json().get("refresh_token").asText()
                + "\"}").status()).isEqualTo(200);
        RawHttp.Answer wrongMethod = raw.get("/api/auth/login");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).contains("POST");
        assertThat(isLatchkeyJson(wrongMethod)).isTrue();
        RawHttp.Answer unknown = raw.get("/api/auth/nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(isLatchkeyJson(unknown)).isTrue();
        assertNotAuthenticated(raw.get("/api/auth/me"));

        assertThat(raw.send("POST", "/api/auth/logout", List.of(bearer), null).status()).isEqualTo(200);
        RawHttp.Answer afterLogout = raw.get("/api/notes", bearer);
        assertThat(afterLogout.status()).isEqualTo(401);
        assertThat(afterLogout.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        assertThat(isLatchkeyJson(afterLogout)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void traceAndTrackAreRefusedAndEchoNoHeaderBack(ServletContainer container) {
        Target t = TARGETS.get(container);
        for (String method : List.of("TRACE", "TRACK")) {
            for (String path : List.of("/api/notes", "/api/public", "/api/open/x", "/api/auth/login", "/api/auth/../notes")) {
                RawHttp.Answer answer = t.raw().send(method, path,
                        List.of("Authorization: Bearer " + t.accessToken(), "X-Echo-Probe: echo-me"), null);
                String what = method + " " + path + " " + answer;
                assertThat(answer.status()).as(what).isEqualTo(405);
                assertThat(answer.text()).as(what).doesNotContain(t.accessToken()).doesNotContain("echo-me");
                // Tomcat refuses TRACE itself (its connector's allowTrace is false by default), before any filter.
                boolean containerRefusesFirst = container == ServletContainer.TOMCAT && method.equals("TRACE");
                assertThat(isLatchkeyJson(answer)).as(what).isEqualTo(!containerRefusesFirst);
            }
        }
    }

    private static void assertNotAuthenticated(RawHttp.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(isLatchkeyJson(answer)).as(answer.toString()).isTrue();
        assertThat(answer.header("WWW-Authenticate")).contains("Bearer realm=\"latchkey\"");
        assertThat(answer.json().get("detail").asText()).isEqualTo("Not authenticated");
    }

    /** Where an answer came from, for the summary: Latchkey's JSON, or the container's own page. */
    private static String outcome(RawHttp.Answer answer) {
        JsonNode json = answer.json();
        boolean latchkey = json != null && json.has("detail");
        return answer.status() + (latchkey ? " latchkey" : answer.text().equals(REACHED) ? " reached"
                : answer.text().equals(OPEN) ? " open" : " container");
    }

    private static boolean acceptable(Probe probe, RawHttp.Answer answer, String outcome) {
        return switch (answer.status()) {
            case 400 -> !outcome.endsWith("latchkey") || isLatchkeyJson(answer);
            case 401 -> !probe.ambiguous() && isLatchkeyJson(answer)
                    && answer.header("WWW-Authenticate").orElse("").startsWith("Bearer realm=\"latchkey\"");
            case 404 -> true;
            // Jetty's own answer to a POST that no servlet serves (a path the filter is not mapped to).
            case 405 -> !outcome.endsWith("latchkey");
            default -> false;
        };
    }

    private static boolean isLatchkeyJson(RawHttp.Answer answer) {
        JsonNode json = answer.json();
        return json != null && json.path("detail").isTextual()
                && answer.header("Cache-Control").orElse("").equals("no-store")
                && answer.header("X-Content-Type-Options").orElse("").equals("nosniff");
    }

    private static String printable(String target) {
        return target.replace("\0", "<NUL>").replace("\u00e9", "<E9>");
    }

    /** A host servlet that answers GET and POST with a fixed body, whoever asks. */
    private static final class Answering extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String body;

        Answering(String body) {
            this.body = body;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getWriter().write(body);
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            doGet(request, response);
        }
    }
}
