package dev.latchkey.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: for requests that an HTTP client would
 * refuse to send or would normalise (TRACE, {@code OPTIONS *}, unknown methods, a bad request line),
 * and for a client that must use a chosen loopback address.
 */
final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    /** What came back: the status line's code (0 when none came), the header fields in order, and the body. */
    record Answer(int status, List<String[]> headers, byte[] body, boolean timedOut) {

        Optional<String> header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
        }

        List<String> all(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON; throws if it is not JSON. */
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        boolean isJson() {
            return header("Content-Type").map(t -> t.toLowerCase(Locale.ROOT).startsWith("application/json"))
                    .orElse(false);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder().append(status);
            headers.forEach(h -> out.append(" | ").append(h[0]).append(": ").append(h[1]));
            return out.append(" | body ").append(text()).toString();
        }
    }

    /** Sends {@code request} from {@code from} to 127.0.0.1:{@code port} and reads until the server closes. */
    static Answer exchange(InetAddress from, int port, String request, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return read(socket.getInputStream(), System.nanoTime() + timeout.toNanos());
        }
    }

    /** Sends {@code request} from 127.0.0.1. */
    static Answer exchange(int port, String request) throws IOException {
        return exchange(InetAddress.getLoopbackAddress(), port, request, Duration.ofSeconds(10));
    }

    private static Answer read(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean timedOut = false;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            timedOut = true;
        } catch (IOException e) {
            // A reset after the answer: keep what arrived.
            if (received.size() == 0) {
                throw e;
            }
        }
        return parse(received.toByteArray(), timedOut);
    }

    static Answer parse(byte[] raw, boolean timedOut) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            return new Answer(0, List.of(), raw, timedOut);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip()});
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        boolean chunked = headers.stream()
                .anyMatch(h -> h[0].equalsIgnoreCase("Transfer-Encoding") && h[1].equalsIgnoreCase("chunked"));
        return new Answer(status, List.copyOf(headers), chunked ? dechunk(body) : body, timedOut);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (at < text.length()) {
            int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, Math.min(size, body.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
