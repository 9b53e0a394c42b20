package dev.latchkey.core;

import java.util.UUID;

/**
 * Strict UUID parsing in one pass: exactly 36 characters, dashes at 8, 13, 18 and 23, hex digits
 * elsewhere. ({@link UUID#fromString} accepts forms such as {@code 1-1-1-1-1}; this runs on every
 * access token verified for the first time, so it also avoids a regex and a second parse.)
 */
final class Uuids {

    private Uuids() {
    }

    static UUID parse(String text, String what) {
        if (text == null || text.length() != 36) {
            throw invalid(what);
        }
        long msb = 0;
        long lsb = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    throw invalid(what);
                }
                continue;
            }
            int value = Character.digit(c, 16);
            if (value < 0 || c > 'f') {
                throw invalid(what);
            }
            if (digits < 16) {
                msb = (msb << 4) | value;
            } else {
                lsb = (lsb << 4) | value;
            }
            digits++;
        }
        return new UUID(msb, lsb);
    }

    private static IllegalArgumentException invalid(String what) {
        return new IllegalArgumentException("Not a valid " + what + ": expected a UUID");
    }
}
