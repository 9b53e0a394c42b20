package dev.latchkey.core;

/**
 * What text every store can keep exactly. PostgreSQL refuses U+0000 in text and turns unpaired
 * UTF-16 surrogates into {@code ?}; neither is ever valid input, so Latchkey refuses or replaces
 * them before any string reaches a store, whichever store it is. Code that writes to a store
 * around Latchkey (an import) applies the same rule.
 */
public final class StorableText {

    private static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** Whether every character can be stored and read back unchanged: no NUL, no unpaired surrogate (true for null). */
    public static boolean isStorable(String text) {
        return text == null || firstUnstorable(text) < 0;
    }

    /**
     * The text with each NUL and unpaired surrogate replaced by U+FFFD, for text recorded as it
     * came (a User-Agent header); null for null.
     */
    public static String replaceUnstorable(String text) {
        if (text == null || firstUnstorable(text) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == '\0' || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }

    private static int firstUnstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
