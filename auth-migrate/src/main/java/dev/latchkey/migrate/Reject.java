package dev.latchkey.migrate;

/**
 * A legacy row that was not imported, as the reject file lists it. Never holds a password hash or
 * a token.
 *
 * @param table {@code users} or {@code refresh_tokens}
 * @param id the row's id as the source holds it
 * @param email the user's email as the source holds it (null for sessions)
 * @param reason the reason, one word such as {@code duplicate_email}
 * @param detail what exactly is wrong
 */
record Reject(String table, String id, String email, String reason, String detail) {

    /** The reject-file line: one JSON object. */
    String toJson() {
        StringBuilder out = new StringBuilder(128);
        out.append("{\"table\":");
        string(out, table);
        out.append(",\"id\":");
        string(out, id);
        out.append(",\"email\":");
        string(out, email);
        out.append(",\"reason\":");
        string(out, reason);
        out.append(",\"detail\":");
        string(out, detail);
        return out.append('}').toString();
    }

    /** A JSON string (RFC 8259), or null; unpaired surrogates are escaped so the line stays valid UTF-8. */
    static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1));
                    if (pairedHigh) {
                        out.append(c).append(value.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
