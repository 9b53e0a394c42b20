package dev.latchkey.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the guide does with curl, over java.net.http, against a server on this machine. */
final class HttpJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    HttpJson(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Reply(int status, JsonNode json, HttpResponse<String> raw) {
        String text(String field) {
            return json.get(field).asText();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** {@code path} is sent as it is, so that odd paths reach the server unchanged. */
    Reply call(String method, String path, String jsonBody, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        boolean isJson = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        JsonNode json = isJson && !response.body().isEmpty() ? JSON.readTree(response.body()) : null;
        return new Reply(response.statusCode(), json, response);
    }

    Reply post(String path, String jsonBody) throws Exception {
        return call("POST", path, jsonBody, null);
    }

    Reply post(String path, String jsonBody, String bearer) throws Exception {
        return call("POST", path, jsonBody, bearer);
    }

    Reply get(String path, String bearer) throws Exception {
        return call("GET", path, null, bearer);
    }

    /** Registers a user and logs in; the login's reply. */
    Reply registerAndLogin(String authBase, String email) throws Exception {
        Reply registered = post(authBase + "/register", "{\"real_name\": \"테스트 사용자\", \"email\": \"" + email
                + "\", \"phone_number\": \"010-1234-5678\", \"password\": \"testpassword123\"}");
        if (registered.status() != 201) {
            throw new AssertionError("register " + email + ": " + registered.status() + " " + registered.raw().body());
        }
        return login(authBase, email);
    }

    Reply login(String authBase, String email) throws Exception {
        Reply login = post(authBase + "/login", "{\"email\": \"" + email + "\", \"password\": \"testpassword123\"}");
        if (login.status() != 200) {
            throw new AssertionError("login " + email + ": " + login.status() + " " + login.raw().body());
        }
        return login;
    }
}
