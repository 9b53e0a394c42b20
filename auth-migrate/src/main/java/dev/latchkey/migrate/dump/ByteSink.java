package dev.latchkey.migrate.dump;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with a hard size limit and strict UTF-8 decoding. */
final class ByteSink {

    private final int max;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buf = new byte[256];
    private int size;

    ByteSink(int max) {
        this.max = max;
    }

    int size() {
        return size;
    }

    int max() {
        return max;
    }

    void reset() {
        size = 0;
        if (buf.length > 1 << 20) {
            buf = new byte[256];
        }
    }

    /** @return {@code false} if the limit is reached and the byte was not added */
    boolean add(int b) {
        if (size == buf.length) {
            if (size >= max) {
                return false;
            }
            buf = Arrays.copyOf(buf, (int) Math.min(max, Math.max(256L, 2L * size)));
        }
        buf[size++] = (byte) b;
        return true;
    }

    byte get(int i) {
        return buf[i];
    }

    void set(int i, int b) {
        buf[i] = (byte) b;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }

    /** @return the bytes as text, or {@code null} if they are not valid UTF-8 */
    String decodeUtf8() {
        boolean ascii = true;
        for (int i = 0; i < size; i++) {
            if (buf[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(buf, 0, size, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(buf, 0, size));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
