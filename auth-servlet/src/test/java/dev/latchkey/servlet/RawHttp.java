package dev.latchkey.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client would send as they are: the request
 * line goes out byte for byte (dot-segments, encodings, NUL, backslashes, absolute form), one
 * request per connection ({@code Connection: close}), and the answer is read to the end.
 */
final class RawHttp {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int TIMEOUT_MILLIS = 10_000;

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** An answer as it came off the wire. */
    record Answer(int status, List<String> headerLines, byte[] body) {

        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).strip()).findFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON when the answer says it is JSON, else null. */
        JsonNode json() {
            if (!header("Content-Type").orElse("").startsWith("application/json") || body.length == 0) {
                return null;
            }
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + headerLines + " " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
        }
    }

    /**
     * Sends {@code method target HTTP/1.1} with a Host header, the given header lines, and a body
     * (with its Content-Length) when not null.
     */
    Answer send(String method, String target, List<String> headers, String jsonBody) {
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        if (jsonBody != null) {
            head.append("Content-Type: application/json\r\n");
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        // ISO-8859-1 maps each char of the request line to the one byte it stands for (a raw NUL too).
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return exchange(request);
    }

    Answer get(String target, String... headers) {
        return send("GET", target, List.of(headers), null);
    }

    Answer post(String target, String json, String... headers) {
        return send("POST", target, List.of(headers), json);
    }

    private Answer exchange(byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return parse(readToEnd(socket.getInputStream()));
        } catch (IOException e) {
            throw new AssertionError("Raw HTTP exchange failed: "
                    + new String(request, StandardCharsets.ISO_8859_1).lines().findFirst().orElse(""), e);
        }
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // A server that answers and closes at once may reset the connection: keep what arrived.
            if (bytes.size() == 0) {
                throw reset;
            }
        }
        return bytes.toByteArray();
    }

    /** Parses an answer read off a socket to its end. */
    static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            throw new AssertionError("Not an HTTP/1.1 answer: " + text);
        }
        List<String> lines = new ArrayList<>(text.substring(0, end).lines().toList());
        int status = Integer.parseInt(lines.remove(0).substring(9, 12));
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        Answer answer = new Answer(status, lines, body);
        if (answer.header("Transfer-Encoding").orElse("").equalsIgnoreCase("chunked")) {
            return new Answer(status, lines, dechunk(body));
        }
        return answer;
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrlf(chunked, at);
            String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("Truncated chunked body");
    }
}
