package dev.latchkey.servlet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.FieldError;
import dev.latchkey.core.ValidationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Strict JSON in and out: bodies only as {@code application/json} within a size limit, duplicate
 * keys refused, nesting bounded, unknown fields ignored, every wrong type reported per field.
 */
final class Json {

    private static final int MAX_NESTING = 32;

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    private Json() {
    }

    /** A new empty object to write a response into. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A new empty array. */
    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /**
     * The most of a refused body read and dropped before the 413 (as Tomcat's
     * {@code maxSwallowSize} does); a longer one is answered at once and its connection closed.
     */
    static final long DROPPED_BODY_LIMIT = 1024 * 1024;

    /**
     * The request's JSON object body.
     *
     * @param required whether a missing body is an error (else an empty object stands for it)
     * @throws HttpProblem 413, 415 or 400 as the body deserves; 400 or 408 when it stops arriving
     */

    static Body read(HttpServletRequest request, int maxBytes, boolean required) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            if (declared <= DROPPED_BODY_LIMIT && !expectsContinue(request)) {
                drop(request.getInputStream(), declared);
            }
            throw HttpProblem.bodyUnread(413, "Request body is larger than " + maxBytes + " bytes");
        }
        boolean mayHaveBody = declared > 0 || (declared < 0 && request.getHeader("Transfer-Encoding") != null);
        if (!mayHaveBody && !required) {
            return new Body(object());
        }
        if (!isJson(request.getContentType())) {
            throw HttpProblem.bodyUnread(415, "Content-Type must be application/json");
        }
        byte[] bytes = declared >= 0
                ? readDeclared(request.getInputStream(), (int) declared)
                : readAtMost(request.getInputStream(), maxBytes);
        if (bytes.length == 0) {
            if (required) {
                throw new HttpProblem(400, "A JSON body is required");
            }
            return new Body(object());
        }
        String text = strictUtf8(bytes, "The request body is not valid UTF-8");
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new HttpProblem(400, "Malformed JSON body");
        }
        if (root == null || !root.isObject()) {
            throw new HttpProblem(400, "The JSON body must be an object");
        }
        return new Body((ObjectNode) root);
    }

    /**
     * Writes a JSON answer that must not be cached (RFC 6749 §5.1 for tokens; every answer here)
     * nor be read by a browser as anything but JSON ({@code nosniff}).
     */
    static void write(HttpServletResponse response, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            return false;
        }
        String lower = contentType.toLowerCase(Locale.ROOT);
        int charset = lower.indexOf("charset=");
        if (charset < 0) {
            return true;
        }
        String value = lower.substring(charset + 8).split(";", 2)[0].strip().replace("\"", "");
        return value.equals("utf-8") || value.equals("utf8");
    }

    /**
     * The text of UTF-8 bytes, strictly: an overlong form ("\xC1\xA1" for "a") or an encoded
     * surrogate is refused, not read as the character a byte-matching proxy in front would not have seen.
     *
     * @throws HttpProblem 400 with {@code detail} when the bytes are not UTF-8
     */
    static String strictUtf8(byte[] bytes, String detail) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new HttpProblem(400, detail);
        }
    }

    /** The client stopped sending, or too slowly for the container's bounds: its fault, not ours. */
    private static HttpProblem unreadable(IOException e) {
        return timedOut(e)
                ? HttpProblem.bodyUnread(408, "The request body did not arrive in time")
                : HttpProblem.bodyUnread(400, "The request body ended before it was complete");
    }

    /** A body of a known length, read into one array of that length. */
    private static byte[] readDeclared(InputStream in, int length) {
        byte[] bytes = new byte[length];
        int read;
        try {
            read = in.readNBytes(bytes, 0, length);
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (read < length) {
            throw HttpProblem.bodyUnread(400, "The request body ended before it was complete");
        }
        return bytes;
    }

    /** A body of unknown length (chunked), up to one byte more than allowed to tell it is too long. */
    private static byte[] readAtMost(InputStream in, int maxBytes) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (bytes.length > maxBytes) {
            drop(in, DROPPED_BODY_LIMIT);
            throw HttpProblem.bodyUnread(413, "Request body is larger than " + maxBytes + " bytes");
        }
        return bytes;
    }

    /**
     * Reads and forgets up to {@code limit} bytes of a refused body, so that a client that sends
     * its whole body before reading (most do, without {@code Expect: 100-continue}) reads the answer
     * instead of a connection reset. What does not arrive in time stays unread.
     */
    private static void drop(InputStream in, long limit) {
        try {
            byte[] buffer = new byte[8192];
            for (long left = limit; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException e) {
            // The connection ends anyway (the answer says so).
        }
    }

    private static boolean expectsContinue(HttpServletRequest request) {
        String expect = request.getHeader("Expect");
        return expect != null && expect.toLowerCase(Locale.ROOT).contains("100-continue");
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** A parsed JSON object body, read field by field with per-field errors. */
    static final class Body {
        private final ObjectNode root;
        private final List<FieldError> errors = new ArrayList<>();

        Body(ObjectNode root) {
            this.root = root;
        }

        /** A string field; null when absent or JSON null. A value of another type is an error. */
        String string(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                errors.add(new FieldError(field, "Must be a string"));
                return null;
            }
            return node.textValue();
        }

        /** A string field that must be present. */
        String requiredString(String field) {
            boolean present = root.hasNonNull(field);
            String value = string(field);
            if (!present) {
                errors.add(new FieldError(field, "Field required"));
            }
            return value;
        }

        /** An array-of-strings field that must be present; its items that are not strings are errors. */
        List<String> requiredStrings(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                errors.add(new FieldError(field, "Field required"));
                return List.of();
            }
            if (!node.isArray()) {
                errors.add(new FieldError(field, "Must be an array of strings"));
                return List.of();
            }
            List<String> values = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isTextual()) {
                    values.add(node.get(i).textValue());
                } else {
                    errors.add(new FieldError(field + "[" + i + "]", "Must be a string"));
                }
            }
            return values;
        }

        /**
         * Throws the collected type errors, if any.
         *
         * @throws ValidationException listing every field of the wrong type or missing
         */
        void requireValid() {
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
        }
    }
}
