package dev.latchkey.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** What the guide does with curl, over java.net.http. */
final class Client {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final List<Long> latenciesMicros;

    Client(URI base) {
        this(base, null);
    }

    /** A client that adds the time of every call, in microseconds, to {@code latenciesMicros}. */
    Client(URI base, List<Long> latenciesMicros) {
        this.base = base;
        this.latenciesMicros = latenciesMicros;
    }

    record Reply(int status, JsonNode json, HttpResponse<String> raw) {
        String text(String field) {
            return json.get(field).asText();
        }
    }

    Reply call(String method, String path, String jsonBody, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (latenciesMicros != null) {
            latenciesMicros.add((System.nanoTime() - start) / 1000);
        }
        boolean isJson = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        JsonNode json = isJson && !response.body().isEmpty() ? JSON.readTree(response.body()) : null;
        return new Reply(response.statusCode(), json, response);
    }

    Reply post(String path, String jsonBody) throws Exception {
        return call("POST", path, jsonBody, null);
    }

    Reply get(String path, String bearer) throws Exception {
        return call("GET", path, null, bearer);
    }

    /** The session id ({@code sid}) an access token carries, read without verifying it. */
    static String sessionOf(String accessToken) throws java.io.IOException {
        return claimsOf(accessToken).get("sid").asText();
    }

    /** The claims an access token carries, read without verifying it. */
    static JsonNode claimsOf(String accessToken) throws java.io.IOException {
        return JSON.readTree(java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
    }
}
