package dev.latchkey.core.token;

import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.InvalidTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The first step of verification, syntax and encoding: a token is at most
 * {@link AccessTokenVerifier#MAX_TOKEN_LENGTH} characters of the unpadded base64url alphabet (RFC
 * 7515 §2) in three segments, and its signature segment has the one encoding of its bytes.
 *
 * @param headerText the first segment, as sent
 * @param payloadText the second segment, as sent
 * @param signature the third segment, as sent
 * @param signingInput the bytes the signature covers: header, dot, payload
 */
record CompactJws(String headerText, String payloadText, String signature, byte[] signingInput) {

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    /** Each byte's value as a base64url digit, or -1 for a byte outside the alphabet. */
    private static final int[] BASE64URL_DIGIT = new int[256];

    static {
        Arrays.fill(BASE64URL_DIGIT, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64URL_DIGIT[alphabet.charAt(i)] = i;
        }
    }

    /**
     * Splits a token.
     *
     * @throws InvalidTokenException {@link Reason#MALFORMED} for anything but a compact JWS in canonical unpadded base64url
     */
    static CompactJws parse(String token) {
        if (token == null || token.isEmpty() || token.length() > AccessTokenVerifier.MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        // Characters beyond Latin-1 become '?', which the alphabet refuses below.
        byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);
        int dots = 0;
        for (byte b : bytes) {
            if (b == '.') {
                dots++;
            } else if (BASE64URL_DIGIT[b & 0xFF] < 0) {
                throw new InvalidTokenException(Reason.MALFORMED);
            }
        }
        int headerEnd = token.indexOf('.');
        int payloadEnd = token.lastIndexOf('.');
        if (dots != 2 || !canonicalEnd(bytes, payloadEnd + 1)) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        return new CompactJws(token.substring(0, headerEnd), token.substring(headerEnd + 1, payloadEnd),
                token.substring(payloadEnd + 1), Arrays.copyOf(bytes, payloadEnd));
    }

    /**
     * The text of a base64url segment (the JDK's decoder: strict, and several times faster than
     * nimbus').
     *
     * @throws IllegalArgumentException if the segment does not decode
     */
    static String decode(String segment) {
        return new String(BASE64URL.decode(segment), StandardCharsets.UTF_8);
    }

    /**
     * Whether the segment from {@code start} to the end has the one encoding of its bytes: a
     * decoder ignores the unused low bits of the last character, so without this check the
     * signature could be written four or sixteen ways and a token would have several texts.
     */
    private static boolean canonicalEnd(byte[] bytes, int start) {
        int length = bytes.length - start;
        if (length == 0) {
            return true;
        }
        int last = BASE64URL_DIGIT[bytes[bytes.length - 1]];
        return switch (length % 4) {
            case 0 -> true;
            case 2 -> (last & 0x0F) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> false;
        };
    }
}
