package dev.latchkey.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document of the endpoints this module serves ({@link LatchkeyServlet} at its
 * default mount {@code /api/auth/*}, and {@link JwksServlet}): every operation, every status it
 * can answer, the request and response schemas, the error body and the Bearer scheme. It is
 * shipped in this jar at {@value #RESOURCE}, for a host to serve (the example app answers it at
 * {@code GET /openapi.json}) or to hand to client generators and validators.
 */
public final class OpenApiDocument {

    /** Where the document lies on the class path: UTF-8 JSON. */
    public static final String RESOURCE = "dev/latchkey/servlet/openapi.json";

    private OpenApiDocument() {
    }

    /**
     * Reads the document from the jar, anew on each call.
     *
     * @return the document's bytes, UTF-8 JSON
     * @throws UncheckedIOException if the jar cannot be read
     */
    public static byte[] bytes() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The class path has no " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + RESOURCE, e);
        }
    }
}
