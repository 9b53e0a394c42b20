package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.token.KeyRing;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document itself: a valid OpenAPI 3.1 document, self-contained, describing exactly
 * the routes {@link LatchkeyServlet} serves (what each route answers is the contract suites' part,
 * {@link AbstractOpenApiContractTest}), and servable as a host would serve it.
 */
class OpenApiDocumentTest {

    private static final String MOUNT = "/api/auth";
    private final String text = new String(OpenApiDocument.bytes(), StandardCharsets.UTF_8);
    private final JsonNode document = new OpenApiContract(text).document();

    @Test
    void itIsAValidOpenApi31DocumentForSwaggerParser() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);

        assertThat(result.getMessages()).as("parser messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsKey("bearerAuth");
    }

    @Test
    void everyReferenceResolvesInsideTheDocumentAndOperationIdsAreUnique() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).as("a reference inside the document").startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
        Map<String, Integer> ids = new HashMap<>();
        document.path("paths").forEach(item -> item.forEach(operation -> {
            if (operation.has("operationId")) {
                ids.merge(operation.get("operationId").asText(), 1, Integer::sum);
            }
        }));
        assertThat(ids.values()).as("operationIds " + ids.keySet()).allMatch(count -> count == 1);
    }

    @Test
    void theDocumentHasExactlyTheServletsRoutesWithTheirMethods() {
        Map<String, Set<String>> served = new TreeMap<>();
        LatchkeyServlet.ROUTES.forEach((path, method) -> served.put(MOUNT + path,
                method.equals("GET") ? Set.of("get", "head") : Set.of(method.toLowerCase(Locale.ROOT))));
        served.put("/.well-known/jwks.json", Set.of("get"));
        LatchkeyAdminServlet.ROUTES.forEach((path, methods) -> served.put("/api/admin" + path, methods.stream()
                .flatMap(m -> m.equals("GET") ? Stream.of("get", "head") : Stream.of(m.toLowerCase(Locale.ROOT)))
                .collect(Collectors.toSet())));

        Map<String, Set<String>> documented = new TreeMap<>();
        document.path("paths").properties().forEach(path -> {
            Set<String> methods = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(methods::add);
            methods.remove("parameters");
            documented.put(path.getKey(), methods);
        });

        assertThat(documented).isEqualTo(served);
    }

    @Test
    void theAccessorReadsTheResourceOnTheClassPath() throws Exception {
        try (var in = getClass().getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
            assertThat(in).isNotNull();
            assertThat(OpenApiDocument.bytes()).isEqualTo(in.readAllBytes());
        }
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void behindAFilterOnEveryPathTheDocumentIsServedAsAnOpenPath() throws Exception {
        Latchkey latchkey = Fixtures.inMemoryLatchkey().keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.fastConfig().build()).build();
        try (ServletContainer.Started started = ServletContainer.JETTY.start(new ServletContainer.Webapp("",
                Map.of("/openapi.json", new DocumentServlet(), "/api/notes", new TestServer.NotesServlet()),
                new LatchkeyFilter(latchkey, "/api/auth/*", "/openapi.json"), "/*"))) {
            Http http = new Http(started.base());

            Http.Answer document = http.get("/openapi.json", null);

            assertThat(document.status()).isEqualTo(200);
            assertThat(document.raw().body()).isEqualTo(text);
            assertThat(http.get("/api/notes", null).status()).as("everything else still needs a token").isEqualTo(401);
        }
    }

    /** What a host writes to serve the document (auth-servlet's README). */
    private static final class DocumentServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getOutputStream().write(OpenApiDocument.bytes());
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }
}
