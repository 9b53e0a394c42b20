package dev.latchkey.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The OpenAPI document as the oracle of the HTTP tests: an answer is checked against the operation
 * it answers — its status must be one the operation lists, every header the document marks
 * required must be there, every documented header's value and the JSON body must match their
 * schemas (JSON Schema 2020-12 with OpenAPI 3.1's dialect, formats asserted) — and each checked
 * (operation, status) is counted, so that a suite can show it saw every one the document lists.
 */
final class OpenApiContract {

    /** The base IRI the document's schemas are resolved against (never fetched). */
    private static final String BASE = "https://latchkey.invalid/openapi.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** What a 404 to a path the document does not have is counted as. */
    static final String UNKNOWN_PATH = "404 on a path not in the document";

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** The document this module ships. */
    OpenApiContract() {
        this(new String(OpenApiDocument.bytes(), StandardCharsets.UTF_8));
    }

    /** Another text of the document (a test that breaks it on purpose). */
    OpenApiContract(String documentText) {
        try {
            document = MAPPER.readTree(documentText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder
                .schemas(Map.of(BASE, documentText))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    JsonNode document() {
        return document;
    }

    /** An answer as it came off the wire: status, headers by name (any case), body. */
    record Reply(int status, Function<String, List<String>> headers, byte[] body) {

        static Reply of(Http.Answer answer) {
            return new Reply(answer.status(), name -> answer.raw().headers().allValues(name),
                    answer.raw().body().getBytes(StandardCharsets.UTF_8));
        }

        static Reply of(RawHttp.Answer answer) {
            return new Reply(answer.status(), name -> answer.headerLines().stream()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
                    .map(line -> line.substring(name.length() + 1).strip()).toList(), answer.body());
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Checks an answer to {@code method} on a documented path (a key of the document's
     * {@code paths}, such as {@code /api/auth/sessions/{id}}), or on a path the document does not
     * have ({@code path} null: the answer must be the document's {@code NotFound}). A method the
     * path does not list must be answered with {@code MethodNotAllowed}.
     *
     * @param requestBody the JSON the request sent, or null; when the answer is a success, the
     *     document's request schema must accept it too
     * @throws AssertionError naming every deviation
     */
    void check(String method, String path, String requestBody, Reply reply) {
        String verb = method.toLowerCase(Locale.ROOT);
        JsonNode pathItem = path == null ? null : document.path("paths").get(path);
        if (path != null && pathItem == null) {
            throw new AssertionError("The document has no path " + path);
        }
        JsonNode operation = pathItem == null ? null : pathItem.get(verb);
        List<String> problems = new ArrayList<>();
        String key;
        String responsePointer;
        if (pathItem == null) {
            key = UNKNOWN_PATH;
            responsePointer = "/components/responses/NotFound";
            expectStatus(404, reply, problems);
        } else if (operation == null) {
            key = "405 " + path;
            responsePointer = "/components/responses/MethodNotAllowed";
            expectStatus(405, reply, problems);
        } else {
            key = method.toUpperCase(Locale.ROOT) + " " + path + " " + reply.status();
            responsePointer = "/paths/" + escape(path) + "/" + verb + "/responses/" + reply.status();
            if (operation.path("responses").get(Integer.toString(reply.status())) == null) {
                problems.add("the status " + reply.status() + " is not one the operation lists: "
                        + iterable(operation.path("responses").fieldNames()));
            }
        }
        if (problems.isEmpty()) {
            responsePointer = followRefs(responsePointer);
            checkHeaders(responsePointer, reply, problems);
            checkBody(verb, responsePointer, reply, problems);
            if (operation != null && reply.status() / 100 == 2 && requestBody != null
                    && operation.has("requestBody")) {
                validate("/paths/" + escape(path) + "/" + verb + "/requestBody/content/application~1json/schema",
                        parse(requestBody, "request body", problems), "request body", problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(method + " " + (path == null ? "(unknown path)" : path) + " answered "
                    + reply.status() + " " + reply.text() + "\nwhich deviates from the OpenAPI document:\n  "
                    + String.join("\n  ", problems));
        }
        seen.add(key);
    }

    /** Every (operation, status) the document lists, a 405 for each path, and the unknown path's 404. */
    Set<String> documented() {
        Set<String> all = new TreeSet<>();
        document.path("paths").properties().forEach(path -> {
            all.add("405 " + path.getKey());
            path.getValue().properties().forEach(operation -> {
                if (!operation.getKey().equals("parameters")) {
                    operation.getValue().path("responses").fieldNames().forEachRemaining(status -> all.add(
                            operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + status));
                }
            });
        });
        all.add(UNKNOWN_PATH);
        return all;
    }

    /** What {@link #check} has accepted so far, in the form of {@link #documented()}. */
    Set<String> seen() {
        return new TreeSet<>(seen);
    }

    private static void expectStatus(int status, Reply reply, List<String> problems) {
        if (reply.status() != status) {
            problems.add("expected " + status);
        }
    }

    private void checkHeaders(String responsePointer, Reply reply, List<String> problems) {
        JsonNode headers = document.at(responsePointer).path("headers");
        headers.fieldNames().forEachRemaining(name -> {
            String headerPointer = followRefs(responsePointer + "/headers/" + escape(name));
            JsonNode header = document.at(headerPointer);
            List<String> values = reply.headers().apply(name);
            if (values.isEmpty() && header.path("required").asBoolean(false)) {
                problems.add("the required header " + name + " is missing");
            }
            boolean integer = header.path("schema").path("type").asText().equals("integer");
            for (String value : values) {
                JsonNode instance = integer && value.matches("-?[0-9]{1,18}") ? LongNode.valueOf(Long.parseLong(value))
                        : TextNode.valueOf(value);
                validate(headerPointer + "/schema", instance, "header " + name, problems);
            }
        });
    }

    private void checkBody(String verb, String responsePointer, Reply reply, List<String> problems) {
        JsonNode content = document.at(responsePointer).get("content");
        if (verb.equals("head") || content == null) {
            if (reply.body().length > 0) {
                problems.add("a body where the document has none: " + reply.text());
            }
            return;
        }
        if (!content.has("application/json")) {
            problems.add("the document describes no application/json content");
            return;
        }
        String type = String.join(",", reply.headers().apply("Content-Type"));
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            problems.add("Content-Type is '" + type + "', not application/json");
            return;
        }
        JsonNode body = parse(reply.text(), "body", problems);
        if (body != null) {
            validate(responsePointer + "/content/application~1json/schema", body, "body", problems);
        }
    }

    private void validate(String schemaPointer, JsonNode instance, String what, List<String> problems) {
        if (instance == null) {
            return;
        }
        Schema schema = schemas.computeIfAbsent(schemaPointer,
                pointer -> registry.getSchema(SchemaLocation.of(BASE + "#" + pointer)));
        for (Error error : schema.validate(instance)) {
            problems.add(what + ": " + error.getInstanceLocation() + " " + error.getMessage() + " (schema "
                    + error.getSchemaLocation() + ")");
        }
    }

    private static JsonNode parse(String text, String what, List<String> problems) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            problems.add(what + " is not JSON: " + text);
            return null;
        }
    }

    /** The pointer of what a Reference Object at {@code pointer} stands for (itself if it is none). */
    private String followRefs(String pointer) {
        String at = pointer;
        for (int hops = 0; document.at(at).has("$ref"); hops++) {
            String ref = document.at(at).get("$ref").asText();
            if (!ref.startsWith("#/") || hops > 10) {
                throw new AssertionError("Unsupported or looping $ref at " + at + ": " + ref);
            }
            at = ref.substring(1);
        }
        if (document.at(at).isMissingNode()) {
            throw new AssertionError("Nothing in the document at " + at + " (from " + pointer + ")");
        }
        return at;
    }

    /** A JSON Pointer reference token (RFC 6901). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
